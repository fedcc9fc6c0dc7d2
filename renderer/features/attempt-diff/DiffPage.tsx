import { useMemo } from 'react';
import { Notice } from '../../components/Badges';
import { DiffEditor } from '../../editor/DiffEditor';
import { diffCandidates } from '../../../shared/analysis/treeQuery';
import { languageOf } from '../../store/selectors';
import { useStore } from '../../store/store';
import { useFile, useSnapshot } from '../../lib/hostData';

function textOf(state: ReturnType<typeof useFile>): string | null {
  return state?.status === 'ready' && !state.slice.isBinary ? state.slice.text : null;
}

/** Two files side by side (or inline): by default a coder attempt and the one before it. */
export function DiffPage({ left, right, inline }: { readonly left: string; readonly right: string; readonly inline: boolean }) {
  const { snapshot } = useSnapshot();
  const navigate = useStore((s) => s.navigate);
  const candidates = useMemo(() => (snapshot ? diffCandidates(snapshot.tree) : []), [snapshot]);
  const leftFile = useFile(left || null);
  const rightFile = useFile(right || null);
  const labelOf = (path: string) => candidates.find((candidate) => candidate.path === path)?.label ?? path;
  const pick = (side: 'left' | 'right', path: string) =>
    navigate({ view: 'diff', left: side === 'left' ? path : left, right: side === 'right' ? path : right, inline }, { byUser: true });
  const original = textOf(leftFile);
  const modified = textOf(rightFile);
  const problems = [leftFile, rightFile].flatMap((file, i) =>
    file?.status === 'error'
      ? [`${i === 0 ? 'Left' : 'Right'}: ${file.error.message}`]
      : file?.status === 'ready' && file.slice.isBinary
        ? [`${i === 0 ? 'Left' : 'Right'}: binary file`]
        : [],
  );
  const cut = [leftFile, rightFile].some((file) => file?.status === 'ready' && file.slice.isCut);

  return (
    <article className="diff-page" aria-label="diff view">
      <header className="diff-header">
        {(['left', 'right'] as const).map((side) => (
          <label key={side} className="diff-pick">
            <span>{side === 'left' ? 'Before' : 'After'}</span>
            <input
              list="diff-candidates"
              aria-label={`${side} file`}
              defaultValue={side === 'left' ? left : right}
              key={side === 'left' ? left : right}
              onChange={(event) => {
                // Picking from the list applies at once; a typed path applies on Enter.
                if (candidates.some((candidate) => candidate.path === event.target.value)) pick(side, event.target.value);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && event.currentTarget.value.trim() !== '') pick(side, event.currentTarget.value.trim());
              }}
            />
            <span className="muted">{labelOf(side === 'left' ? left : right)}</span>
          </label>
        ))}
        <datalist id="diff-candidates">
          {candidates.map((candidate) => (
            <option key={candidate.path} value={candidate.path}>
              {candidate.label}
            </option>
          ))}
        </datalist>
        <button type="button" onClick={() => navigate({ view: 'diff', left, right, inline: !inline })} aria-pressed={inline}>
          {inline ? 'Side by side' : 'Inline'}
        </button>
        <button type="button" onClick={() => navigate({ view: 'diff', left: right, right: left, inline })}>
          Swap
        </button>
      </header>
      {problems.map((problem) => (
        <Notice key={problem} kind="error">
          {problem}
        </Notice>
      ))}
      {cut && <Notice kind="warning">A file is larger than what was read; the diff covers the part shown.</Notice>}
      {original !== null && original === modified && <Notice kind="info">The two files are identical.</Notice>}
      {original !== null && modified !== null ? (
        <DiffEditor original={original} modified={modified} language={languageOf(right.endsWith('_result.txt') ? 'x.py' : right)} isInline={inline} />
      ) : (
        problems.length === 0 && <p className="pane-empty">Loading…</p>
      )}
    </article>
  );
}
