import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli';

/**
 * A run full of what engineers point TraceLens at: near-miss names, truncated and invalid JSON,
 * Python reprs that do not close, huge lines, NUL bytes, invalid UTF-8, UTF-16, CRLF and lone CR,
 * binary files named .txt. Each is read or named with a reason; the rest of the run is unaffected.
 */
let root: string;

async function put(path: string, content: string | Buffer): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), content);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tracelens-bad-'));
  const op = 'Task_bad/relu';
  // A healthy attempt that must survive everything around it.
  await put(`${op}/I0_S01_relu_DoCoder_result.txt`, 'import triton\n');
  await put(`${op}/I0_S01_verify/relu_triton.py`, 'import triton\n');
  await put(`${op}/I0_S02_relu_DoTester_error_log.txt`, 'Traceback (most recent call last):\r\nAssertionError: max_abs_diff=0.5\r\n');
  // Near-miss names.
  for (const name of [
    'I0_relu_DoCoder_result.txt',
    'I0_Sx_relu_DoCoder_result.txt',
    'I0_Step01_relu_DoCoder_result.txt',
    'Iteration0_S01_relu_ok_summary.txt',
    `I0_S01__DoCoder_result.txt`,
    'I0_S0001_relu_DoCoder_prompt.txt',
  ]) {
    await put(`${op}/${name}`, 'x');
  }
  await put(`${op}/I0_S03_relu_${'é'.repeat(60)}_prompt.txt`, 'unicode agent');
  // A unicode op name, an op named like a task id, and a name of 255 bytes (ext4's limit: longer cannot exist here).
  await put('Task_bad/свёртка_卷积/I0_S01_свёртка_卷积_DoCoder_result.txt', 'ok');
  await put('Task_bad/0/I0_S01_0_DoCoder_result.txt', 'ok');
  await put(`${op}/I${'t'.repeat(255 - 'I_S01_relu_DoCoder_result.txt'.length)}_S01_relu_DoCoder_result.txt`, 'long');
  // Content: binary .txt, NUL bytes, invalid UTF-8, UTF-16 with BOM, lone CR, a 10 MB single line.
  await put(`${op}/I1_S01_relu_DoCoder_result.txt`, Buffer.from([0x80, 0x02, 0x00, 0x00, 0xff]));
  await put(`${op}/I1_S01_relu_DoCoder_prompt.txt`, Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]));
  await put(`${op}/I1_S01_relu_DoCoder_reasoning.txt`, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('思考 in UTF-16\r\n', 'utf16le')]));
  await put(`${op}/I2_S01_relu_DoCoder_result.txt`, `${'x'.repeat(10 * 2 ** 20)}`);
  await put(`${op}/I2_S01_relu_DoCoder_prompt.txt`, 'one\rtwo\rthree');
  // Records: a speed-up file with garbage, verification results truncated and not objects.
  await put(
    `${op}/profiling/speed_up_record.txt`,
    'garbage line\nop_name: relu, task_id: 0, unique_dir: I0_S01_verify, base_time: NaN us, generation_time: 2 us, speedup: 1.5x\n',
  );
  await put(
    'Task_bad/verification_results.jsonl',
    '[1, 2]\n\n{"task_id": "0", "passed": NaN}\n\n{"task_name": "relu", "task_id": "0", "step": 1, "verify_dir": "/x/I0_S01_verify", "passed": true}\n\n{"task_id": "0", "pass',
  );
  // Event logs: truncated JSON, NaN, a JSON array where an object is expected, unbalanced repr.
  await put('agent/Memory/logs/execution_tracker.json', '[1, 2, 3]');
  await put(
    'agent/Memory/logs/execution_tracker_readable.txt',
    "garbage before the first event\n[2026-01-19T10:20:00] (+0.100s) [ERROR] task_error: {'stage': 's1', 'error': 'unterminated\n[2026-01-19T10:20:01] (+1.100s) [INFO] llm_call_end: {'ok': nan, 'x': Infinity, 'y': b'\\x00'}\r\n[2026-01-19T10:20:02] (+2.100s) [INFO] stage_end: {'stage': 's1'}\r\n",
  );
  await put('agent/Memory/logs/autofix_log.json', '{"type": "autofix_log", "total_attempts": NaN');
  await put(
    'agent2/Memory/logs/trace.jsonl',
    '{"timestamp": "2026-01-19T10:20:00", "event_type": "stage", "event_name": "stage_start", "stage": "A", "data": {"x": NaN}}\nnot json at all\n{"timestamp": "2026-01-19T10:20:01", "event_type": "error", "event_name": "code_exec_error", "stage": "A", "data": {}}\n{"timestamp": "2026-01-19T10:2',
  );
}, 60_000);

