import { useMemo } from 'react';
import { previousAttempt, verifyOwner } from '../../../shared/analysis/treeQuery';
import { languageOf } from '../../store/selectors';
import { useSnapshot } from '../../lib/hostData';
import { useStore } from '../../store/store';
import { FilePane } from './FilePane';
import { stepLabel } from '../../../shared/model/stepLabel';

/** Any file of the run on its own (verify folder files, other files), optionally at a line. */
export function FilePage({ path, line }: { readonly path: string; readonly line?: number | undefined }) {
  const { snapshot } = useSnapshot();
  const owner = useMemo(() => (snapshot ? verifyOwner(snapshot.tree, path) : null), [snapshot, path]);
  const navigate = useStore((s) => s.navigate);
  // The same file in the previous attempt's verify folder (implementation, verify script, …).
  const previous = owner ? previousAttempt(owner.task, owner.step.step) : null;
  const dir = owner?.step.verifyDirs.find((candidate) => path.startsWith(`${candidate}/`));
  const previousPath = previous?.verifyDirs[0] && dir ? `${previous.verifyDirs[0]}${path.slice(dir.length)}` : null;
  return (
    <article className="file-page" aria-label="file view">
      <header className="step-header">
        <h1 title={path}>{path}</h1>
        <span className="spacer" />
        {previousPath && previous && (
          <button type="button" onClick={() => navigate({ view: 'diff', left: previousPath, right: path, inline: false }, { byUser: true })}>
            Diff with {stepLabel(previous.step)}&apos;s copy
          </button>
        )}
        {owner && (
          <button type="button" onClick={() => navigate({ view: 'step', op: owner.op.path, task: owner.task.id, step: owner.step.step }, { byUser: true })}>
            Back to {owner.op.name} task {owner.task.id} {stepLabel(owner.step.step)}
          </button>
        )}
      </header>
      <div className="panes">
        <FilePane title="file" path={path} language={languageOf(path)} line={line} />
      </div>
    </article>
  );
}
