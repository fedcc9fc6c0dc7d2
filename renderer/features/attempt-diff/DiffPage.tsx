import { useMemo } from 'react';
import { microsText } from '../../../shared/analysis/format';
import {
  attemptStartOf,
  bestAttempt,
  diffCandidates,
  kernelFile,
  locationLabel,
  previousAttempt,
  runName,
  sameTaskElsewhere,
  type StepLocation,
  stepsByPath,
  verifyOwner,
} from '../../../shared/analysis/treeQuery';
import type { TraceTree } from '../../../shared/model/trace';
import { extractCode } from '../../../shared/parse/code';
import { Notice, SpeedupText, StatusBadge } from '../../components/Badges';
import { FilePicker } from '../../components/FilePicker';
import { DiffEditor } from '../../editor/lazy';
import { type FileState, useFile, useSnapshot } from '../../lib/hostData';
import { languageOf } from '../../store/selectors';
import { useStore } from '../../store/store';

/** A coder's answer (prose and fences around the code); shown as its code unless asked for raw. */
const isAnswer = (path: string) => path.endsWith('_result.txt');

function textOf(state: FileState | null, path: string, raw: boolean): string | null {
  if (state?.status !== 'ready' || state.slice.isBinary) return null;
  return raw || !isAnswer(path) ? state.slice.text : extractCode(state.slice.text).code;
}

/** What one side of the diff is: where it belongs, what kind of file, and how that attempt did. */
function SideSummary({
  tree,
  path,
  owner,
  raw,
}: {
  readonly tree: TraceTree;
  readonly path: string;
  readonly owner: StepLocation | null;
  readonly raw: boolean;
}) {
  if (!owner) return <span className="muted">not part of an attempt</span>;
  const start = attemptStartOf(owner.task, owner.step);
  const kind =
    path === start.kernelFile
      ? `kernel verified in ${start.verifyDir}`
      : isAnswer(path)
        ? raw
          ? "coder's answer, as written"
          : "coder's answer, its code"
        : (path.split('_').pop()?.replace('.txt', '') ?? 'file');
  const timing = start.timing;
  return (
    <span className="diff-side-summary">
      <strong>{locationLabel(tree, { ...owner, step: start })}</strong>
      {start.status !== 'unknown' ? (
        <StatusBadge status={start.status} title={`${start.status} (${start.statusSource.replaceAll('_', ' ')})`} />
      ) : (
        <span className="muted">no verdict</span>
      )}
      <SpeedupText speedup={start.speedup} hasTiming={timing !== null} />
      {timing && timing.speedup !== null && (
        <span className="muted">
          base {microsText(timing.baseTimeUs)} · generated {microsText(timing.generationTimeUs)}
          {timing.rooflineTimeUs !== null ? ` · roofline ${microsText(timing.rooflineTimeUs)}` : ''}
        </span>
      )}
      <span className="muted diff-kind" title={path}>
        {kind}
      </span>
    </span>
  );
}

