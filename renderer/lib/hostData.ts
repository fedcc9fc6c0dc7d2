/**
 * Everything the UI asks of the host, in one cache (@tanstack/react-query): file slices, folder
 * listings, event windows and rows, the autopsy, searches. Keys are `[call, args]`; answers stay
 * until a pushed delta says they changed (the store's receiveDelta calls queryKeys' `forgetChanged`), and
 * the live tree, patched by those deltas. The zustand store keeps what the user chose (route,
 * filters, following) and the connection.
 */
import { keepPreviousData, QueryClient, skipToken, useQueries, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { CallArgs, CallName, CallValue } from '../../shared/contract';
import type { FileSlice, IndexOutline, IndexSnapshot } from '../../shared/model/liveIndex';
import type { Task, TaskOutline } from '../../shared/model/trace';
import type { AppError, Result } from '../../shared/model/result';
import type { IntegrityFlag } from '../../shared/model/integrity';
import { parseTaskKey, stepKey } from '../../shared/analysis/treeQuery';
import { withoutFlagged } from '../../shared/analysis/runSummary';
import { api } from './api';
import { fileKey, folderKey, imageKey, outlineQuery, outlineSoFarKey, summaryQuery, treeQuery } from './queryKeys';

export const queryClient = new QueryClient({
  // Answers change only when the index says so: never refetched on a timer, a focus or a retry.
  // No structural sharing: answers are new objects each time, and comparing a timeline window's
  // thousands of numbers with the last one's cost more than the zoom frame it belongs to.
  defaultOptions: { queries: { staleTime: Infinity, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, structuralSharing: false } },
});

/** A host call's answer or its error, as a value (a Result, never a thrown error). */
type Answer<T> = { readonly value: T; readonly error: null } | { readonly value: null; readonly error: AppError };

async function ask<K extends CallName>(name: K, args: CallArgs<K>): Promise<Answer<CallValue<K>>> {
  const result = await api.call(name, args);
  return result.ok ? { value: result.value, error: null } : { value: null, error: result.error };
}

/** `args`: the arguments `value` answers (the newest question may still be on its way). */
export type CallState<T, A = unknown> = { readonly value: T | null; readonly error: AppError | null; readonly args: A | null };

/**
 * The value of a host call, asked again whenever its arguments or `version` change; while the
 * next answer comes, the last one stays (with the arguments it answers). Null args: no call.
 */
export function useCall<K extends CallName>(name: K, args: CallArgs<K> | null, version: unknown = 0): CallState<CallValue<K>, CallArgs<K>> {
  const query = useQuery({
    queryKey: [name, args, version],
    queryFn: async () => ({ answer: await ask(name, args!), args: args! }), // enabled only with args
    enabled: args !== null,
    placeholderData: keepPreviousData,
    // A zoom asks for a new window every frame: answers no view shows are let go soon.
    gcTime: 10_000,
  });
  const data = args === null ? undefined : query.data;
  return data ? { value: data.answer.value, error: data.answer.error, args: data.args } : { value: null, error: null, args: null };
}

export type TreeState = { readonly snapshot: IndexSnapshot | null; readonly error: AppError | null };

/** The live tree: the host's snapshot, patched by every pushed delta (null until it first comes). */
export function useSnapshot(): TreeState {
  const { data } = useQuery(treeQuery(api));
  if (!data) return { snapshot: null, error: null };
  return data.ok ? { snapshot: data.value, error: null } : { snapshot: null, error: data.error };
}

/**
 * The tree as the tree panel and the overview first show it: the whole tree once it is in, its
 * outline (no steps) until then; null before either.
 */
export function useTreeOrOutline(): IndexSnapshot<Task | TaskOutline> | null {
  const { snapshot } = useSnapshot();
  const { data } = useQuery({ ...outlineQuery(api), enabled: !snapshot });
  return snapshot ?? (data?.ok ? data.value : null);
}

/**
 * The tree panel's rows while the folder is still read: the runs, ops and tasks found so far
 * (outlineQuery keeps them, their figures growing), until the outline of the folder read whole is
 * in; then that, or the whole tree. `isPartial` says which.
 */
export function useTreeSoFar(): { readonly tree: IndexSnapshot<Task | TaskOutline> | null; readonly isPartial: boolean } {
  const whole = useTreeOrOutline();
  // Only read from the cache: outlineQuery asks for it.
  const { data } = useQuery<Result<IndexOutline>>({ queryKey: outlineSoFarKey, queryFn: skipToken });
  if (whole) return { tree: whole, isPartial: false };
  const soFar = data?.ok ? data.value : null;
  return { tree: soFar, isPartial: soFar?.status.state === 'scanning' };
}

/**
 * The tree's version as the summaries follow it, one for the whole page: the first at once (asking
 * with none, then again a moment later, cost the core two passes), later ones at most every
 * SUMMARY_EVERY_MS (the last always arrives); null before the outline is in. Shared, not one per
 * hook: each hook's own throttle ran on its own clock, so during a burst the views asked for
 * summaries of different versions (15 summaries and 15 checks in 4 s where 4 answer).
 */
const treeVersion = {
  shown: null as number | null,
  latest: null as number | null,
  shownAt: 0,
  timer: null as ReturnType<typeof setTimeout> | null,
  listeners: new Set<() => void>(),
  offer(version: number | null): void {
    treeVersion.latest = version;
    if (version === treeVersion.shown || treeVersion.timer) return;
    const show = () => {
      treeVersion.timer = null;
      treeVersion.shown = treeVersion.latest;
      treeVersion.shownAt = Date.now();
      for (const listener of treeVersion.listeners) listener();
    };
    if (treeVersion.shown === null) show();
    else treeVersion.timer = setTimeout(show, Math.max(0, treeVersion.shownAt + SUMMARY_EVERY_MS - Date.now()));
  },
  subscribe(listener: () => void): () => void {
    treeVersion.listeners.add(listener);
    return () => treeVersion.listeners.delete(listener);
  },
};

function useTreeVersion(): number | null {
  const version = useTreeOrOutline()?.version ?? null;
  useEffect(() => treeVersion.offer(version), [version]);
  const shown = useSyncExternalStore(treeVersion.subscribe, () => treeVersion.shown);
  return shown ?? version;
}

/** How often the run summaries are asked for again while a run writes (each costs the core a pass over the tree). */
export const SUMMARY_EVERY_MS = 2000;

/**
 * How each run went (the overview's numbers), asked again as the tree changes: at most every
 * SUMMARY_EVERY_MS during a live run; the last answer stays meanwhile.
 */
export function useSummary(): CallState<CallValue<'runs.summary'>> {
  const version = useTreeVersion();
  const query = useQuery({
    ...summaryQuery(api, version),
    // Asked once the tree's outline is in: the host answers that first, and its rows come first.
    enabled: version !== null,
    placeholderData: keepPreviousData,
    gcTime: 10_000,
    // While the core still checks kernels (a big run's first minute), asked again until every flag is in.
    refetchInterval: (current) => (current.state.data?.ok && !current.state.data.value.integrityChecked ? SUMMARY_EVERY_MS : false),
  });
  const answer = query.data;
  if (!answer) return { value: null, error: null, args: null };
  return answer.ok ? { value: answer.value, error: null, args: {} } : { value: null, error: answer.error, args: {} };
}

/** The run summaries as the user chose to see them: with the flagged kernels left out of the bests, or not. */
export function useShownSummary(excludeFlagged: boolean): CallState<CallValue<'runs.summary'>> {
  const state = useSummary();
  const { value } = state;
  const shown = useMemo(() => (value && excludeFlagged ? { ...value, runs: value.runs.map(withoutFlagged) } : value), [value, excludeFlagged]);
  return { ...state, value: shown };
}

/** Every kernel's integrity flags, asked again as the tree changes (as often as the summaries). */
export function useIntegrity(): CallState<CallValue<'integrity.check'>> {
  const version = useTreeVersion();
  // Asked once the first summary is in: the core reads every kernel for it, which would hold the
  // summary back (the summary starts the check itself once its own reads are done).
  const hasSummary = useSummary().value !== null;
  return useCall('integrity.check', version === null || !hasSummary ? null : {}, version);
}

/** The integrity flags of each attempt, by its step key (treeQuery's stepKey of the attempt's first step). */
export function useFlagsByStep(): ReadonlyMap<string, readonly IntegrityFlag[]> {
  const { value } = useIntegrity();
  return useMemo(() => {
    const byStep = new Map<string, IntegrityFlag[]>();
    for (const flag of value?.flags ?? []) {
      const key = stepKey(flag.opPath, flag.task, flag.step);
      const list = byStep.get(key);
      if (list) list.push(flag);
      else byStep.set(key, [flag]);
    }
    return byStep;
  }, [value]);
}

export type FileState =
  { readonly status: 'loading' } | { readonly status: 'ready'; readonly slice: FileSlice } | { readonly status: 'error'; readonly error: AppError };

/** The content of one file under the root, read on first use and again after it changes. */
export function useFile(path: string | null | undefined): FileState | null {
  const query = useQuery({ queryKey: fileKey(path ?? ''), queryFn: () => ask('file.read', { path: path! }), enabled: Boolean(path) });
  if (!path) return null;
  if (!query.data) return { status: 'loading' };
  return query.data.error ? { status: 'error', error: query.data.error } : { status: 'ready', slice: query.data.value! };
}

/** An image of the run as a data URL (a chart the run drew), or why it cannot be shown. */
export function useImage(path: string | null): { readonly url: string; readonly size: number } | { readonly error: string } | null {
  const query = useQuery({ queryKey: imageKey(path ?? ''), queryFn: () => ask('file.image', { path: path! }), enabled: Boolean(path) });
  if (!path || !query.data) return null;
  const answer = query.data;
  return answer.error ? { error: answer.error.message } : { url: `data:${answer.value!.mime};base64,${answer.value!.base64}`, size: answer.value!.size };
}

/** Tasks asked for one by one at most: an "expand all" before the whole tree is in waits for it instead. */
const MAX_TASKS_ASKED = 50;

/**
 * Tasks whole (with their steps) by taskKey, before the whole tree is in: each asked for alone
 * (`tree.task`), so that an opened task or a step's view need not wait for the tree. While the
 * folder is read, as found so far (asked again each time the rows found so far come; the last
 * answer shows meanwhile). Empty once the whole tree is in (it holds them), and for tasks past the
 * first MAX_TASKS_ASKED.
 */
export function useTasks(keys: readonly string[]): ReadonlyMap<string, Task> {
  const { snapshot } = useSnapshot();
  const { tree: found, isPartial } = useTreeSoFar();
  const outline = useTreeOrOutline();
  // While the folder is read, the files found so far say when to ask again; then the tree's version.
  const version = isPartial ? `so far ${found?.files ?? 0}` : (outline?.version ?? 0);
  const asked = useMemo(() => (snapshot ? [] : keys.slice(0, MAX_TASKS_ASKED)), [snapshot, keys]);
  // One map while the answers stay the same (a new one on every render would redraw the tree each time).
  const combine = useCallback(
    (results: ReadonlyArray<{ data?: Answer<Task> | undefined }>) =>
      new Map(results.flatMap((result, i) => (result.data?.value ? [[asked[i]!, result.data.value] as const] : []))),
    [asked],
  );
  return useQueries({
    queries: asked.map((key) => {
      const { op, task } = parseTaskKey(key);
      const args = isPartial ? { op, task, soFar: true } : { op, task };
      return { queryKey: ['tree.task', args, version], queryFn: () => ask('tree.task', args), placeholderData: keepPreviousData, gcTime: 10_000 };
    }),
    combine,
  });
}

/** The files of some folders (a step's verify folders), asked of the core: the tree lists folders, not their files. */
export function useFolderFiles(folders: readonly string[]): string[] {
  return useQueries({
    queries: folders.map((path) => ({ queryKey: folderKey(path), queryFn: () => ask('folder.files', { path }) })),
    combine: (results) => results.flatMap((result) => result.data?.value ?? []),
  });
}

export type SearchState =
  { readonly state: 'running' } | { readonly state: 'done'; readonly result: CallValue<'search.run'> } | { readonly state: 'error'; readonly error: AppError };

/** A search of every file of the run, run when asked (null: none) and again each time it is shown. */
export function useSearch(query: CallArgs<'search.run'> | null): SearchState | null {
  // Asked again each time the search is shown (files change while a run writes); the last answer shows meanwhile.
  const search = useQuery({ queryKey: ['search.run', query], queryFn: () => ask('search.run', query!), enabled: query !== null, staleTime: 0 });
  if (query === null) return null;
  if (!search.data) return { state: 'running' };
  return search.data.error ? { state: 'error', error: search.data.error } : { state: 'done', result: search.data.value! };
}
