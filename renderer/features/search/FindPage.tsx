import { useEffect, useMemo, useRef } from 'react';
import type { SearchHit } from '../../../shared/contract';
import { Notice } from '../../components/Badges';
import { locationLabel, stepKey, stepsByPath, stepsByVerifyDir, type StepLocation } from '../../../shared/analysis/treeQuery';
import { FILE_KINDS, type FileKind } from '../../../shared/parse/fileKind';
import { splitRelPath } from '../../../shared/parse/relPath';
import type { TraceTree } from '../../../shared/model/trace';
import { api } from '../../lib/api';
import { useSearch, useSnapshot } from '../../lib/hostData';
import { useStore } from '../../store/store';
import type { Route } from '../../store/route';
import { plural } from '../../../shared/analysis/format';

type FindRoute = Extract<Route, { view: 'find' }>;

interface Group {
  readonly key: string;
  readonly title: string;
  readonly location: StepLocation | null;
  readonly hits: SearchHit[];
}

/** One line of the harness every verify folder repeats, with every copy of it that matched. */
interface Repeated {
  readonly key: string;
  readonly name: string;
  readonly first: SearchHit;
  readonly copies: number;
}

/** The folders a search can be kept to: each run, and each op of it. */
function scopes(tree: TraceTree | undefined): Array<{ path: string; label: string }> {
  return (tree?.runs ?? []).flatMap((run) => [
    { path: run.path, label: run.path || '(the opened folder)' },
    ...run.ops.map((op) => ({ path: op.path, label: `  ${op.name} (in ${run.path.split('/').pop() || '.'})` })),
  ]);
}

/** The preview with the match marked. */
function Preview({ hit }: { readonly hit: SearchHit }) {
  const end = hit.previewStart + hit.previewLength;
  return (
    <code>
      {hit.preview.slice(0, hit.previewStart)}
      <mark>{hit.preview.slice(hit.previewStart, end)}</mark>
      {hit.preview.slice(end)}
    </code>
  );
}

/** The event a line of an event log holds, in the timeline; the file at the line when it cannot be told. */
async function openEventHit(hit: SearchHit, sources: Readonly<Record<string, { source: string }>>, navigate: (route: Route) => void): Promise<void> {
  const dir = splitRelPath(hit.path).dir;
  let seq: number | null = null;
  if (sources[dir]?.source === hit.path) {
    const found = await api.call('events.atLine', { dir, line: hit.line });
    seq = found.ok ? found.value : null;
  } else if (sources[dir]) {
    // A line of the log's twin (the JSONL beside the final JSON): its event by time and type.
    const timestamp = /"timestamp":\s*"([^"]+)"/.exec(hit.preview)?.[1];
    const type = /"(?:event_name|type)":\s*"([^"]+)"/.exec(hit.preview)?.[1];
    if (timestamp && type) {
      const found = await api.call('events.locate', { dir, timestamp, type });
      seq = found.ok ? found.value : null;
    }
  }
  navigate(seq !== null ? { view: 'timeline', dir, seq } : { view: 'file', path: hit.path, line: hit.line });
}

/**
 * Find across every file of the run (text or regex), kept to some kinds of file and to one run or
 * op if asked; results grouped by step, each match marked; the lines of the verify script every
 * verify folder repeats folded into one group; a line of an event log opens its event.
 */
