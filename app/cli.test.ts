import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { EventLogReader } from '../main/events/eventLog';
import { main } from './cli';

const SAMPLES = fileURLToPath(new URL('../test/fixtures/samples/', import.meta.url));
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return runOn(false, ...args);
}

/** The CLI with its output on a terminal (`isTerminal`, both streams) or into a file or a pipe. */
async function runOn(isTerminal: boolean, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(
    args,
    (t) => (out += t),
    (t) => (err += t),
    isTerminal,
    isTerminal,
  );
  return { code, out, err };
}

describe('tracelens CLI', () => {
  it('tree --json gives the documented shape', async () => {
    const { code, out, err } = await run('tree', `${SAMPLES}aikg_v0_2025-06`, '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ schema: 1, otherFiles: [], warnings: [] });
    const step = json.runs[0].ops[0].tasks[0].steps[2];
    expect(step).toMatchObject({
      step: 3,
      records: [
        { agent: 'FixCoder', role: 'coder', params: ['prompt', 'reasoning', 'result'], conductor: false },
        { agent: 'CheckCoder', role: 'conductor', conductor: true },
      ],
      verifyDir: 'I0_S03_verify',
      status: 'failed',
      speedup: null,
    });
  });

  it('--json is indented on a terminal and compact in a pipe or a file, the same value', async () => {
    const piped = await run('tree', `${SAMPLES}aikg_v0_2025-06`, '--json');
    const shown = await runOn(true, 'tree', `${SAMPLES}aikg_v0_2025-06`, '--json');
    expect(piped.out.trimEnd().split('\n')).toHaveLength(1);
    expect(shown.out.split('\n').slice(0, 2)).toEqual(['{', '  "schema": 1,']);
    expect(JSON.parse(piped.out)).toEqual(JSON.parse(shown.out));
  });

  it('tree prints a readable outline', async () => {
    const { code, out } = await run('tree', `${SAMPLES}akg_agents_v2_2026-03`);
    expect(code).toBe(0);
    expect(out).toContain('run akg_agents_logs/Task_tnost_ko');
    expect(out).toContain('task _Init_Task1  2 attempts, first pass S03, best 0.80x');
    expect(out).toMatch(
      /S03 {2}code_checker \[result\] · coder kernel_gen \[prompt reasoning result\] {2}— verify Iteration_Init_Task1_Step03_verify {2}PASSED \(verification results\) {2}speedup 0\.80x/,
    );
  });

  it('events --json uses the reference tracker key names', async () => {
    const { code, out } = await run('events', `${SAMPLES}mm_agent_documented_mcm_killer/2025_C_20260119-101530`, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      dir: 'Memory/logs',
      source: 'Memory/logs/execution_tracker.json',
      total_events: 12,
      events_by_type: { llm_call_error: 4 },
      events_by_level: { INFO: 6, ERROR: 5, WARNING: 1 },
      warnings: [],
      // Where the time and tokens went, next to the reference keys.
      spans: { total: 3, running: 1, byKind: { stage: 1, llm_call: 1, task: 1, code_exec: 0 } },
      llm: { calls: 1, errors: 4, tokens: 2300, seconds: 0.00002 },
      codeSeconds: null,
      // Its four errors were logged without their calls' starts: failed calls of the stage they name.
      byStage: { stage1: { calls: 1, errors: 0, tokens: 2300 }, stage3: { calls: 0, errors: 4, tokens: null } },
      written: null,
    });
  });

  it("events of a finished MM-Agent v2 run: no span left running, calls by the tracker's stages, and what its usage files say", async () => {
    const { code, out } = await run('events', `${SAMPLES}mm_agent_usage_2026-01`, '--json');
    expect(code).toBe(0);
    const memory = 'MMAgent/output/MM-Agent/2025_C_20261203-154441/Memory';
    const log = JSON.parse(out);
    // Three stages and two tasks, all ended; the flat logger's copies of the stage events (stage_complete) make no span.
    expect(log.spans).toEqual({ total: 5, running: 0, byKind: { stage: 3, llm_call: 0, task: 2, code_exec: 0 } });
    // 50 api_call events (their 50 flat llm_call twins not counted again), their tokens the usage file's total.
    expect(log.llm).toMatchObject({ calls: 50, errors: 0, tokens: 94117 });
    expect(Object.keys(log.byStage).sort()).toEqual(['Mathematical Modeling & Computational Solving', 'Problem Analysis', 'Solution Reporting']);
    expect(log.written).toMatchObject({
      tokens: [{ file: `${memory}/usage/2025_C.json`, prompt: 88985, completion: 5132, total: 94117 }],
      runtime: { file: `${memory}/usage/runtime.txt`, seconds: 55.41 },
      summaries: { file: `${memory}/logs/latent_summaries.jsonl`, count: 18, promptTokens: 36262, completionTokens: 2343 },
      warnings: [],
    });
    expect(log.written.summaries.lines[0]).toMatchObject({
      line: 1,
      model: 'gpt-4o',
      promptTokens: 1203,
      summary: 'Described the four Olympic CSV datasets and their key columns.',
    });
    const text = await run('events', `${SAMPLES}mm_agent_usage_2026-01`);
    expect(text.out).toContain(`usage file  94,117 tokens (88,985 prompt, 5,132 completion) in ${memory}/usage/2025_C.json`);
    expect(text.out).toContain('summarised  18 calls');
  });

  it('events --json lists every log when a folder holds several', async () => {
    const { out } = await run('events', `${SAMPLES}mm_agent_documented_mcm_killer`, '--json');
    const logs = JSON.parse(out);
    expect(logs.map((log: { dir: string; total_events: number }) => [log.dir, log.total_events])).toEqual([
      ['_live_snapshot_before_save_json_log/Memory/logs', 12],
      ['2025_C_20260119-101530_crash/Memory/logs', 2],
      ['2025_C_20260119-101530/Memory/logs', 12],
    ]);
  });

  it('draws progress on a terminal as one line that rewrites itself, and leaves it out of a pipe', async () => {
    const onTerminal = await mkdtemp(join(tmpdir(), 'tracelens-cli-'));
    const piped = await mkdtemp(join(tmpdir(), 'tracelens-cli-'));
    temps.push(onTerminal, piped);
    const drawn = await runOn(true, 'demo', onTerminal, '--live', '--tick', '1', '--ops', '1', '--tasks', '1');
    const ERASE_LINE = '\u001b[K';
    const lines = drawn.err.split('\r').slice(1);
    expect(drawn.err.startsWith('\r') && drawn.err.endsWith('\n')).toBe(true);
    for (const line of lines) {
      const drawnLine = line.replace(/\n$/, '');
      expect(drawnLine.endsWith(ERASE_LINE) && drawnLine.slice(0, -ERASE_LINE.length)).toMatch(/^writing demo run: \d+\/\d+ steps$/);
    }
    const quiet = await run('demo', piped, '--live', '--tick', '1', '--ops', '1', '--tasks', '1');
    expect(quiet.err).toBe('');
    expect(quiet.out).toMatch(/^wrote a demo run of /);
  });

  it('demo writes a run that tree and events read back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-cli-'));
    temps.push(dir);
    const demo = await run('demo', dir, '--ops', '3');
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/^wrote a demo run of \d+ files to .+: 3 runs, 6 ops, (\d+) steps\n$/);
    expect((await readdir(dir)).sort()).toEqual(['aikg_logs', 'akg_agents_logs', 'mm_agent_run']);
    const tree = JSON.parse((await run('tree', dir, '--json')).out);
    expect(tree.otherFiles).toEqual([]);
    // It says how many steps the tree shows.
    const steps = tree.runs.flatMap((r: { ops: Array<{ tasks: Array<{ steps: unknown[] }> }> }) => r.ops.flatMap((o) => o.tasks.flatMap((t) => t.steps)));
    expect(demo.out).toContain(`, ${steps.length} steps\n`);
    expect(tree.runs.map((r: { ops: unknown[] }) => r.ops.length)).toEqual([3, 3, 0]);
    const events = JSON.parse((await run('events', dir, '--json')).out);
    expect(events.source).toBe('mm_agent_run/Memory/logs/execution_tracker.json');
    expect(events.total_events).toBeGreaterThan(20);
    // A finished log: every span ended (code runs' ends name no script); calls and tokens as counted in the file.
    const written = JSON.parse(await readFile(join(dir, 'mm_agent_run/Memory/logs/execution_tracker.json'), 'utf8')) as {
      events: Array<{ type: string; data: { tokens_used?: number } }>;
    };
    const ofType = (type: string) => written.events.filter((event) => event.type === type);
    expect(events.spans.running).toBe(0);
    expect(events.spans.byKind.code_exec).toBe(ofType('code_exec_start').length);
    expect(events.llm).toMatchObject({
      calls: ofType('llm_call_start').length,
      errors: ofType('llm_call_error').length,
      tokens: ofType('llm_call_end').reduce((sum, event) => sum + event.data.tokens_used!, 0),
    });
    expect(events.codeSeconds).toBeGreaterThan(0);
  });

  it('summary --json gives the documented shape, the numbers the samples hold', async () => {
    const { code, out, err } = await run('summary', `${SAMPLES}akg_agents_v2_2026-03`, '--json');
    expect([code, err]).toEqual([0, '']);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ schema: 1, root: expect.stringMatching(/akg_agents_v2_2026-03$/) });
    expect(json.runs).toHaveLength(1);
    expect(json.runs[0]).toMatchObject({
      path: 'akg_agents_logs/Task_tnost_ko',
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastWriteAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      state: expect.stringMatching(/^(running|idle|finished)$/),
      totals: { ops: 1, opsPassed: 1, tasks: 3, tasksPassed: 3, attempts: 5, passAt1: 1 / 3, geomeanBestSpeedup: 1.230673 },
      ops: [
        {
          name: 'relu',
          path: 'akg_agents_logs/Task_tnost_ko/relu',
          tasks: 3,
          passedTasks: 3,
          attempts: 5,
          verifiedAttempts: 5,
          attemptsToFirstPass: { median: 2, perTask: { _Init_Task1: 2, _Init_Task2: 1, _Gen1_Task3: 2 } },
          best: {
            task: '_Gen1_Task3',
            step: 3,
            speedup: 1.230673,
            file: 'akg_agents_logs/Task_tnost_ko/relu/Iteration_Gen1_Task3_Step03_verify/relu_triton_cuda_impl.py',
          },
        },
      ],
    });
    const text = await run('summary', `${SAMPLES}akg_agents_v2_2026-03`);
    expect(text.out).toContain('ops passed 1/1 · tasks passed 3/3 · pass@1 33% · pass@2 100% · 5 attempts (5 verified)');
    expect(text.out).toMatch(/relu +3 +3 +5 +2 +1\.23x +task _Gen1_Task3 S03/);
  });

  it('compare --json puts two runs of the same ops side by side; a folder of several runs is refused with their names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-cli-'));
    temps.push(dir);
    await run('demo', dir, '--ops', '3', '--tasks', '2');
    const [baseline, other] = [join(dir, 'aikg_logs/Task_demo0a1'), join(dir, 'akg_agents_logs/Task_demo0c3')];
    const { code, out } = await run('compare', baseline, other, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json).toMatchObject({ schema: 1, baseline, other, onlyInBaseline: [], onlyInOther: [] });
    expect(json.ops.map((op: { name: string }) => op.name)).toEqual(['exp_add_op', 'relu', 'softmax']);
    // The same numbers `summary` gives for each run, and their ratio.
    const best = async (folder: string) =>
      JSON.parse((await run('summary', folder, '--json')).out).runs[0].ops as Array<{
        name: string;
        best: { speedup: number } | null;
        tasks: number;
        passedTasks: number;
      }>;
    const [ours, theirs] = [await best(baseline), await best(other)];
    for (const op of json.ops) {
      const [a, b] = [ours.find((o) => o.name === op.name)!, theirs.find((o) => o.name === op.name)!];
      expect(op.baseline).toMatchObject({ passedTasks: a.passedTasks, tasks: a.tasks, bestSpeedup: a.best?.speedup ?? null });
      expect(op.other).toMatchObject({ passedTasks: b.passedTasks, tasks: b.tasks, bestSpeedup: b.best?.speedup ?? null });
      expect(op.speedupRatio).toBe(a.best && b.best ? b.best.speedup / a.best.speedup : null);
    }
    expect((await run('compare', baseline, other)).out).toMatch(
      /^baseline .*Task_demo0a1\nother +.*Task_demo0c3\n\nop +baseline best \(passed\) +other best \(passed\) +ratio\n/,
    );
    expect(await run('compare', dir, other)).toMatchObject({
      code: 1,
      err: expect.stringContaining('holds 2 kernel runs (aikg_logs/Task_demo0a1, akg_agents_logs/Task_demo0c3)'),
    });
    expect(await run('compare', baseline)).toMatchObject({
      code: 2,
      err: 'tracelens: compare needs two folders: tracelens compare <baselineDir> <otherDir>\n',
    });
  });

  it('check --json names every flag with its rule, line and evidence; its exit says whether to fail a CI job', async () => {
    const hacked = await run('check', `${SAMPLES}aikg_v1_2026-01`, '--json');
    expect(hacked.code).toBe(3);
    const json = JSON.parse(hacked.out);
    expect(json).toMatchObject({ schema: 1, checked: 6, unread: [] });
    expect(json.flags).toContainEqual({
      run: 'aikg_logs/Task_i49c7ohg',
      op: 'Square_matrix_multiplication_',
      task: '1_0_0',
      step: 4,
      file: 'aikg_logs/Task_i49c7ohg/Square_matrix_multiplication_/I1_0_0_S05_verify/Square_matrix_multiplication__triton_cuda_impl.py',
      rule: 'reference-ops',
      category: 'shortcut',
      severity: 'hack',
      line: 9,
      message: 'returns the reference’s own matmul (@): the framework computes the result, not a kernel',
      evidence: 'return A @ B  # 使用 tl.dot 分块实现',
    });
    expect(new Set(json.flags.map((flag: { rule: string }) => flag.rule))).toEqual(new Set(['no-kernel', 'reference-ops']));
    expect((await run('check', `${SAMPLES}aikg_v1_2026-01`, '--fail-on', 'never')).code).toBe(0);
    const clean = await run('check', `${SAMPLES}akg_agents_v2_2026-03`);
    expect(clean).toMatchObject({ code: 0, out: '5 attempts checked: 0 hacks, 0 suspicious, 0 notes\n' });
    expect((await run('check', `${SAMPLES}akg_agents_v2_2026-03`, '--fail-on', 'suspicious')).code).toBe(0);
    expect(await run('check', `${SAMPLES}aikg_v1_2026-01`, '--fail-on', 'often')).toMatchObject({
      code: 2,
      err: 'tracelens: --fail-on takes hack, suspicious or never, not "often"\n',
    });
    expect(await run('check', `${SAMPLES}mm_agent_documented_mcm_killer`)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^tracelens: no coder attempt to check under /),
    });
    expect((await run('check', '/no/such/folder')).code).toBe(1);
  });

  it('check reads no event log: a finished run’s big log beside the kernels is not indexed for nothing', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tracelens-check-logs-'));
    temps.push(root);
    await cp(`${SAMPLES}aikg_v1_2026-01`, join(root, 'kernels'), { recursive: true });
    await cp(`${SAMPLES}mm_agent_documented_mcm_killer`, join(root, 'agent'), { recursive: true });
    const refresh = vi.spyOn(EventLogReader.prototype, 'refresh');
    try {
      const checked = await run('check', root, '--json');
      expect(refresh).not.toHaveBeenCalled();
      expect(checked.code).toBe(3);
      expect(JSON.parse(checked.out)).toMatchObject({ checked: 6, unread: [] });
      // The same folder's summary reads its logs (the spy sees them).
      expect((await run('summary', root, '--json')).code).toBe(0);
      expect(refresh).toHaveBeenCalled();
    } finally {
      refresh.mockRestore();
    }
  });

  it('says what is wrong in one line and exits non-zero', async () => {
    expect(await run('tree', '/no/such/folder')).toEqual({ code: 1, out: '', err: 'tracelens: /no/such/folder: does not exist\n' });
    expect(await run('tree', `${SAMPLES}aikg_v0_2025-06/aikg_logs/Task_vjcpfugt/exp_add_op/profiling/speed_up_record.txt`)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/is not a folder\n$/),
    });
    expect(await run('events', `${SAMPLES}aikg_v0_2025-06`)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^tracelens: no agent event log found under /),
    });
    expect(await run('frobnicate')).toEqual({ code: 2, out: '', err: 'tracelens: unknown command "frobnicate" (try tracelens --help)\n' });
    expect(await run('tree')).toMatchObject({ code: 2 });
    expect(await run('demo', '/tmp/x', '--ops', 'many')).toEqual({ code: 2, out: '', err: 'tracelens: --ops takes a whole number, not "many"\n' });
    expect(await run('tree', '--bogus')).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--bogus'") });
  });

  it('autopsy --json gives the reference report and the kernel analysis; --out writes only where it says', async () => {
    const sample = `${SAMPLES}mm_agent_documented_mcm_killer/2025_C_20260119-101530`;
    const { code, out } = await run('autopsy', sample, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.agent[0].report.summary).toEqual({
      total_failures: 5,
      total_autofix_attempts: 5,
      autofix_success_rate: '60.0%',
      most_common_failure: 'llm_call_error',
      most_problematic_stage: 'stage3',
    });
    expect(json.agent[0].differences).toEqual([]);
    expect(json.kernel).toBeNull();

    const dir = await mkdtemp(join(tmpdir(), 'tracelens-cli-'));
    temps.push(dir);
    const before = await readdir(`${SAMPLES}aikg_v1_2026-01`, { recursive: true });
    const written = await run('autopsy', `${SAMPLES}aikg_v1_2026-01`, '--out', join(dir, 'report.md'));
    expect(written).toMatchObject({ code: 0, out: '', err: `wrote the autopsy to ${join(dir, 'report.md')}\n` });
    const markdown = await readFile(join(dir, 'report.md'), 'utf8');
    await rm(join(dir, 'report.md'));
    expect(markdown).toContain('| Square_matrix_multiplication_ | 1_0_1 | 4 | coder | runtime | RuntimeError: CUDA error |');
    expect(await readdir(`${SAMPLES}aikg_v1_2026-01`, { recursive: true })).toEqual(before);
    expect(await run('autopsy', dir)).toMatchObject({ code: 1, err: expect.stringContaining('nothing to analyse') });
  });

  it('refuses an --out inside the folder it reads, directly or through a link, and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-out-'));
    temps.push(dir);
    await mkdir(join(dir, 'run', 'relu'), { recursive: true });
    await writeFile(join(dir, 'run', 'relu', 'I0_S01_relu_DoCoder_result.txt'), 'x');
    await symlink(join(dir, 'run', 'relu'), join(dir, 'into-run'));
    for (const out of [join(dir, 'run', 'report.json'), join(dir, 'run', 'relu', 'I0_S01_relu_DoCoder_result.txt'), join(dir, 'into-run', 'report.md')]) {
      const result = await run('autopsy', join(dir, 'run'), '--out', out);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/^tracelens: --out .* is inside the folder being read .*; TraceLens never writes there: choose a path outside it\n$/);
    }
    expect((await readdir(join(dir, 'run'))).sort()).toEqual(['relu']);
    expect(await readFile(join(dir, 'run', 'relu', 'I0_S01_relu_DoCoder_result.txt'), 'utf8')).toBe('x');
    expect(await run('autopsy', join(dir, 'run'), '--out', join(dir, 'report.json'))).toMatchObject({ code: 0 });
  });

  it('prints file names and log text on a terminal with their control characters made visible, and exact into a pipe', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-escape-'));
    temps.push(dir);
    await writeFile(join(dir, 'evil\x1b]0;owned\x07\x1b[2J\u009b31m\u202ename.txt'), 'x');
    for (const args of [
      ['tree', dir],
      ['tree', dir, '--json'],
    ]) {
      const { code, out } = await runOn(true, ...args);
      expect(code).toBe(0);
      for (const raw of ['\x1b', '\x07', '\u009b', '\u202e']) expect(out).not.toContain(raw);
      expect(out).toContain('evil\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202ename.txt');
    }
    // JSON stays JSON, with the same name in it, on a terminal and into a pipe (where the data stays exact).
    const name = 'evil\x1b]0;owned\x07\x1b[2J\u009b31m\u202ename.txt';
    expect(JSON.parse((await runOn(true, 'tree', dir, '--json')).out).otherFiles[0].path).toBe(name);
    const piped = await run('tree', dir);
    expect(piped.out).toContain(name);
    // An error line is one line on any stderr, escaped.
    const missing = await run('tree', join(dir, 'gone\x1b[2J'));
    expect(missing.err).toBe(`tracelens: ${join(dir, 'gone\\u001b[2J')}: does not exist\n`);
  });

  it('says in one line that a port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as { port: number }; // a TCP server's address
    try {
      const result = await run('serve', `${SAMPLES}aikg_v0_2025-06`, '--port', String(port));
      expect(result.code).toBe(1);
      expect(result.err).toBe(`tracelens: port ${port} is already in use on 127.0.0.1: pick another with --port N (or leave it out for a free one)\n`);
    } finally {
      blocker.close();
    }
  });

  it('prints help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toContain('tracelens tree <dir> [--json]');
  });
});