/** Two files side by side (or inline): by default a coder attempt's kernel against the previous attempt's. */
export function DiffPage({
  left,
  right,
  inline,
  raw = false,
}: {
  readonly left: string;
  readonly right: string;
  readonly inline: boolean;
  readonly raw?: boolean | undefined;
}) {
  const { snapshot } = useSnapshot();
  const tree = snapshot?.tree ?? null;
  const navigate = useStore((s) => s.navigate);
  const candidates = useMemo(() => (tree ? diffCandidates(tree) : []), [tree]);
  const owners = useMemo(() => (tree ? stepsByPath(tree) : null), [tree]);
  const ownerOf = (path: string) => owners?.get(path) ?? (tree ? verifyOwner(tree, path) : null);
  const [leftOwner, rightOwner] = [ownerOf(left), ownerOf(right)];
  const leftFile = useFile(left || null);
  const rightFile = useFile(right || null);
  const go = (next: Partial<{ left: string; right: string; inline: boolean; raw: boolean }>) => {
    const target = { left, right, inline, raw, ...next };
    navigate({ view: 'diff', left: target.left, right: target.right, inline: target.inline, ...(target.raw ? { raw: true } : {}) }, { byUser: true });
  };

  // One click to the pairings people ask for, for the attempt on the right.
  const pairings: Array<{ label: string; path: string }> = [];
  if (tree && rightOwner) {
    const start = attemptStartOf(rightOwner.task, rightOwner.step);
    const previous = previousAttempt(rightOwner.task, start.step);
    const best = bestAttempt(rightOwner.task);
    if (previous && kernelFile(previous)) pairings.push({ label: 'previous attempt', path: kernelFile(previous)! });
    if (best && best !== start && kernelFile(best)) pairings.push({ label: 'best attempt of the task', path: kernelFile(best)! });
    for (const other of sameTaskElsewhere(tree, rightOwner)) {
      const attempts = other.task.attemptSteps;
      const theirs = bestAttempt(other.task) ?? other.task.steps.find((step) => step.step === attempts[attempts.length - 1]);
      const path = theirs && kernelFile(theirs);
      if (path) pairings.push({ label: `task ${other.task.id} in ${runName(other.run.path)}`, path });
    }
  }

  const original = textOf(leftFile, left, raw);
  const modified = textOf(rightFile, right, raw);
  const problems = [leftFile, rightFile].flatMap((file, i) =>
    file?.status === 'error'
      ? [`${i === 0 ? 'Before' : 'After'}: ${file.error.message}`]
      : file?.status === 'ready' && file.slice.isBinary
        ? [`${i === 0 ? 'Before' : 'After'}: a binary file, not compared`]
        : [],
  );
  const cut = [leftFile, rightFile].some((file) => file?.status === 'ready' && file.slice.isCut);
  const hasAnswer = isAnswer(left) || isAnswer(right);

  return (
    <article className="diff-page" aria-label="diff view">
      <header className="diff-header">
        {(['left', 'right'] as const).map((side) => {
          const path = side === 'left' ? left : right;
          return (
            <div key={side} className="diff-side" aria-label={side === 'left' ? 'before' : 'after'}>
              <label className="diff-pick">
                <span>{side === 'left' ? 'Before' : 'After'}</span>
                <FilePicker label={`${side} file`} value={path} options={candidates} onPick={(picked) => go({ [side]: picked })} />
              </label>
              {tree && <SideSummary tree={tree} path={path} owner={side === 'left' ? leftOwner : rightOwner} raw={raw} />}
            </div>
          );
        })}
      </header>
      <div className="diff-tools" role="toolbar" aria-label="diff tools">
        {pairings.length > 0 && <span className="muted">Compare with:</span>}
        {pairings.map((pairing) => (
          <button key={pairing.label} type="button" disabled={pairing.path === left} onClick={() => go({ left: pairing.path })} title={pairing.path}>
            {pairing.label}
          </button>
        ))}
        <span className="spacer" />
        {hasAnswer && (
          <button type="button" aria-pressed={raw} onClick={() => go({ raw: !raw })} title="a coder's answer: its code only, or the whole text as written">
            {raw ? 'Code only' : 'Raw answer'}
          </button>
        )}
        <button type="button" onClick={() => go({ inline: !inline })} aria-pressed={inline}>
          {inline ? 'Side by side' : 'Inline'}
        </button>
        <button type="button" onClick={() => go({ left: right, right: left })}>
          Swap
        </button>
      </div>
      {problems.map((problem) => (
        <Notice key={problem} kind="error">
          {problem}
        </Notice>
      ))}
      {cut && <Notice kind="warning">A file is larger than what was read; the diff covers the part shown.</Notice>}
      {original !== null && original === modified && <Notice kind="info">The two files are identical{hasAnswer && !raw ? ' (their code)' : ''}.</Notice>}
      {original !== null && modified !== null ? (
        <DiffEditor original={original} modified={modified} language={languageOf(isAnswer(right) ? 'x.py' : right)} isInline={inline} />
      ) : (
        problems.length === 0 && <p className="pane-empty">Loading…</p>
      )}
    </article>
  );
}
