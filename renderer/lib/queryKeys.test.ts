import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IndexOutline } from '../../shared/model/liveIndex';
import { ok, type Result } from '../../shared/model/result';
import type { Api } from './api';
import { outlineQuery, outlineSoFarKey, SO_FAR_EVERY_MS, summaryQuery, treeQuery } from './queryKeys';

/** An outline with `runs` runs (no ops), in the state given. */
function outline(runs: number, state: 'scanning' | 'ready'): Result<IndexOutline> {
  const status = state === 'scanning' ? { state, message: 'reading the folder…', files: runs } : { state };
  return ok({
    version: state === 'scanning' ? 0 : 1,
    root: '/logs',
    files: runs,
    tree: { runs: Array.from({ length: runs }, (_, i) => ({ path: `run${i}`, ops: [] })), warnings: [] },
    eventLogs: {},
    status,
  } as unknown as IndexOutline);
}

/** A host still reading: each `soFar` answer finds one more run; the whole outline comes when `finish` is called. */
function readingHost() {
  const asked: string[] = [];
  let found = 0;
  let finish: () => void = () => undefined;
  const whole = new Promise<Result<IndexOutline>>((resolve) => (finish = () => resolve(outline(found, 'ready'))));
  const api = {
    call: (_name: string, args: { soFar?: boolean }) => {
      asked.push(args.soFar ? `soFar at ${Date.now()}` : 'whole');
      return args.soFar ? Promise.resolve(outline(found++, 'scanning')) : whole;
    },
  } as unknown as Api;
  return { api, asked, finish: () => finish() };
}

afterEach(() => vi.useRealTimers());

describe('the outline asked for while the folder is read', () => {
  it('keeps what is read so far, asked again soon while no run is found and every second after, until the whole outline comes', async () => {
    vi.useFakeTimers({ now: 0 });
    const client = new QueryClient();
    const host = readingHost();
    const answer = client.fetchQuery(outlineQuery(host.api));
    await vi.advanceTimersByTimeAsync(0);
    // The first answer found no run: asked again after a moment, not a second.
    expect(host.asked).toEqual(['soFar at 0', 'whole']);
    expect(client.getQueryData<Result<IndexOutline>>(outlineSoFarKey)).toMatchObject({ value: { tree: { runs: [] } } });
    await vi.advanceTimersByTimeAsync(SO_FAR_EVERY_MS / 2);
    expect(host.asked).toEqual(['soFar at 0', 'whole', 'soFar at 200']);
    expect(client.getQueryData<Result<IndexOutline>>(outlineSoFarKey)).toMatchObject({ value: { tree: { runs: [{ path: 'run0' }] } } });
    await vi.advanceTimersByTimeAsync(SO_FAR_EVERY_MS);
    expect(host.asked.at(-1)).toBe(`soFar at ${200 + SO_FAR_EVERY_MS}`);
    host.finish();
    await expect(answer).resolves.toMatchObject({ ok: true, value: { status: { state: 'ready' } } });
    // Nothing is asked once the whole outline is in.
    const count = host.asked.length;
    await vi.advanceTimersByTimeAsync(5 * SO_FAR_EVERY_MS);
    expect(host.asked).toHaveLength(count);
  });

  it('takes a folder read already in one answer', async () => {
    const client = new QueryClient();
    const calls: unknown[] = [];
    const api = { call: (_name: string, args: unknown) => (calls.push(args), Promise.resolve(outline(2, 'ready'))) } as unknown as Api;
    await expect(client.fetchQuery(outlineQuery(api))).resolves.toMatchObject({ ok: true, value: { version: 1 } });
    expect(calls).toEqual([{ soFar: true }]);
    expect(client.getQueryData(outlineSoFarKey)).toBeUndefined();
  });
});

describe('the whole tree asked for the first time', () => {
  /** A host that has read the folder; the summary answers when `answerSummary` is called. */
  function readHost() {
    const asked: string[] = [];
    let answerSummary: () => void = () => undefined;
    const summary = new Promise<Result<unknown>>((resolve) => (answerSummary = () => resolve(ok({ runs: [], integrityChecked: true }))));
    const api = {
      call: (name: string) => {
        asked.push(name);
        if (name === 'tree.outline') return Promise.resolve(outline(1, 'ready'));
        if (name === 'runs.summary') return summary;
        return Promise.resolve(ok({ ...(outline(1, 'ready') as { value: object }).value }));
      },
    } as unknown as Api;
    return { api, asked, answerSummary: () => answerSummary() };
  }

  it('comes after the first summary (the overview’s numbers go first), which the overview then finds answered', async () => {
    const client = new QueryClient();
    const host = readHost();
    const tree = client.fetchQuery(treeQuery(host.api));
    await vi.waitFor(() => expect(host.asked).toEqual(['tree.outline', 'runs.summary']));
    host.answerSummary();
    await tree;
    expect(host.asked).toEqual(['tree.outline', 'runs.summary', 'tree.snapshot']);
    expect(client.getQueryData(summaryQuery(host.api, 1).queryKey)).toMatchObject({ ok: true });
    // Asked again (a missed delta): no summary first.
    await client.refetchQueries({ queryKey: treeQuery(host.api).queryKey });
    expect(host.asked).toEqual(['tree.outline', 'runs.summary', 'tree.snapshot', 'tree.snapshot']);
  });

  it('does not wait for a summary that does not come more than a few seconds', async () => {
    vi.useFakeTimers({ now: 0 });
    const client = new QueryClient();
    const host = readHost();
    const tree = client.fetchQuery(treeQuery(host.api));
    await vi.advanceTimersByTimeAsync(4000);
    expect(host.asked).toEqual(['tree.outline', 'runs.summary']);
    await vi.advanceTimersByTimeAsync(1000);
    await tree;
    expect(host.asked).toEqual(['tree.outline', 'runs.summary', 'tree.snapshot']);
  });
});
