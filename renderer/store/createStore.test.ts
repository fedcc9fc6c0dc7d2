import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TraceTreeBuilder } from '../../shared/analysis/traceTree';
import type { IndexDelta, IndexSnapshot } from '../../shared/model/liveIndex';
import type { Api } from '../lib/api';
import { cachedSnapshot, fileKey, folderKey } from '../lib/queryKeys';
import { type AddressBar, createStore } from './createStore';
import { FOLLOW_EVERY_MS } from './navSlice';

const OP = 'Task_x/relu';

/** A live run as the index builds it, from names alone; deltas as the index sends them. */
function liveRun() {
  const builder = new TraceTreeBuilder('logs');
  for (const name of ['I0_S01_relu_DoDesigner_result', 'I0_S02_relu_DoCoder_result']) builder.addFile(`${OP}/${name}.txt`);
  builder.trackChanges();
  let version = 1;
  const snapshot = (): IndexSnapshot => ({
    version,
    root: '/logs',
    files: builder.fileCount,
    tree: builder.snapshot(),
    eventLogs: {},
    status: { state: 'ready' },
  });
  const first = snapshot();
  const write = (...names: string[]): IndexDelta => {
    for (const name of names) builder.addFile(`${OP}/${name}.txt`, name.endsWith('error_log') ? 12 : null);
    version++;
    const structural = builder.takeStructureChanged();
    const tasks = builder.takeChangedTasks();
    return {
      version,
      added: names.map((name) => `${OP}/${name}.txt`),
      removed: [],
      changed: [],
      tasks,
      structural,
      ...(structural ? { structure: builder.structure() } : {}),
      eventLogs: {},
    };
  };
  return { first, write };
}

/** A store with stand-ins for the host, the clock and the address bar: what the app's store does, in Node. */
function testStore(first: IndexSnapshot) {
  const history: Array<['push' | 'replace', string]> = [];
  let hash = '';
  const address: AddressBar = {
    read: () => hash,
    push: (next) => void history.push(['push', (hash = next)]),
    replace: (next) => void history.push(['replace', (hash = next)]),
  };
  const asked: string[] = [];
  const api: Api = {
    call: async (name) => {
      asked.push(name);
      return (name === 'tree.snapshot' ? { ok: true, value: first } : { ok: false, error: { code: 'not-found', message: 'not in this test' } }) as never; // a stand-in host answers only the snapshot
    },
    onPush: () => () => undefined,
    onConnection: () => () => undefined,
  };
  const queries = new QueryClient();
  const store = createStore({ api, queries, address, now: () => performance.now() });
  return { store, history, queries, asked };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the store', () => {
  it('keeps deltas that arrive before the tree and applies those newer than it; a delta already in the tree is not asked for again', async () => {
    const run = liveRun();
    const early = run.write('I0_S03_relu_DoTester_error_log'); // version 2, pushed while the tree is on its way
    const tree = { ...run.first, version: 1 };
    const { store, queries, asked } = testStore(tree);
    store.getState().receiveDelta(early);
    await store.getState().loadSnapshot();
    await vi.runAllTimersAsync();
    expect(cachedSnapshot(queries)).toMatchObject({ version: 2, files: 3 });
    // The tree can also come after a delta it holds (it came by HTTP, the delta by the WebSocket).
    const asks = asked.filter((name) => name === 'tree.snapshot').length;
    store.getState().receiveDelta(early);
    await vi.runAllTimersAsync();
    expect(asked.filter((name) => name === 'tree.snapshot')).toHaveLength(asks);
    expect(cachedSnapshot(queries)).toMatchObject({ version: 2, files: 3 });
  });

  it('writes the address as it navigates: the user makes history entries, the app only replaces, the address bar is not written back', async () => {
    const { first } = liveRun();
    const { store, history } = testStore(first);
    await store.getState().loadSnapshot();
    store.getState().navigate({ view: 'step', op: OP, task: '0', step: 1 }, { byUser: true });
    expect(store.getState().isFollowing).toBe(false);
    expect(store.getState().expanded).toEqual({ [`${OP}\u00000`]: true });
    store.getState().navigate({ view: 'autopsy' });
    store.getState().navigate({ view: 'find', text: 'x', isRegex: false, isCaseSensitive: false }, { byUser: true, fromAddress: true });
    expect(history).toEqual([
      ['push', '#/step?op=Task_x%2Frelu&task=0&step=1'],
      ['replace', '#/autopsy'],
    ]);
  });

  it('follows the newest attempt where deltas arrive, at most once a second, and not after the user chose', async () => {
    const { first, write } = liveRun();
    const { store, history } = testStore(first);
    await store.getState().loadSnapshot();
    store.getState().receiveDelta(write('I0_S03_relu_DoTester_error_log'));
    // A verifier's log belongs to the attempt before it: S02.
    expect(store.getState().route).toEqual({ view: 'step', op: OP, task: '0', step: 2 });
    store.getState().receiveDelta(write('I0_S04_relu_FixCoder_result'));
    expect(store.getState().route).toMatchObject({ step: 2 }); // too soon: it waits
    vi.advanceTimersByTime(FOLLOW_EVERY_MS);
    expect(store.getState().route).toMatchObject({ step: 4 });
    expect(history.map(([kind]) => kind)).toEqual(['replace', 'replace']); // following makes no history entries
    store.getState().navigate({ view: 'step', op: OP, task: '0', step: 1 }, { byUser: true });
    vi.advanceTimersByTime(FOLLOW_EVERY_MS);
    store.getState().receiveDelta(write('I0_S05_relu_DoTester_error_log'));
    expect(store.getState().route).toMatchObject({ step: 1 }); // paused by the user's choice
    store.getState().setFollowing(true); // resumed: goes to the newest at once
    expect(store.getState().route).toMatchObject({ step: 4 });
  });

  it('still goes to a step that arrived while the move waited, when a later delta brought only other files', async () => {
    const { first, write } = liveRun();
    const { store } = testStore(first);
    await store.getState().loadSnapshot();
    store.getState().receiveDelta(write('I0_S03_relu_DoTester_error_log'));
    expect(store.getState().route).toMatchObject({ step: 2 });
    store.getState().receiveDelta(write('I0_S04_relu_FixCoder_result')); // too soon: it waits
    store.getState().receiveDelta(write('notes')); // then a file of no step (an event log, a report)
    vi.advanceTimersByTime(FOLLOW_EVERY_MS);
    expect(store.getState().route).toMatchObject({ step: 4 });
  });

  it('makes the answers a delta changed stale, and leaves the others', async () => {
    const { first } = liveRun();
    const { store, queries } = testStore(first);
    await store.getState().loadSnapshot();
    const changed = `${OP}/I0_S02_relu_DoCoder_result.txt`;
    const other = `${OP}/I0_S01_relu_DoDesigner_result.txt`;
    queries.setQueryData(fileKey(changed), { value: 'old', error: null });
    queries.setQueryData(fileKey(other), { value: 'same', error: null });
    store.getState().receiveDelta({ version: first.version + 1, added: [], removed: [], changed: [changed], tasks: [], structural: false, eventLogs: {} });
    expect(queries.getQueryState(fileKey(changed))?.isInvalidated).toBe(true);
    expect(queries.getQueryState(fileKey(other))?.isInvalidated).toBe(false);
  });
});

