import { useEffect, useMemo, useRef } from 'react';
import type { SearchHit } from '../../../shared/contract';
import { Notice } from '../../components/Badges';
import { locationLabel, stepKey, stepsByPath, type StepLocation } from '../../../shared/analysis/treeQuery';
import { useSearch, useSnapshot } from '../../lib/hostData';
import { useStore } from '../../store/store';
import { plural } from '../../../shared/analysis/format';

interface Group {
  readonly key: string;
  readonly title: string;
  readonly location: StepLocation | null;
  readonly hits: SearchHit[];
}

/** Find across every file of the run (text or regex), results grouped by step. */
export function FindPage({ text, isRegex, isCaseSensitive }: { readonly text: string; readonly isRegex: boolean; readonly isCaseSensitive: boolean }) {
  const query = useMemo(() => (text === '' ? null : { text, isRegex, isCaseSensitive }), [text, isRegex, isCaseSensitive]);
  const search = useSearch(query);
  const result = search?.state === 'done' ? search.result : null;
  const { snapshot } = useSnapshot();
  const navigate = useStore((s) => s.navigate);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  const groups = useMemo(() => {
    const owners = snapshot ? stepsByPath(snapshot.tree) : new Map<string, StepLocation>();
    const byKey = new Map<string, Group>();
    for (const hit of result?.hits ?? []) {
      const location = owners.get(hit.path) ?? null;
      const key = location ? stepKey(location.op.path, location.task.id, location.step.step) : hit.path;
      // Named with its run when the folder holds several (two runs can have the same ops and tasks).
      const title = location ? locationLabel(snapshot?.tree, location, ' · ') : hit.path;
      const group = byKey.get(key) ?? { key, title, location, hits: [] };
      group.hits.push(hit);
      byKey.set(key, group);
    }
    return [...byKey.values()];
  }, [result, snapshot]);

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    navigate(
      { view: 'find', text: String(form.get('q') ?? ''), isRegex: form.get('regex') === 'on', isCaseSensitive: form.get('case') === 'on' },
      { byUser: true },
    );
  };

  return (
    <article className="find-page" aria-label="find">
      <form className="find-form" onSubmit={submit} role="search">
        <input ref={input} name="q" type="search" defaultValue={text} key={text} placeholder="Find in all files of the run" aria-label="find text" />
        <label>
          <input type="checkbox" name="regex" defaultChecked={isRegex} /> regex
        </label>
        <label>
          <input type="checkbox" name="case" defaultChecked={isCaseSensitive} /> match case
        </label>
        <button type="submit">Find</button>
      </form>
      {search?.state === 'running' && <p className="muted">Searching…</p>}
      {search?.state === 'error' && <Notice kind="error">{search.error.message}</Notice>}
      {result && (
        <p className="muted" role="status">
          {plural(result.hits.length, 'match', 'matches')} in {plural(groups.length, 'place')}; {plural(result.filesSearched, 'file')} searched
          {result.filesSkipped > 0 ? `, ${result.filesSkipped} skipped (binary, too large, or not read: links out, FIFOs)` : ''}
          {result.isCut ? ' — stopped at the match limit, narrow the search' : ''}
        </p>
      )}
      {result?.stopped && <Notice kind="warning">{result.stopped}; the matches above are those found until then. A simpler pattern searches faster.</Notice>}
      <div className="find-results">
        {groups.map((group) => (
          <section key={group.key} className="find-group" aria-label={`matches in ${group.title}`}>
            <h2>
              {group.location ? (
                <button
                  type="button"
                  className="link"
                  onClick={() =>
                    navigate({ view: 'step', op: group.location!.op.path, task: group.location!.task.id, step: group.location!.step.step }, { byUser: true })
                  }
                >
                  {group.title}
                </button>
              ) : (
                group.title
              )}
            </h2>
            {group.hits.map((hit) => (
              <button
                type="button"
                key={`${hit.path}:${hit.line}`}
                className="find-hit"
                onClick={() => navigate({ view: 'file', path: hit.path, line: hit.line }, { byUser: true })}
              >
                <span className="muted">
                  {hit.path.split('/').pop()}:{hit.line}
                </span>{' '}
                <code>{hit.preview}</code>
              </button>
            ))}
          </section>
        ))}
      </div>
    </article>
  );
}
