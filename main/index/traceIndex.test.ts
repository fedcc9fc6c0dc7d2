import { appendFile, chmod, mkdir, mkdtemp, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeDemo } from '../demo';
import { demoEventLines } from '../../shared/testing/demoEvents';
import type { IndexDelta, IndexSnapshot } from '../../shared/model/liveIndex';
import { TraceIndex } from './traceIndex';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tracelens-test-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function openLive(dir: string, options: Parameters<typeof TraceIndex.open>[1] = {}): Promise<{ index: TraceIndex; deltas: IndexDelta[] }> {
  // No periodic re-walk: what the live index holds must come from the watcher and its repairs.
  const index = await TraceIndex.open(dir, { rewalkMs: 0, ...options });
  cleanup.push(() => index.close());
  // Live from here on: the watcher has started (the tree was there before).
  expect(index.status.state).toBe('starting');
  await index.watching;
  const deltas: IndexDelta[] = [];
  index.onDelta((delta) => deltas.push(delta));
  return { index, deltas };
}

async function freshScan(dir: string): Promise<IndexSnapshot> {
  const index = await TraceIndex.open(dir, { watch: false });
  return index.snapshot();
}

const comparable = (snapshot: IndexSnapshot) => ({ tree: snapshot.tree, eventLogs: snapshot.eventLogs });

