import type { ReactNode } from 'react';
import type { FileSlice } from '../../../shared/model/liveIndex';
import { ImagePreview } from '../../components/ImagePreview';
import { Notice } from '../../components/Badges';
import { CopyButton } from '../../components/CopyButton';
import { CodeView } from '../../editor/lazy';
import { useFile } from '../../lib/hostData';
import { bytesText } from '../../../shared/analysis/format';

interface FilePaneProps {
  readonly title: string;
  readonly path: string | null;
  /** Monaco's language id, or how to tell it from the text (an answer's code fence). */
  readonly language: string | ((text: string) => string);
  readonly line?: number | undefined;
  /** Buttons of the pane (maximise, hide) after the copy buttons. */
  readonly actions?: ReactNode;
  /** The text shown some other way than in the editor (an error log with its links). */
  readonly render?: (slice: FileSlice) => ReactNode;
}

/** Names of images a run draws (charts): shown, their bytes deciding the format. */
export const IMAGE_NAME = /\.(png|jpe?g|gif|webp)$/i;

/** One file in a read-only editor, with what a user must know: missing, empty, binary, cut; its path and text one click from the clipboard. */
export function FilePane({ title, path, language, line, actions, render }: FilePaneProps) {
  const file = useFile(path);
  const slice = file?.status === 'ready' ? file.slice : null;
  let notice: ReactNode;
  let detail = '';
  if (!path) notice = <p className="pane-empty">No {title} file for this step.</p>;
  // A link out of the folder, a FIFO, a device: not an error of the run's, a file TraceLens does not read.
  else if (file?.status === 'error') notice = <Notice kind={file.error.message.endsWith(': not read') ? 'info' : 'error'}>{file.error.message}</Notice>;
  else if (slice?.isBinary && path && IMAGE_NAME.test(path)) notice = <ImagePreview path={path} />;
  else if (slice?.isBinary) notice = <Notice kind="info">Binary file ({bytesText(slice.size)}): not shown.</Notice>;
  else {
    detail = slice ? bytesText(slice.size) : 'loading…';
    notice = (
      <>
        {slice?.size === 0 && <Notice kind="info">Empty file (0 bytes): the agent wrote nothing here.</Notice>}
        {slice?.isCut && (
          <Notice kind="warning">
            Showing the first {bytesText(slice.length)} of {bytesText(slice.size)}: the rest is not loaded.
          </Notice>
        )}
        {slice?.hadInvalidBytes && <Notice kind="warning">Invalid UTF-8 bytes are shown as �.</Notice>}
      </>
    );
  }
  const isText = Boolean(path) && file?.status !== 'error' && !slice?.isBinary;
  const text = slice && isText ? slice.text : null;
  // The editor is made once and kept, hidden when there is no text to show: following a live run
  // moves from step to step, and a new Monaco editor per move costs more than the move. While the
  // next file loads, the last one stays (dimmed) rather than flashing empty.
  const body = (
    <>
      {notice}
      {render && slice && isText ? (
        render(slice)
      ) : (
        <CodeView
          text={text}
          language={typeof language === 'string' ? language : language(text ?? '')}
          label={title}
          line={line}
          isHidden={!isText || slice?.size === 0}
          isStale={isText && !slice}
        />
      )}
    </>
  );
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
        <span className="spacer" />
        {path && <CopyButton icon="file" label="path" what={`${title} path`} text={() => path} />}
        {path && (
          <CopyButton
            icon="copy"
            label="text"
            what={`${title} text`}
            text={() => text}
            disabled={text === null}
            title={
              slice?.isCut ? `copy the first ${bytesText(slice.length)} (what is loaded; the file holds ${bytesText(slice.size)})` : `copy the text of ${title}`
            }
          />
        )}
        {actions}
      </header>
      <div className="pane-body">{body}</div>
    </section>
  );
}
