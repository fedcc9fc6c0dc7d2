import { KEYMAP } from '../../lib/keymap';
import { useStore } from '../../store/store';

export function HelpOverlay() {
  const setHelpOpen = useStore((s) => s.setHelpOpen);
  return (
    <div className="overlay" role="dialog" aria-label="keyboard shortcuts" aria-modal="true" onClick={() => setHelpOpen(false)}>
      <div className="overlay-card" onClick={(event) => event.stopPropagation()}>
        <h2>Keyboard</h2>
        <table>
          <tbody>
            {KEYMAP.map(({ shown, what }) => (
              <tr key={shown}>
                <td>
                  <kbd>{shown}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">Every view has an address: copy the URL to come back to it.</p>
        <button type="button" onClick={() => setHelpOpen(false)}>
          Close
        </button>
      </div>
    </div>
  );
}
