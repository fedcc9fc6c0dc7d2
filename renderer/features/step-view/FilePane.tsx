import { Notice } from '../../components/Badges';
import { CodeView } from '../../editor/CodeView';
import { useFile } from '../../store/useFile';

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

interface FilePaneProps {
  readonly title: string;
  readonly path: string | null;
  readonly language: string;
  readonly line?: number | undefined;
}

/** One file in a read-only editor, with what a user must know: missing, empty, binary, cut. */
export function FilePane({ title, path, language, line }: FilePaneProps) {
  const file = useFile(path);
  let body: React.ReactNode;
  let detail = '';
  if (!path) body = <p className="pane-empty">No {title} file for this step.</p>;
  else if (!file || file.status === 'loading') body = <p className="pane-empty">Loading…</p>;
  else if (file.status === 'error') body = <Notice kind="error">{file.error.message}</Notice>;
  else {
    const { slice } = file;
    detail = size(slice.size);
    if (slice.isBinary) body = <Notice kind="info">Binary file ({size(slice.size)}): not shown.</Notice>;
    else
      body = (
        <>
          {slice.size === 0 && <Notice kind="info">Empty file (0 bytes): the agent wrote nothing here.</Notice>}
          {slice.isCut && <Notice kind="warning">Showing the first {size(slice.length)} of {size(slice.size)}: the rest is not loaded.</Notice>}
          {slice.hadInvalidBytes && <Notice kind="warning">Invalid UTF-8 bytes are shown as �.</Notice>}
          {slice.size > 0 && <CodeView text={slice.text} language={language} label={title} line={line} />}
        </>
      );
  }
  return (
    <section className="pane" aria-label={`${title} pane`}>
      <header className="pane-header">
        <span className="pane-title">{title}</span>
        <span className="muted">{detail}</span>
        {path && (
          <span className="pane-path muted" title={path}>
            {path.split('/').pop()}
          </span>
        )}
      </header>
      <div className="pane-body">{body}</div>
    </section>
  );
}