export function FindPage({ text, isRegex, isCaseSensitive, kinds, under }: Omit<FindRoute, 'view'>) {
  const query = useMemo(
    () => (text === '' ? null : { text, isRegex, isCaseSensitive, ...(kinds?.length ? { kinds: [...kinds] } : {}), ...(under ? { under } : {}) }),
    [text, isRegex, isCaseSensitive, kinds, under],
  );
  const search = useSearch(query);
  const result = search?.state === 'done' ? search.result : null;
  const { snapshot } = useSnapshot();
  const navigate = useStore((s) => s.navigate);
  const input = useRef<HTMLInputElement>(null);
  const route: FindRoute = { view: 'find', text, isRegex, isCaseSensitive, ...(kinds ? { kinds } : {}), ...(under ? { under } : {}) };
  const go = (change: Partial<FindRoute>) => navigate({ ...route, ...change }, { byUser: true });

  useEffect(() => input.current?.focus(), []);

  const { groups, repeated, repeatedHits } = useMemo(() => {
    const owners = snapshot ? stepsByPath(snapshot.tree) : new Map<string, StepLocation>();
    const verified = snapshot ? stepsByVerifyDir(snapshot.tree) : new Map<string, StepLocation>();
    const byKey = new Map<string, Group>();
    const copies = new Map<string, { key: string; name: string; first: SearchHit; copies: number }>();
    let repeatedHits = 0;
    for (const hit of result?.hits ?? []) {
      if (hit.kind === 'verify script') {
        const name = splitRelPath(hit.path).name;
        const key = `${name}\u0000${hit.line}\u0000${hit.preview}`;
        const entry = copies.get(key) ?? { key, name, first: hit, copies: 0 };
        entry.copies++;
        copies.set(key, entry);
        repeatedHits++;
        continue;
      }
      // A verify folder's file (the kernel that ran) belongs to the attempt the folder verified.
      const location = owners.get(hit.path) ?? verified.get(splitRelPath(hit.path).dir) ?? null;
      // A file no step owns is grouped with the others of its folder (a passed_cases copy, a log folder).
      const folder = splitRelPath(hit.path).dir || '.';
      const key = location ? stepKey(location.op.path, location.task.id, location.step.step) : `${folder}/`;
      // Named with its run when the folder holds several (two runs can have the same ops and tasks).
      const title = location ? locationLabel(snapshot?.tree, location, ' · ') : folder;
      const group = byKey.get(key) ?? { key, title, location, hits: [] };
      group.hits.push(hit);
      byKey.set(key, group);
    }
    return { groups: [...byKey.values()], repeated: [...copies.values()] as Repeated[], repeatedHits };
  }, [result, snapshot]);

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    go({ text: String(form.get('q') ?? ''), isRegex: form.get('regex') === 'on', isCaseSensitive: form.get('case') === 'on' });
  };
  const toggleKind = (kind: FileKind) => {
    const next = kinds?.includes(kind) ? kinds.filter((candidate) => candidate !== kind) : [...(kinds ?? []), kind];
    const { kinds: _dropped, ...rest } = route;
    navigate(next.length > 0 ? { ...rest, kinds: next } : rest, { byUser: true });
  };
  const openHit = (hit: SearchHit) => {
    if (hit.kind === 'event log' && snapshot) void openEventHit(hit, snapshot.eventLogs, (target) => navigate(target, { byUser: true }));
    else navigate({ view: 'file', path: hit.path, line: hit.line }, { byUser: true });
  };
  const hitButton = (hit: SearchHit, label: string) => (
    <button
      type="button"
      key={`${hit.path}:${hit.line}`}
      className="find-hit"
      onClick={() => openHit(hit)}
      title={hit.kind === 'event log' ? 'open this event in the timeline' : `open ${hit.path} at line ${hit.line}`}
    >
      <span className="muted">{label}</span> <span className={`badge kind kind-${hit.kind.replace(' ', '-')}`}>{hit.kind}</span> <Preview hit={hit} />
    </button>
  );

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
        <select
          aria-label="search in"
          value={under ?? ''}
          onChange={(event) => {
            const { under: _dropped, ...rest } = route;
            navigate(event.target.value ? { ...rest, under: event.target.value } : rest, { byUser: true });
          }}
        >
          <option value="">every run</option>
          {scopes(snapshot?.tree).map((scope) => (
            <option key={scope.path} value={scope.path}>
              {scope.label}
            </option>
          ))}
        </select>
        <button type="submit">Find</button>
      </form>
      <div className="find-kinds" role="group" aria-label="kinds of file">
        <span className="muted">in</span>
        {FILE_KINDS.map((kind) => (
          <button type="button" key={kind} className="chip" aria-pressed={kinds?.includes(kind) ?? false} onClick={() => toggleKind(kind)}>
            {kind}
          </button>
        ))}
        <span className="muted">{kinds?.length ? '' : '(every kind)'}</span>
      </div>
      {search?.state === 'running' && <p className="muted">Searching…</p>}
      {search?.state === 'error' && <Notice kind="error">{search.error.message}</Notice>}
      {result && (
        <p className="muted" role="status">
          {plural(result.hits.length, 'match', 'matches')} in {plural(groups.length + (repeated.length > 0 ? 1 : 0), 'place')};{' '}
          {plural(result.filesSearched, 'file')} searched
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
            {group.hits.map((hit) => hitButton(hit, `${splitRelPath(hit.path).name}:${hit.line}`))}
          </section>
        ))}
        {repeated.length > 0 && (
          <details className="find-group" aria-label="matches in the verify scripts">
            <summary>
              Verify scripts: {plural(repeatedHits, 'match', 'matches')} in the harness every verify folder repeats ({plural(repeated.length, 'line')} once
              each)
            </summary>
            {repeated.map((line) => hitButton(line.first, `${line.name}:${line.first.line} · in ${plural(line.copies, 'verify folder')}`))}
          </details>
        )}
      </div>
    </article>
  );
}