describe('the live tree', () => {
  it('lives in the query cache, patched by each delta and its status by each status push', async () => {
    const { first, write } = liveRun();
    const { store, queries } = testStore(first);
    await store.getState().loadSnapshot();
    store.getState().receiveDelta(write('I0_S04_relu_FixCoder_result'));
    const tree = cachedSnapshot(queries);
    expect(tree?.version).toBe(first.version + 1);
    expect(tree?.tree.runs[0]?.ops[0]?.tasks[0]?.attemptSteps).toEqual([2, 4]);
    store.getState().setStatus({ state: 'polling', message: 'polling' });
    expect(cachedSnapshot(queries)?.status).toEqual({ state: 'polling', message: 'polling' });
    expect('snapshot' in store.getState()).toBe(false); // the store keeps no host data
  });

  it('keeps the status pushed before the tree came (how far the folder is read), and lets the tree hold it after', async () => {
    const { first } = liveRun();
    const { store, queries } = testStore(first);
    const scanning = { state: 'scanning', message: 'reading the folder… 1,200 files so far', files: 1200 } as const;
    store.getState().setStatus(scanning);
    expect(store.getState().statusBeforeTree).toEqual(scanning);
    await store.getState().loadSnapshot();
    store.getState().setStatus({ state: 'ready' });
    expect(store.getState().statusBeforeTree).toBeNull();
    expect(cachedSnapshot(queries)?.status).toEqual({ state: 'ready' });
  });

  it('is asked for again, once, when deltas cannot be applied (a version was missed)', async () => {
    const { first, write } = liveRun();
    const { store, queries, asked } = testStore(first);
    await store.getState().loadSnapshot();
    write('I0_S03_relu_DoTester_error_log'); // a delta this page never got
    store.getState().receiveDelta(write('I0_S04_relu_FixCoder_result'));
    store.getState().receiveDelta(write('I0_S05_relu_DoTester_error_log'));
    await vi.waitFor(() => expect(queries.isFetching()).toBe(0));
    expect(asked.filter((name) => name === 'tree.snapshot')).toHaveLength(2);
  });
});

describe('folder listings', () => {
  it('are made stale only where files came or went', async () => {
    const { first } = liveRun();
    const { store, queries } = testStore(first);
    await store.getState().loadSnapshot();
    queries.setQueryData(folderKey(`${OP}/I0_S02_verify`), { value: [], error: null });
    queries.setQueryData(folderKey(`${OP}/I0_S04_verify`), { value: [], error: null });
    store.getState().receiveDelta({
      version: first.version + 1,
      added: [`${OP}/I0_S04_verify/relu_impl.py`],
      removed: [],
      changed: [],
      tasks: [],
      structural: false,
      eventLogs: {},
    });
    expect(queries.getQueryState(folderKey(`${OP}/I0_S04_verify`))?.isInvalidated).toBe(true);
    expect(queries.getQueryState(folderKey(`${OP}/I0_S02_verify`))?.isInvalidated).toBe(false);
  });
});
