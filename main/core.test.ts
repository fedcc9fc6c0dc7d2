import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, type SearchHit, type SearchResult } from '../shared/contract';
import type { AgentEvent } from '../shared/model/events';
import type { Task } from '../shared/model/trace';
import type { IndexOutline } from '../shared/model/liveIndex';
import type { Result } from '../shared/model/result';
import { type Core, createCore } from './core';
import { TraceIndex } from './index/traceIndex';
import { writeDemo } from './demo';
import { runAutopsy } from './autopsy';
import { ErrorLogs } from './errorLogs';
import { IntegrityChecks } from './integrity';
import type { KernelAutopsy } from '../shared/model/autopsy';

let dir: string;
let index: TraceIndex;
let core: Core;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tracelens-core-'));
  await mkdir(join(dir, 'relu'));
  await writeFile(join(dir, 'relu', 'I0_S01_relu_DoCoder_result.txt'), 'import triton\n');
  // A 2 GB sparse file: nothing may read it whole.
  await writeFile(join(dir, 'relu', 'I0_S01_relu_DoCoder_reasoning.txt'), '');
  await truncate(join(dir, 'relu', 'I0_S01_relu_DoCoder_reasoning.txt'), 2 * 2 ** 30);
  index = await TraceIndex.open(dir, { watch: false });
  core = createCore(index);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the core contract', () => {
  it('answers any name and arguments with a Result, never a throw (fuzz)', async () => {
    const anything = fc.anything({ maxDepth: 3, withBigInt: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...CALL_NAMES), fc.string()), anything, async (name, args) => {
        const result = await core.call(name, args);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.error.code).toMatch(/^[a-z-]+$/);
      }),
      { numRuns: 400 },
    );
  });

  it('answers a call made while the folder is still read once the read is done, and says how far it is meanwhile', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tracelens-core-start-'));
    try {
      for (let i = 0; i < 300; i++) await writeFile(join(root, `I${i}_S01_relu_DoCoder_result.txt`), 'x');
      const started = await TraceIndex.start(root, { watch: false });
      const early = createCore(started);
      const pushed: unknown[] = [];
      const off = early.onPush((name, data) => pushed.push({ name, data }));
      // Said at once to whoever listens: the read has begun.
      expect(pushed[0]).toMatchObject({ name: 'index.status', data: { state: 'scanning', files: 0 } });
      const answer = await early.call('tree.snapshot', {});
      off();
      expect(answer.ok && answer.value).toMatchObject({ files: 300, status: { state: 'ready' } });
      expect(pushed.at(-1)).toEqual({ name: 'index.status', data: { state: 'ready' } });
      await started.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('outlines what is read so far at once while the folder is read, and the folder read whole after', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tracelens-core-sofar-'));
    try {
      await mkdir(join(root, 'relu'));
      for (let i = 0; i < 300; i++) await writeFile(join(root, 'relu', `I${i}_S01_relu_DoCoder_result.txt`), 'x');
      await mkdir(join(root, 'Memory', 'logs'), { recursive: true });
      await writeFile(join(root, 'Memory', 'logs', 'execution_tracker_readable.txt'), '[2026-01-19T10:00:00] (+0.000s) [INFO] stage_start: {}\n');
      const started = await TraceIndex.start(root, { watch: false });
      const early = createCore(started);
      const whole = early.call('tree.outline', {});
      let isWholeIn = false;
      void whole.then(() => (isWholeIn = true));
      // Answered while the plain outline still waits for the read: no version yet, no event logs (one may be read half).
      const soFar = await early.call('tree.outline', { soFar: true });
      expect(isWholeIn).toBe(false);
      // A task as found so far, at once too: the task, or that it is not found yet.
      const taskSoFar = (await early.call('tree.task', { op: 'relu', task: '7', soFar: true })) as Result<Task>;
      expect(isWholeIn).toBe(false);
      expect(taskSoFar.ok ? taskSoFar.value.id : taskSoFar.error.message).toMatch(/^(7|no task 7 in relu so far)$/);
      // A file's bytes too: read through the gate, whatever the index holds yet.
      expect(await early.call('file.read', { path: 'relu/I7_S01_relu_DoCoder_result.txt' })).toMatchObject({ ok: true, value: { text: 'x' } });
      expect(isWholeIn).toBe(false);
      expect(soFar.ok && soFar.value).toMatchObject({ version: 0, eventLogs: {}, status: { state: 'scanning' } });
      const answer = (await whole) as Result<IndexOutline>;
      if (!answer.ok) throw new Error(answer.error.message);
      expect(answer.value).toMatchObject({ files: 301, status: { state: 'ready' } });
      expect(answer.value.tree.runs.flatMap((run) => run.ops.flatMap((op) => op.tasks))).toHaveLength(300);
      expect(Object.keys(answer.value.eventLogs)).toEqual(['Memory/logs']);
      // Once the folder is read, what is read so far is all of it.
      expect(await early.call('tree.outline', { soFar: true })).toEqual(answer);
      expect(await early.call('tree.task', { op: 'relu', task: '7', soFar: true })).toEqual(await early.call('tree.task', { op: 'relu', task: '7' }));
      expect(await early.call('tree.task', { op: 'relu', task: '7000', soFar: true })).toMatchObject({ ok: false, error: { message: 'no task 7000 in relu' } });
      await started.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("outlines the tree: each task's figures and step count, no steps, the rest as the whole tree has it; one task comes whole on its own", async () => {
    const sample = await TraceIndex.open(fileURLToPath(new URL('../test/fixtures/samples/autoresearch_v1_2026-04', import.meta.url)), { watch: false });
    try {
      const sampleCore = createCore(sample);
      const whole = await sampleCore.calls['tree.snapshot']({});
      const outline = await sampleCore.calls['tree.outline']({});
      if (!whole.ok || !outline.ok) throw new Error('no tree');
      const tasks = whole.value.tree.runs.flatMap((run) => run.ops.flatMap((op) => op.tasks));
      const outlined = outline.value.tree.runs.flatMap((run) => run.ops.flatMap((op) => op.tasks));
      expect(outlined.map((task) => [task.id, task.stepCount, task.attempts, task.bestSpeedup])).toEqual(
        tasks.map((task) => [task.id, task.steps.length, task.attempts, task.bestSpeedup]),
      );
      expect(outlined.every((task) => !('steps' in task))).toBe(true);
      // The AutoResearch task's rounds (R0 the seed, R1 the first kept), as the tree panel says them.
      expect(outlined.map((task) => task.rounds)).toEqual([{ firstKept: 'R1' }]);
      const { tree: wholeTree, ...wholeRest } = whole.value;
      const { tree: outlineTree, ...outlineRest } = outline.value;
      expect(outlineRest).toEqual(wholeRest);
      expect(outlineTree.runs.map(({ ops: _ops, ...run }) => run)).toEqual(wholeTree.runs.map(({ ops: _ops, ...run }) => run));
      expect(JSON.stringify(outline.value).length).toBeLessThan(JSON.stringify(whole.value).length / 2);
      // One task whole, as the whole tree holds it; an unknown one is said to be missing.
      const op = whole.value.tree.runs[0]!.ops[0]!;
      expect(await sampleCore.calls['tree.task']({ op: op.path, task: op.tasks[0]!.id })).toEqual({ ok: true, value: op.tasks[0] });
      expect(await sampleCore.calls['tree.task']({ op: op.path, task: 'nope' })).toEqual({
        ok: false,
        error: { code: 'not-found', message: `no task nope in ${op.path}` },
      });
    } finally {
      await sample.close();
    }
  });

  it("follows an index opened 'on-follow' once the first summary is answered", async () => {
    const root = await mkdtemp(join(tmpdir(), 'tracelens-core-follow-'));
    try {
      await writeFile(join(root, 'I0_S01_relu_DoCoder_result.txt'), 'x');
      const index = await TraceIndex.open(root, { watch: 'on-follow', rewalkMs: 0, followAtOnceFiles: 0 });
      const follow = vi.spyOn(index, 'follow');
      const followed = createCore(index);
      expect(follow).not.toHaveBeenCalled();
      expect(await followed.call('runs.summary', {})).toMatchObject({ ok: true });
      expect(follow).toHaveBeenCalledTimes(1);
      await index.watching;
      expect(index.status.state).toBe('ready');
      await index.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('reads the start of a 2 GB sparse file, names it binary, and never reads it whole', async () => {
    const result = await core.call('file.read', { path: 'relu/I0_S01_relu_DoCoder_reasoning.txt' });
    expect(result).toMatchObject({ ok: true, value: { size: 2 * 2 ** 30, isBinary: true, text: '' } });
    const search = await core.call('search.run', { text: 'triton', isRegex: false, isCaseSensitive: false });
    expect(search).toMatchObject({ ok: true, value: { filesSearched: 1, filesSkipped: 1, hits: [{ path: 'relu/I0_S01_relu_DoCoder_result.txt', line: 1 }] } });
  });

  it('says a file vanished mid-session, and goes on', async () => {
    // A watching index that has seen the file: the UI holds its name when it goes.
    const live = await TraceIndex.open(dir, { rewalkMs: 0 });
    await live.watching;
    const liveCore = createCore(live);
    const path = 'relu/I0_S02_relu_DoCoder_result.txt';
    await writeFile(join(dir, path), 'import triton  # attempt 2\n');
    for (let i = 0; i < 200 && !live.paths().includes(path); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(live.paths()).toContain(path);
    expect(await liveCore.call('file.read', { path })).toMatchObject({ ok: true, value: { text: 'import triton  # attempt 2\n' } });
    await rm(join(dir, path));
    // Read before the watcher's news arrives, as a click at that moment would: said, not thrown.
    expect(await liveCore.call('file.read', { path })).toMatchObject({ ok: false, error: { code: 'not-found', message: `${path}: does not exist` } });
    for (let i = 0; i < 200 && live.paths().includes(path); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const snapshot = await liveCore.call('tree.snapshot', {});
    expect(snapshot).toMatchObject({ ok: true });
    expect(live.paths()).not.toContain(path);
    expect(live.paths()).toContain('relu/I0_S01_relu_DoCoder_result.txt');
    await live.close();
  });

  it('refuses bad regular expressions and empty searches with a reason', async () => {
    expect(await core.call('search.run', { text: '(', isRegex: true, isCaseSensitive: false })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringContaining('not a valid regular expression') },
    });
    expect(await core.call('search.run', { text: '', isRegex: false, isCaseSensitive: false })).toMatchObject({
      ok: false,
      error: { message: 'the search text is empty' },
    });
  });
});

describe('finding in a run', () => {
  const SAMPLES = join(__dirname, '../test/fixtures/samples');

  it('searches only the kinds of file and the folder asked for, and says what each hit is in', async () => {
    const sampleCore = createCore(await TraceIndex.open(join(SAMPLES, 'aikg_v1_2026-01'), { watch: false }));
    const hits = async (args: object): Promise<readonly SearchHit[]> => {
      const result = (await sampleCore.call('search.run', { text: 'import triton', isRegex: false, isCaseSensitive: false, ...args })) as Result<SearchResult>;
      if (!result.ok) throw new Error(result.error.message);
      return result.value.hits;
    };
    expect(new Set((await hits({})).map((hit) => hit.kind))).toEqual(new Set(['result', 'kernel', 'verify script', 'other']));
    const kernels = await hits({ kinds: ['kernel'] });
    expect(kernels.length).toBeGreaterThan(0);
    expect(kernels.every((hit) => hit.kind === 'kernel' && hit.path.includes('_verify/'))).toBe(true);
    const folder = 'aikg_logs/Task_i49c7ohg/Square_matrix_multiplication_/I1_0_0_S05_verify';
    const under = await hits({ under: folder });
    expect(under.map((hit) => hit.path.split('/').pop())).toContain('Square_matrix_multiplication__triton_cuda_impl.py');
    expect(under.every((hit) => hit.path.startsWith(`${folder}/`))).toBe(true);
    expect(await sampleCore.call('search.run', { text: 'x', isRegex: false, isCaseSensitive: false, kinds: ['tarball'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });

  it('names the event written at a line of the log', async () => {
    const logs = await TraceIndex.open(join(SAMPLES, 'mm_agent_documented_mcm_killer/_live_snapshot_before_save_json_log'), { watch: false });
    const logCore = createCore(logs);
    const at = async (line: number) => {
      const seq = await logCore.call('events.atLine', { dir: 'Memory/logs', line });
      if (!seq.ok || seq.value === null) return null;
      const event = (await logCore.call('events.get', { dir: 'Memory/logs', seq: seq.value })) as Result<AgentEvent | null>;
      return event.ok ? event.value : null;
    };
    expect(await at(5)).toMatchObject({ seq: 4, line: 5, type: 'task_error' });
    // The second line of a multi-line payload belongs to the event it continues.
    expect(await at(12)).toMatchObject({ seq: 10, line: 11, type: 'free_text_note' });
    expect((await at(100_000))!.seq).toBe(11); // the last of its 12 events
  });
});

describe('the kernel autopsy', () => {
  it('reads no error log again that the summaries read: what each says is kept once for both', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tracelens-core-autopsy-'));
    try {
      await writeDemo(root, { ops: 2, tasksPerOp: 3, eventLog: false });
      const opened = await TraceIndex.open(root, { watch: false });
      try {
        const read = vi.spyOn(opened.gate, 'readSmall');
        const errorLogReads = () => read.mock.calls.filter(([path]) => String(path).endsWith('_error_log.txt')).length;
        const withLogs = createCore(opened);
        const summary = await withLogs.call('runs.summary', {});
        expect(summary.ok).toBe(true);
        const first = errorLogReads();
        expect(first).toBeGreaterThan(0);
        const autopsy = (await withLogs.call('autopsy.run', {})) as Result<{ kernel: KernelAutopsy | null }>;
        expect(errorLogReads()).toBe(first);
        // The same findings as an autopsy that reads every log itself.
        const fresh = await runAutopsy(opened, new IntegrityChecks(opened), new ErrorLogs(opened));
        expect(errorLogReads()).toBe(2 * first);
        expect(autopsy.ok && autopsy.value.kernel?.totals.failedAttempts).toBeGreaterThan(0);
        expect(autopsy.ok && autopsy.value.kernel?.failures).toEqual(fresh.kernel?.failures);
        expect(autopsy.ok && autopsy.value.kernel?.failuresByKind).toEqual(fresh.kernel?.failuresByKind);
      } finally {
        await opened.close();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