afterAll(() => rm(root, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(
    args,
    (t) => (out += t),
    (t) => (err += t),
  );
  return { code, out, err };
}

describe('bad input', () => {
  it('tree: near-misses are other files with a reason, bad records are warnings, the healthy attempt is intact', async () => {
    const { code, out, err } = await run('tree', root, '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const tree = JSON.parse(out);
    const reasons = Object.fromEntries(tree.otherFiles.map((f: { path: string; reason: string }) => [f.path.split('/').pop(), f.reason]));
    expect(Object.keys(reasons).sort()).toEqual(
      [
        'I0_relu_DoCoder_result.txt',
        'I0_Step01_relu_DoCoder_result.txt',
        'I0_Sx_relu_DoCoder_result.txt',
        'I0_S01__DoCoder_result.txt',
        'Iteration0_S01_relu_ok_summary.txt',
      ].sort(),
    );
    expect(reasons['I0_Sx_relu_DoCoder_result.txt']).toContain('not part of any known trace format');
    expect(reasons['I0_S01__DoCoder_result.txt']).toContain('does not match op "relu"');
    const task0 = tree.runs
      .find((r: { path: string }) => r.path === 'Task_bad')
      .ops.find((o: { name: string }) => o.name === 'relu')
      .tasks.find((t: { id: string }) => t.id === '0');
    const s1 = task0.steps.find((s: { step: number }) => s.step === 1);
    // verification_results says passed; its unreadable neighbours are warnings, not silence.
    expect(s1).toMatchObject({ status: 'passed', statusSource: 'verification_results', verifyDir: 'I0_S01_verify' });
    expect(task0.steps.some((s: { step: number }) => s.step === 3)).toBe(true); // unicode agent, 4-digit step
    const ops = tree.runs
      .find((r: { path: string }) => r.path === 'Task_bad')
      .ops.map((o: { name: string; tasks: Array<{ id: string }> }) => [o.name, o.tasks.map((t) => t.id)]);
    expect(ops).toEqual(
      expect.arrayContaining([
        ['свёртка_卷积', ['0']],
        ['0', ['0']],
      ]),
    );
    const relu = tree.runs.find((r: { path: string }) => r.path === 'Task_bad').ops.find((o: { name: string }) => o.name === 'relu');
    expect(relu.tasks.some((t: { id: string }) => t.id === 't'.repeat(255 - 'I_S01_relu_DoCoder_result.txt'.length))).toBe(true);
    expect(tree.warnings).toEqual(
      expect.arrayContaining([
        'Task_bad/relu/profiling/speed_up_record.txt:1: not a speed-up record',
        'Task_bad/verification_results.jsonl:3: no boolean "passed" field',
      ]),
    );
    expect(tree.warnings).toEqual(
      expect.arrayContaining([
        'Task_bad/verification_results.jsonl: text outside any JSON object: [1, 2]',
        'Task_bad/verification_results.jsonl: its last record is not complete yet (still being written?)',
      ]),
    );
  });

  it('events: a JSON array is not a tracker file, the readable log is used, continuation and non-literals kept', async () => {
    const { code, out } = await run('events', root, '--json');
    expect(code).toBe(0);
    const logs = JSON.parse(out);
    const agent = logs.find((l: { dir: string }) => l.dir === 'agent/Memory/logs');
    expect(agent).toMatchObject({ source: 'agent/Memory/logs/execution_tracker_readable.txt', total_events: 3, events_by_level: { ERROR: 1, INFO: 2 } });
    expect(agent.warnings).toEqual(
      expect.arrayContaining([
        'agent/Memory/logs/execution_tracker.json: not a JSON object with an "events" list; not used',
        'agent/Memory/logs/execution_tracker_readable.txt: 1 lines before the first event header',
      ]),
    );
    const lean = logs.find((l: { dir: string }) => l.dir === 'agent2/Memory/logs');
    expect(lean).toMatchObject({ total_events: 2, events_by_level: { INFO: 1, ERROR: 1 } });
    expect(lean.warnings).toEqual(
      expect.arrayContaining([
        'agent2/Memory/logs/trace.jsonl: text outside any JSON object: not json at all',
        'agent2/Memory/logs/trace.jsonl: its last line is not complete yet (still being written?)',
      ]),
    );
  });

  it('autopsy: the report is computed, the broken autofix log is named, not read as zeros silently', async () => {
    const { code, out } = await run('autopsy', root, '--json');
    expect(code).toBe(0);
    const { agent, kernel } = JSON.parse(out);
    const documented = agent.find((a: { dir: string }) => a.dir === 'agent/Memory/logs');
    expect(documented.report.summary.total_failures).toBe(1);
    expect(documented.warnings.some((w: string) => w.includes('autofix_log.json') && w.includes('no autofix data'))).toBe(true);
    expect(kernel.totals.tasks).toBeGreaterThan(0);
  });
});

describe('a folder the user may not read', () => {
  // As root every folder is readable, so the CLI runs as "nobody" (setpriv, util-linux) here.
  const isRoot = process.getuid?.() === 0;
  it.runIf(isRoot)('is reported with its reason and the rest of the run is read (run as nobody)', async () => {
    const { chmod, mkdtemp: makeTemp } = await import('node:fs/promises');
    const { execFileSync } = await import('node:child_process');
    const { writeDemo } = await import('../main/demo');
    const dir = await makeTemp(join(tmpdir(), 'tracelens-perm-'));
    try {
      await chmod(dir, 0o755);
      await writeDemo(dir, { ops: 1, tasksPerOp: 1, eventLog: false });
      await chmod(join(dir, 'akg_agents_logs'), 0o000);
      const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, 'bin/tracelens.js', 'tree', dir, '--json'], {
        encoding: 'utf8',
      });
      const tree = JSON.parse(out);
      expect(tree.warnings).toContain('could not read akg_agents_logs: permission denied');
      expect(tree.runs.map((r: { path: string }) => r.path)).toEqual(['aikg_logs/Task_demo0a1']);
    } finally {
      await chmod(join(dir, 'akg_agents_logs'), 0o755).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('bad content, as the app reads it for its notices', () => {
  it('names binary files, decodes UTF-16, marks invalid UTF-8, cuts huge files, keeps lone CRs', async () => {
    const { createCore } = await import('../main/core');
    const { TraceIndex } = await import('../main/index/traceIndex');
    const core = createCore(await TraceIndex.open(root, { watch: false }));
    const read = async (name: string) => {
      const result = await core.call('file.read', { path: `Task_bad/relu/${name}` });
      if (!result.ok) throw new Error(result.error.message);
      return result.value as { isBinary: boolean; isCut: boolean; encoding: string; hadInvalidBytes: boolean; text: string; size: number };
    };
    expect(await read('I1_S01_relu_DoCoder_result.txt')).toMatchObject({ isBinary: true, text: '' });
    expect(await read('I1_S01_relu_DoCoder_prompt.txt')).toMatchObject({ isBinary: false, hadInvalidBytes: true, text: 'a\uFFFD\uFFFDb\n' });
    expect(await read('I1_S01_relu_DoCoder_reasoning.txt')).toMatchObject({ encoding: 'utf-16le', text: '思考 in UTF-16\r\n' });
    expect(await read('I2_S01_relu_DoCoder_result.txt')).toMatchObject({ isCut: true, size: 10 * 2 ** 20 });
    expect((await read('I2_S01_relu_DoCoder_prompt.txt')).text).toBe('one\rtwo\rthree');
  });
});

describe('a reader that stops early', () => {
  it('ends the command quietly when the pipe closes (`tracelens tree DIR | head`)', async () => {
    const { spawn } = await import('node:child_process');
    const { writeDemo } = await import('../main/demo');
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-pipe-'));
    try {
      await writeDemo(dir, { ops: 4, tasksPerOp: 40, eventLog: false }); // more than a pipe's 64 KB of tree
      const child = spawn(process.execPath, ['bin/tracelens.js', 'tree', dir, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk));
      child.stdout.once('data', () => child.stdout.destroy()); // the first lines read, then the pipe closed
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect({ code, err }).toEqual({ code: 0, err: '' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
