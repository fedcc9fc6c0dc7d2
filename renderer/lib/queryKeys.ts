/**
 * The keys of what the UI asks of the host, the live tree's place among them, and what a pushed
 * delta changes. Apart from hostData.ts (which talks to the host) so that the store can use it
 * without a connection.
 */
import type { QueryClient } from '@tanstack/react-query';
import { applyDelta } from '../../shared/analysis/treePatch';
import type { IndexDelta, IndexOutline, IndexSnapshot, IndexStatus } from '../../shared/model/liveIndex';
import type { Task, TaskOutline } from '../../shared/model/trace';
import { ok, type Result } from '../../shared/model/result';
import type { CallValue } from '../../shared/contract';
import type { Api } from './api';

export const fileKey = (path: string) => ['file.read', { path }] as const;
export const imageKey = (path: string) => ['file.image', { path }] as const;
export const folderKey = (path: string) => ['folder.files', { path }] as const;
export const treeKey = ['tree.snapshot', {}] as const;
export const outlineKey = ['tree.outline', {}] as const;

/** The outline of what is read so far, kept while the folder is read (the tree panel's first rows). */
export const outlineSoFarKey = ['tree.outline', { soFar: true }] as const;

/** How often the outline of what is read so far is asked for again while the folder is read; sooner while it holds no run yet. */
export const SO_FAR_EVERY_MS = 1000;
const SO_FAR_FIRST_MS = 200;

/**
 * The tree's outline (no steps), asked for once before the whole tree: a 100k-file run's is a
 * fortieth of it, so the tree panel has its rows while the steps come. Never asked again: once the
 * whole tree is in, the outline shown is the whole tree's. Asked first for what is read so far: a
 * folder read already answers whole at once; while one is read, what is found so far is kept under
 * outlineSoFarKey, again every SO_FAR_EVERY_MS, until the outline of the folder read whole comes.
 */
export const outlineQuery = (api: Api) => ({
  queryKey: outlineKey,
  queryFn: async ({ client }: { client: QueryClient }): Promise<Result<IndexOutline>> => {
    const first = await api.call('tree.outline', { soFar: true });
    if (!first.ok || first.value.status.state !== 'scanning') return first;
    client.setQueryData(outlineSoFarKey, first);
    let whole: Result<IndexOutline> | null = null;
    const asked = api.call('tree.outline', {}).then((answer) => (whole = answer));
    let runs = first.value.tree.runs.length;
    for (;;) {
      await Promise.race([asked, new Promise((resolve) => setTimeout(resolve, runs > 0 ? SO_FAR_EVERY_MS : SO_FAR_FIRST_MS))]);
      if (whole) return whole;
      const soFar = await api.call('tree.outline', { soFar: true });
      if (whole) return whole;
      if (soFar.ok) {
        client.setQueryData(outlineSoFarKey, soFar);
        runs = soFar.value.tree.runs.length;
      }
    }
  },
});

/**
 * The run summaries (the overview's numbers) as of the tree's `version`: asked by every page
 * (useSummary), and the first time by treeQuery before the whole tree.
 */
export const summaryQuery = (api: Api, version: number | null) => ({
  queryKey: ['runs.summary', {}, version] as const,
  queryFn: (): Promise<Result<CallValue<'runs.summary'>>> => api.call('runs.summary', {}),
});

/** How long the first whole tree waits for the first summary at most. */
const SUMMARY_FIRST_MS = 5000;

/**
 * The live tree: asked for once (and again when a delta cannot be applied or the connection comes
 * back), then patched by each pushed delta. The page and the store share this one definition. The
 * first time, after its outline (the host answers that first, and the page draws it meanwhile)
 * and after the first summary: both are the core's work on one thread, and writing the whole tree
 * (85 MB for a 430k-file run) held the overview's numbers back (430k-file run 6.1 → 5.1 s, 100k
 * 2.3 → 1.9 s). The rows, a task's steps, files, diffs and the timeline need no whole tree.
 */
export const treeQuery = (api: Api) => ({
  queryKey: treeKey,
  queryFn: async ({ client }: { client: QueryClient }): Promise<Result<IndexSnapshot>> => {
    const outline = await client.ensureQueryData(outlineQuery(api));
    if (outline.ok && !cachedSnapshot(client)) {
      const summary = client.fetchQuery(summaryQuery(api, outline.value.version)).catch(() => undefined);
      await Promise.race([summary, new Promise((resolve) => setTimeout(resolve, SUMMARY_FIRST_MS))]);
    }
    return withEarlyDeltas(client, await api.call('tree.snapshot', {}));
  },
});

