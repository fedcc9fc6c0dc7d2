import { useStore } from '../store/store';

/** Opens a file of the opened folder (at a line): its name shown, its whole path on hover. */
export function FileLink({ path, line, label }: { readonly path: string; readonly line?: number; readonly label?: string }) {
  const navigate = useStore((s) => s.navigate);
  return (
    <button
      type="button"
      className="link"
      title={line === undefined ? path : `${path}:${line}`}
      onClick={() => navigate(line === undefined ? { view: 'file', path } : { view: 'file', path, line }, { byUser: true })}
    >
      {label ?? path.slice(path.lastIndexOf('/') + 1)}
    </button>
  );
}
