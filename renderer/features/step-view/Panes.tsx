import { type ReactNode, useEffect, useState } from 'react';
import type { FileSlice } from '../../../shared/model/liveIndex';
import { useFile } from '../../lib/hostData';
import { FilePane } from './FilePane';

export interface PaneSpec {
  readonly key: string;
  readonly title: string;
  readonly path: string | null;
  readonly language: string | ((text: string) => string);
  /** Shown some other way than in the editor (an error log, wrapped, with its links). */
  readonly render?: (slice: FileSlice) => ReactNode;
}

/**
 * A step's files side by side. A file that is not there or is empty is a narrow strip, not a
 * column; any pane can be hidden to a strip, or maximised over the others (Escape restores); a
 * strip opens its pane when pressed.
 */
export function Panes({ specs }: { readonly specs: readonly PaneSpec[] }) {
  const [maximized, setMaximized] = useState<string | null>(null);
  /** The user's choice per pane: shown (true) or hidden (false); unset follows the file. */
  const [choice, setChoice] = useState<Readonly<Record<string, boolean>>>({});
  const current = specs.some((spec) => spec.key === maximized) ? maximized : null;
  useEffect(() => {
    if (current === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) setMaximized(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current]);
  return (
    <div className="panes">
      {specs.map((spec) => (
        <Pane
          key={spec.key}
          spec={spec}
          choice={choice[spec.key]}
          maximized={current}
          onShow={(isShown) => {
            setMaximized(null);
            setChoice({ ...choice, [spec.key]: isShown });
          }}
          onMaximize={(isMaximized) => setMaximized(isMaximized ? spec.key : null)}
        />
      ))}
    </div>
  );
}

function Pane({
  spec,
  choice,
  maximized,
  onShow,
  onMaximize,
}: {
  readonly spec: PaneSpec;
  readonly choice: boolean | undefined;
  readonly maximized: string | null;
  readonly onShow: (isShown: boolean) => void;
  readonly onMaximize: (isMaximized: boolean) => void;
}) {
  const file = useFile(spec.path);
  const why = spec.path === null ? 'none' : file?.status === 'ready' && file.slice.size === 0 ? 'empty' : null;
  const isStrip = maximized !== null ? maximized !== spec.key : choice === false || (choice === undefined && why !== null);
  if (isStrip)
    return (
      <button
        type="button"
        className="pane-strip"
        aria-label={`show ${spec.title}`}
        title={why === 'none' ? `no ${spec.title} file for this step` : why === 'empty' ? `${spec.title}: an empty file (0 bytes)` : `show ${spec.title}`}
        onClick={() => onShow(true)}
      >
        {spec.title}
        {why ? ` · ${why}` : ''}
      </button>
    );
  const isMaximized = maximized === spec.key;
  return (
    <div className="pane-slot">
      <FilePane
        title={spec.title}
        path={spec.path}
        language={spec.language}
        {...(spec.render ? { render: spec.render } : {})}
        actions={
          <>
            <button
              type="button"
              className="pane-button"
              aria-label={isMaximized ? `restore ${spec.title}` : `maximise ${spec.title}`}
              title={isMaximized ? 'restore the panes (Escape)' : `${spec.title} over the whole width`}
              onClick={() => onMaximize(!isMaximized)}
            >
              <span className={`icon ${isMaximized ? 'icon-restore' : 'icon-maximize'}`} aria-hidden="true" />
            </button>
            <button type="button" className="pane-button" aria-label={`hide ${spec.title}`} title={`hide ${spec.title}`} onClick={() => onShow(false)}>
              <span className="icon icon-close" aria-hidden="true" />
            </button>
          </>
        }
      />
    </div>
  );
}