/**
 * Deltas pushed before the tree they apply to arrived, by client. The tree comes by HTTP and the
 * deltas by the WebSocket, so either may come first: those newer than the tree are applied to it
 * when it comes, in order; a gap leaves the tree as it came and the next delta asks for it again.
 */
const earlyDeltas = new WeakMap<QueryClient, IndexDelta[]>();
const MAX_EARLY_DELTAS = 1000;

function withEarlyDeltas(client: QueryClient, answer: Result<IndexSnapshot>): Result<IndexSnapshot> {
  const early = earlyDeltas.get(client) ?? [];
  earlyDeltas.delete(client);
  if (!answer.ok) return answer;
  let snapshot = answer.value;
  for (const delta of early) {
    if (delta.version <= snapshot.version) continue; // already in the tree
    const patched = applyDelta(snapshot, delta);
    if (!patched) break;
    snapshot = patched;
  }
  return snapshot === answer.value ? answer : ok(snapshot);
}

/** The live tree as the cache holds it now, or null before the first answer (or after an error). */
export function cachedSnapshot(client: QueryClient): IndexSnapshot | null {
  const answer = client.getQueryData<Result<IndexSnapshot>>(treeKey);
  return answer?.ok ? answer.value : null;
}

/**
 * The tree as the page has it: whole, else its outline (of the folder read whole, else of what is
 * found so far: `isPartial`); null before any.
 */
export function cachedTreeOrOutline(client: QueryClient): { readonly tree: IndexSnapshot<Task | TaskOutline>; readonly isPartial: boolean } | null {
  const snapshot = cachedSnapshot(client);
  if (snapshot) return { tree: snapshot, isPartial: false };
  const outline = client.getQueryData<Result<IndexOutline>>(outlineKey) ?? client.getQueryData<Result<IndexOutline>>(outlineSoFarKey);
  return outline?.ok ? { tree: outline.value, isPartial: outline.value.status.state === 'scanning' } : null;
}

/**
 * Applies a pushed delta to the cached tree. False when it could not be (no tree yet, a missed
 * version): the tree is then asked for again (one request however many deltas say so).
 */
export function patchTree(client: QueryClient, delta: IndexDelta): boolean {
  const snapshot = cachedSnapshot(client);
  if (snapshot && delta.version <= snapshot.version) return true; // the tree came after it was sent: it is in already
  if (!snapshot) {
    let early = earlyDeltas.get(client);
    if (!early) earlyDeltas.set(client, (early = []));
    if (early.length < MAX_EARLY_DELTAS) early.push(delta);
  }
  const patched = snapshot ? applyDelta(snapshot, delta) : null;
  if (patched) client.setQueryData<Result<IndexSnapshot>>(treeKey, ok(patched));
  else void client.invalidateQueries({ queryKey: treeKey, exact: true, refetchType: 'all' }, { cancelRefetch: false });
  return patched !== null;
}

/** The index's status as pushed, kept with the tree it describes; false when there is no tree yet. */
export function patchStatus(client: QueryClient, status: IndexStatus): boolean {
  const snapshot = cachedSnapshot(client);
  if (snapshot) client.setQueryData<Result<IndexSnapshot>>(treeKey, ok({ ...snapshot, status }));
  return snapshot !== null;
}

/**
 * What a pushed delta makes stale: files that changed or went (read again if shown, else when
 * next shown) and folder listings when files came or went. Event queries carry their log's
 * version in their key; searches are asked again each time they are shown.
 */
export function forgetChanged(client: QueryClient, delta: IndexDelta): void {
  for (const path of [...delta.changed, ...delta.removed]) {
    void client.invalidateQueries({ queryKey: fileKey(path), exact: true });
    void client.invalidateQueries({ queryKey: imageKey(path), exact: true });
  }
  if (delta.added.length === 0 && delta.removed.length === 0) return;
  // Only the listings of folders that gained or lost a file: a live run adds files all the time,
  // and each listing asked again is a walk over the index on the core's side.
  const cameOrWent = [...delta.added, ...delta.removed];
  void client.invalidateQueries({
    queryKey: ['folder.files'],
    predicate: (query) => {
      const folder = (query.queryKey[1] as { path?: unknown } | undefined)?.path; // folderKey's shape
      if (typeof folder !== 'string') return true;
      const prefix = folder === '' ? '' : `${folder.replace(/\/+$/, '')}/`;
      return cameOrWent.some((path) => path.startsWith(prefix));
    },
  });
}
