import { useStore } from '../../store/store';
import { useFile } from '../../lib/hostData';

const TRACEBACK = /File "([^"]+)", line (\d+)/;

/** An error log's text, wrapped; each traceback line that names a verify-folder file links to that line. */
export function ErrorLogText({ text, verifyFiles }: { readonly text: string; readonly verifyFiles: readonly string[] }) {
  const navigate = useStore((s) => s.navigate);
  if (text === '') return <p className="muted">Empty error log: the verifier reported no error.</p>;
  const lines = text.split(/\r\n|\r|\n/);
  return (
    <pre className="error-log" aria-label="verifier error log">
      {lines.map((line, i) => {
        const match = TRACEBACK.exec(line);
        const name = match?.[1]?.split(/[\\/]/).pop();
        const target = name ? verifyFiles.find((candidate) => candidate.split('/').pop() === name) : undefined;
        if (!match || !target) return <div key={i}>{line || '\u00a0'}</div>;
        return (
          <div key={i}>
            <button
              type="button"
              className="link"
              onClick={() => navigate({ view: 'file', path: target, line: Number(match[2]) }, { byUser: true })}
              title={`open ${target} at line ${match[2]}`}
            >
              {line}
            </button>
          </div>
        );
      })}
    </pre>
  );
}

interface ErrorLogProps {
  readonly path: string | null;
  /** Text of the error when it comes from verification_results.jsonl rather than a file. */
  readonly text?: string | undefined;
  /** Files of the attempt's verify folder(s), to link traceback lines to. */
  readonly verifyFiles: readonly string[];
}

/** The verifier's error log, read from its file (or as verification_results.jsonl gives it). */
export function ErrorLog({ path, text, verifyFiles }: ErrorLogProps) {
  const file = useFile(path);
  const content = path ? (file?.status === 'ready' ? file.slice.text : file?.status === 'error' ? file.error.message : 'Loading…') : (text ?? '');
  return <ErrorLogText text={content} verifyFiles={verifyFiles} />;
}
