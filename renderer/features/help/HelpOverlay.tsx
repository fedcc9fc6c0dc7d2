import { useStore } from '../../store/store';

const KEYS: ReadonlyArray<readonly [string, string]> = [
  ['j / k', 'next / previous step'],
  ['] / [', 'next / previous attempt of this task'],
  ['d', 'diff this attempt with the previous one'],
  ['/', 'find in all files'],
  ['e / E', 'next / previous error (timeline)'],
  ['a', 'autopsy: what failed and why'],
  ['f', 'follow the newest step of a live run'],
  ['t', 'filter the tree'],
  ['?', 'this help'],
  ['Esc', 'close'],
];

export function HelpOverlay() {
  const setHelpOpen = useStore((s) => s.setHelpOpen);
  return (
    <div className="overlay" role="dialog" aria-label="keyboard shortcuts" aria-modal="true" onClick={() => setHelpOpen(false)}>
      <div className="overlay-card" onClick={(event) => event.stopPropagation()}>
        <h2>Keyboard</h2>
        <table>
          <tbody>
            {KEYS.map(([key, what]) => (
              <tr key={key}>
                <td>
                  <kbd>{key}</kbd>
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