/** Polls until the live index equals a fresh scan of the same folder, or gives up after `limitMs`. */
async function untilEqualToFreshScan(index: TraceIndex, dir: string, limitMs = 15_000): Promise<{ live: IndexSnapshot; fresh: IndexSnapshot }> {
  const giveUpAt = Date.now() + limitMs;
  for (;;) {
    await index.settled();
    const [live, fresh] = [index.snapshot(), await freshScan(dir)];
    if (isDeepStrictEqual(comparable(live), comparable(fresh)) || Date.now() > giveUpAt) return { live, fresh };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live index', () => {
  it('says, once the walk is done, that it still indexes an event log, and which (not a count of files stuck at its first batch)', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'run', 'logs'), { recursive: true });
    await writeFile(join(dir, 'run', 'logs', 'execution_tracker_readable.txt'), [...demoEventLines(20_000)].join(''));
    const index = await TraceIndex.start(dir, { watch: false });
    cleanup.push(() => index.close());
    const said: string[] = [];
    index.onStatus((status) => said.push('message' in status ? status.message : status.state));
    await index.ready;
    expect(said).toContain('reading the folder… 1 file, indexing the event log in run/logs');
    expect(said.at(-1)).toBe('ready');
  });

  it('follows a writer that creates thousands of files and appends to the logs, losing nothing', async () => {
    const dir = await tempDir();
    const { index, deltas } = await openLive(dir);
    expect(index.snapshot().tree.runs).toEqual([]);

    const { files } = await writeDemo(dir, { ops: 12, tasksPerOp: 8, seed: 7 });
    expect(files).toBeGreaterThan(2000);

    const { live, fresh } = await untilEqualToFreshScan(index, dir);
    expect(comparable(live)).toEqual(comparable(fresh));
    expect(fresh.tree.runs).toHaveLength(3);
    expect(Object.values(fresh.eventLogs)[0]!.total_events).toBeGreaterThan(500);
    // Deltas are batched (far fewer than files) and versioned one by one.
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.length).toBeLessThan(files);
    deltas.forEach((delta, i) => expect(delta.version).toBe(i + 2));
    expect(index.version).toBe(deltas.length + 1);
  });

  it('follows a live writer tick by tick, and the final JSON then becomes the event source', async () => {
    const dir = await tempDir();
    const { index, deltas } = await openLive(dir);
    await writeDemo(dir, { ops: 1, tasksPerOp: 2, tickMs: 5 });
    const { live, fresh } = await untilEqualToFreshScan(index, dir);
    expect(comparable(live)).toEqual(comparable(fresh));
    const summary = Object.values(live.eventLogs)[0]!;
    expect(summary.source).toMatch(/execution_tracker\.json$/);
    const appended = deltas.flatMap((delta) => Object.values(delta.eventLogs).map((s) => s.total_events));
    expect(appended.length).toBeGreaterThan(1);
    expect(appended.at(-1)).toBe(summary.total_events);
  });

  it('treats a file rewritten in place as a change, not a new step', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'relu'));
    const file = join(dir, 'relu', 'I0_S02_relu_DoCoder_result.txt');
    await writeFile(file, 'v1');
    const { index, deltas } = await openLive(dir);
    await writeFile(file, 'version two');
    for (let i = 0; i < 50 && deltas.length === 0; i++) await sleep(100);
    expect(deltas.flatMap((d) => d.changed)).toEqual(['relu/I0_S02_relu_DoCoder_result.txt']);
    expect(deltas.flatMap((d) => d.added)).toEqual([]);
    expect(index.snapshot().tree.runs[0]!.ops[0]!.tasks[0]!.steps).toHaveLength(1);
  });

  it('catches up after the watcher starts: one walk that stats every file finds what was added or rewritten since the scan', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'relu'));
    const kept = join(dir, 'relu', 'I0_S01_relu_DoDesigner_prompt.txt');
    const rewritten = join(dir, 'relu', 'I0_S02_relu_DoCoder_result.txt');
    await writeFile(kept, 'design');
    await writeFile(rewritten, 'v1');
    // Written well before the scan: file times are coarse (a write can be stamped a few ms before
    // Date.now() said it began), so the index looks back 2 s, as it does after the watcher starts.
    const past = new Date(Date.now() - 10_000);
    await Promise.all([utimes(kept, past, past), utimes(rewritten, past, past)]);
    const before = Date.now() - 2000;
    const index = await TraceIndex.open(dir, { watch: false });
    cleanup.push(() => index.close());
    const deltas: IndexDelta[] = [];
    index.onDelta((delta) => deltas.push(delta));
    // What happens before the watcher is up: one walk that stats every file finds it.
    await writeFile(rewritten, 'version two');
    await writeFile(join(dir, 'relu', 'I0_S03_relu_DoVerifier_result.txt'), 'ok');
    await index.rewalk(before);
    expect(deltas.flatMap((d) => d.changed)).toEqual(['relu/I0_S02_relu_DoCoder_result.txt']);
    expect(deltas.flatMap((d) => d.added)).toEqual(['relu/I0_S03_relu_DoVerifier_result.txt']);
  });

  it("an index opened to be followed when told ('on-follow') watches only once told, and then catches up with what came meanwhile", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'relu'));
    await writeFile(join(dir, 'relu', 'I0_S01_relu_DoDesigner_prompt.txt'), 'design');
    const index = await TraceIndex.open(dir, { rewalkMs: 0, watch: 'on-follow', followAtOnceFiles: 0 });
    cleanup.push(() => index.close());
    const deltas: IndexDelta[] = [];
    index.onDelta((delta) => deltas.push(delta));
    expect(index.status).toEqual({ state: 'starting', message: 'getting ready to follow changes…' });
    await writeFile(join(dir, 'relu', 'I0_S02_relu_DoCoder_result.txt'), 'before following');
    await sleep(500);
    // Not watched yet: nothing came.
    expect(deltas).toEqual([]);
    index.follow();
    index.follow(); // once is enough
    await index.watching;
    await writeFile(join(dir, 'relu', 'I0_S03_relu_DoVerifier_result.txt'), 'after');
    const { live, fresh } = await untilEqualToFreshScan(index, dir);
    expect(comparable(live)).toEqual(comparable(fresh));
    expect(deltas.flatMap((d) => d.added).sort()).toEqual(['relu/I0_S02_relu_DoCoder_result.txt', 'relu/I0_S03_relu_DoVerifier_result.txt']);
    expect(index.status.state).toBe('ready');
  });

  it("follows a small folder at once even when opened 'on-follow': a run just started must not wait for the page", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'I0_S01_relu_DoDesigner_prompt.txt'), 'design');
    const index = await TraceIndex.open(dir, { rewalkMs: 0, watch: 'on-follow' });
    cleanup.push(() => index.close());
    await index.watching;
    expect(index.status.state).toBe('ready');
  });

  it('reads appended speed-up records from the last offset and joins them to their attempt', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'relu', 'profiling'), { recursive: true });
    await mkdir(join(dir, 'relu', 'I0_S02_verify'));
    await writeFile(join(dir, 'relu', 'I0_S02_relu_DoCoder_result.txt'), 'code');
    await writeFile(join(dir, 'relu', 'I0_S02_verify', 'relu_triton.py'), 'code');
    const record = join(dir, 'relu', 'profiling', 'speed_up_record.txt');
    await writeFile(record, 'op_name: relu, task_id: 9, unique_dir: I9_S02_verify, base_time: 1.0 us, generation_time: 1.0 us, speedup: 1.0x\n');
    const { index, deltas } = await openLive(dir);
    // Half a line first: it waits until the writer finishes it.
    await appendFile(record, 'op_name: relu, task_id: 0, unique_dir: I0_S02_verify, base_time: 10.0 us, ');
    await sleep(300);
    await index.settled();
    expect(index.snapshot().tree.runs[0]!.ops[0]!.tasks[0]!.steps[0]!.speedup).toBeNull();
    await appendFile(record, 'generation_time: 4.0 us, speedup: 2.500000x\n');
    await untilEqualToFreshScan(index, dir);
    const step = index.snapshot().tree.runs[0]!.ops[0]!.tasks[0]!.steps[0]!;
    expect(step).toMatchObject({ speedup: 2.5, status: 'passed', statusSource: 'speedup_record' });
    expect(deltas.at(-1)!.tasks.map((t) => t.id)).toEqual(['0']);
  });

  it('reads a tailed log again from the start when it is truncated (rotation)', async () => {
    const dir = await tempDir();
    const logs = join(dir, 'run', 'Memory', 'logs');
    await mkdir(logs, { recursive: true });
    const log = join(logs, 'execution_tracker_readable.txt');
    await writeFile(log, '[2026-01-19T10:20:00] (+0.1s) [INFO] a: {}\n[2026-01-19T10:20:01] (+1.1s) [INFO] b: {}\n');
    const { index } = await openLive(dir);
    expect(index.eventSummaries()['run/Memory/logs']!.total_events).toBe(2);
    await truncate(log, 0);
    await appendFile(log, '[2026-01-19T10:21:00] (+0.1s) [ERROR] c: {}\n');
    await sleep(300);
    await index.settled();
    const summary = index.eventSummaries()['run/Memory/logs']!;
    expect(summary.events_by_type).toEqual({ c: 1 });
    expect(summary.warnings).toContain('run/Memory/logs/execution_tracker_readable.txt: the file shrank and was read again from the start');
  });

  it('keeps what it had and says so when the opened folder disappears', async () => {
    const dir = await tempDir();
    await writeDemo(dir, { ops: 1, tasksPerOp: 1, eventLog: false });
    const { index } = await openLive(dir);
    const before = index.snapshot().tree;
    const statuses: string[] = [];
    index.onStatus((status) => statuses.push(status.state));
    await rm(dir, { recursive: true, force: true });
    for (let i = 0; i < 50 && index.status.state === 'ready'; i++) {
      await sleep(100);
      await index.settled();
    }
    expect(index.status).toMatchObject({ state: 'root-missing', message: expect.stringContaining('no longer exists') });
    expect(statuses).toContain('root-missing');
    expect(index.snapshot().tree).toEqual(before);
    // It comes back: the next re-walk reads it again.
    await writeDemo(dir, { ops: 1, tasksPerOp: 1, eventLog: false });
    await index.rewalk();
    expect(index.status.state).toBe('ready');
    expect(index.snapshot().tree.runs).toEqual(before.runs);
  });

  it('survives thousands of files created and deleted in a burst: the index ends equal to the disk', async () => {
    const dir = await tempDir();
    const { index } = await openLive(dir);
    const op = join(dir, 'Task_burst', 'relu');
    await mkdir(op, { recursive: true });
    const names = Array.from({ length: 3000 }, (_, i) => join(op, `I${i % 50}_S${String(1 + Math.floor(i / 50)).padStart(2, '0')}_relu_DoCoder_prompt.txt`));
    for (const name of names) await writeFile(name, 'p');
    for (const name of names.filter((_, i) => i % 3 !== 0)) await rm(name);
    const { live, fresh } = await untilEqualToFreshScan(index, dir);
    expect(comparable(live)).toEqual(comparable(fresh));
    expect(fresh.tree.runs[0]!.ops[0]!.tasks.reduce((n, task) => n + task.steps.length, 0)).toBe(1000);
  });

  it('follows a root that is renamed away and another folder put in its place', async () => {
    const dir = await tempDir();
    await writeDemo(dir, { ops: 1, tasksPerOp: 1, eventLog: false });
    const { index } = await openLive(dir, { rewalkMs: 300 });
    const before = index.snapshot().tree;
    const { rename } = await import('node:fs/promises');
    await rename(dir, `${dir}-old`);
    cleanup.push(() => rm(`${dir}-old`, { recursive: true, force: true }));
    for (let i = 0; i < 50 && index.status.state === 'ready'; i++) await sleep(100);
    expect(index.status.state).toBe('root-missing');
    expect(index.snapshot().tree).toEqual(before);
    // A new run appears under the same name: the periodic re-walk reads it.
    await writeDemo(dir, { ops: 2, tasksPerOp: 1, eventLog: false, seed: 9 });
    const { live, fresh } = await untilEqualToFreshScan(index, dir);
    expect(index.status.state).toBe('ready');
    expect(comparable(live)).toEqual(comparable(fresh));
  });

  it('reads a root replaced in one go (renamed away, another moved in) anew on the next re-walk', async () => {
    const dir = await tempDir();
    await writeDemo(dir, { ops: 1, tasksPerOp: 1, eventLog: false });
    const { index } = await openLive(dir);
    const other = await tempDir();
    await writeDemo(other, { ops: 2, tasksPerOp: 1, eventLog: false, seed: 5 });
    const { rename } = await import('node:fs/promises');
    await rename(dir, `${dir}-old`);
    cleanup.push(() => rm(`${dir}-old`, { recursive: true, force: true }));
    await rename(other, dir);
    await index.rewalk();
    expect(comparable(index.snapshot())).toEqual(comparable(await freshScan(dir)));
  });

  it('a wall clock that jumps (a machine waking from suspend) changes nothing: no timer depends on it', async () => {
    const dir = await tempDir();
    const { index } = await openLive(dir);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 3 * 3600_000);
      await writeDemo(dir, { ops: 1, tasksPerOp: 1, eventLog: true });
      vi.setSystemTime(Date.now() - 6 * 3600_000);
      await writeDemo(dir, { ops: 1, tasksPerOp: 2, eventLog: false, seed: 3 });
    } finally {
      vi.useRealTimers();
    }
    const { live, fresh } = await untilEqualToFreshScan(index, dir);
    expect(comparable(live)).toEqual(comparable(fresh));
  });

  it('sends no delta once watching starts when nothing changed (the scan is the first snapshot)', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'relu'));
    const file = join(dir, 'relu', 'I0_S01_relu_DoCoder_result.txt');
    await writeFile(file, 'x');
    await utimes(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000)); // not one the catch-up walk takes for changed
    const index = await TraceIndex.open(dir, { rewalkMs: 0 });
    cleanup.push(() => index.close());
    const deltas: IndexDelta[] = [];
    index.onDelta((delta) => deltas.push(delta)); // from the start: the catch-up walk runs while watching starts
    await index.watching;
    await index.settled();
    expect(deltas).toEqual([]);
    expect(index.version).toBe(1);
  });

  it('keeps following when a FIFO appears as the live event log, and lists it as not read', async () => {
    const dir = await tempDir();
    const logs = join(dir, 'agent', 'Memory', 'logs');
    await mkdir(logs, { recursive: true });
    await mkdir(join(dir, 'relu'));
    const { index } = await openLive(dir, { rewalkMs: 300 });
    execFileSync('mkfifo', [join(logs, 'execution_tracker_readable.txt')]);
    await sleep(200);
    // Later writes still arrive: the FIFO held nothing up.
    await writeFile(join(dir, 'relu', 'I0_S01_relu_DoCoder_result.txt'), 'x');
    for (let i = 0; i < 100 && !index.paths().includes('relu/I0_S01_relu_DoCoder_result.txt'); i++) await sleep(50);
    expect(index.paths()).toContain('relu/I0_S01_relu_DoCoder_result.txt');
    // The next walk names it, with why.
    for (let i = 0; i < 100 && index.snapshot().tree.notRead.length === 0; i++) await sleep(50);
    expect(index.snapshot().tree.notRead).toEqual([{ path: 'agent/Memory/logs/execution_tracker_readable.txt', reason: 'a FIFO (named pipe): not read' }]);
  });

  it('repairs what the watcher missed on a re-walk', async () => {
    const dir = await tempDir();
    const index = await TraceIndex.open(dir, { watch: false });
    await writeDemo(dir, { ops: 1, tasksPerOp: 2, eventLog: false });
    await index.rewalk();
    expect(comparable(index.snapshot())).toEqual(comparable(await freshScan(dir)));
    await rm(join(dir, 'aikg_logs'), { recursive: true });
    await index.rewalk();
    expect(comparable(index.snapshot())).toEqual(comparable(await freshScan(dir)));
  });

  it('polls when asked (network file systems), and says so', async () => {
    const dir = await tempDir();
    const { index } = await openLive(dir, { usePolling: true });
    expect(index.status).toMatchObject({ state: 'polling' });
    await writeDemo(dir, { ops: 1, tasksPerOp: 2, eventLog: false, tickMs: 2 });
    const { live, fresh } = await untilEqualToFreshScan(index, dir);
    expect(comparable(live)).toEqual(comparable(fresh));
  });

  it('falls back to polling when the watch limit is reached, and keeps following', async () => {
    const dir = await tempDir();
    const { index } = await openLive(dir);
    const statuses: string[] = [];
    index.onStatus((status) => statuses.push(`${status.state}: ${'message' in status ? status.message : ''}`));
    // Fault injection: the error chokidar reports when inotify runs out of watches.
    const watcher = (index as unknown as { live: { watcher: { emit(event: string, error: Error): void } } }).live.watcher; // private by design; the test plays the kernel
    watcher.emit('error', Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }));
    for (let i = 0; i < 50 && statuses.length === 0; i++) await sleep(50);
    expect(statuses[0]).toMatch(/^polling: the system's file-watch limit is reached/);
    await writeDemo(dir, { ops: 1, tasksPerOp: 1, eventLog: false });
    const { live, fresh } = await untilEqualToFreshScan(index, dir);
    expect(comparable(live)).toEqual(comparable(fresh));
    expect(fresh.tree.runs.length).toBeGreaterThan(0);
  });

  it.skipIf(process.getuid?.() === 0)('reports a folder it may not read and reads the rest (skipped as root: permissions do not apply)', async () => {
    const dir = await tempDir();
    await writeDemo(dir, { ops: 1, tasksPerOp: 1, eventLog: false });
    const locked = join(dir, 'akg_agents_logs');
    await chmod(locked, 0o000);
    cleanup.push(() => chmod(locked, 0o755));
    const { tree } = await freshScan(dir);
    expect(tree.warnings).toContain('could not read akg_agents_logs: permission denied');
    expect(tree.runs.map((r) => r.path)).toEqual(['aikg_logs/Task_demo0a1']);
  });
});
