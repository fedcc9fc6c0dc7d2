import { formatRecordName, formatVerifyDirName } from '../parse/names';

/**
 * A realistic kernel-generation run as a list of file writes (pure: main/demo.ts performs them).
 * Era A names (`I0_S02_op_DoCoder_result.txt`) in one run, era C names
 * (`Iteration_Init_Task1_Step01_op_kernel_gen_result.txt`) in another, verify folders, conductor
 * notes, speed-up records, verification_results.jsonl, passed_cases copies, and a documented
 * tracker log (readable log while running, final JSON at the end). Seeded: the same options
 * always give the same files.
 */
export interface DemoOptions {
  readonly ops?: number;
  readonly tasksPerOp?: number;
  readonly seed?: number;
  /** Include the MM-Agent style event log (default true). */
  readonly eventLog?: boolean;
}

export type DemoWrite =
  { readonly kind: 'write'; readonly path: string; readonly content: string } | { readonly kind: 'append'; readonly path: string; readonly content: string };

/** Writes grouped into ticks: a live writer waits between ticks, as a real agent does between calls. */
export type DemoPlan = ReadonlyArray<readonly DemoWrite[]>;

const OP_NAMES = [
  'relu',
  'exp_add_op',
  'softmax',
  'layer_norm',
  'Square_matrix_multiplication_',
  'gelu_tanh',
  'rms_norm',
  'conv2d_3x3',
  'top_k',
  'flash_attn_fwd',
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ERRORS = [
  (op: string, dir: string) =>
    `Traceback (most recent call last):\n  File "/home/user/aikg_logs/${dir}/verify_${op}.py", line 42, in <module>\n    assert torch.allclose(out, ref, atol=1e-2)\nAssertionError: 输出不一致: max_abs_diff=3.2e-01 (atol=1e-02)\n`,
  (op: string, dir: string) =>
    `Traceback (most recent call last):\n  File "/home/user/aikg_logs/${dir}/verify_${op}.py", line 6, in <module>\n    from ${op}_triton import ${op}_triton_torch\n  File "/home/user/aikg_logs/${dir}/${op}_triton.py", line 9\n    tl.store(o_ptr + offs, y\n            ^\nSyntaxError: '(' was never closed\n`,
  (op: string, dir: string) =>
    `Traceback (most recent call last):\n  File "/home/user/aikg_logs/${dir}/${op}_triton.py", line 14, in ${op}_triton_torch\n    k[grid](x, o, n, BLOCK=4096)\ntriton.runtime.errors.OutOfResources: out of resource: shared memory, Required: 262144, Hardware limit: 101376\n`,
];

function kernel(op: string, attempt: number, block: number): string {
  return [
    'import torch',
    'import triton',
    'import triton.language as tl',
    '',
    '',
    '@triton.jit',
    `def ${op}_kernel(x_ptr, o_ptr, n, BLOCK: tl.constexpr):`,
    '    pid = tl.program_id(0)',
    '    offs = pid * BLOCK + tl.arange(0, BLOCK)',
    attempt > 1 ? '    mask = offs < n' : '',
    `    x = tl.load(x_ptr + offs${attempt > 1 ? ', mask=mask, other=0.0' : ''})`,
    `    y = ${op.includes('relu') ? 'tl.maximum(x, 0.0)' : 'tl.exp(x) - 1.0'}`,
    `    tl.store(o_ptr + offs, y${attempt > 1 ? ', mask=mask' : ''})`,
    '',
    '',
    `def ${op}_triton_torch(x):`,
    '    o = torch.empty_like(x)',
    '    n = x.numel()',
    `    grid = (triton.cdiv(n, ${block}),)`,
    `    ${op}_kernel[grid](x, o, n, BLOCK=${block})`,
    '    return o',
    '',
  ].join('\n');
}

function reference(op: string): string {
  return `import torch\nimport torch.nn as nn\n\n\nclass Model(nn.Module):\n    def forward(self, x):\n        return torch.relu(x)\n\n\ndef get_inputs():\n    return [torch.randn(4096, 4096, device="cuda")]\n\n\ndef get_init_inputs():\n    return []\n\n# reference for ${op}\n`;
}

function verifyScript(op: string, impl: string): string {
  return `import torch\nfrom ${op}_torch import Model as FrameworkModel, get_inputs, get_init_inputs\nfrom ${impl} import ${op}_triton_torch\n\n\ndef verify():\n    inputs = get_inputs()\n    ref = FrameworkModel(*get_init_inputs())(*inputs)\n    out = ${op}_triton_torch(*inputs)\n    assert torch.allclose(out, ref, atol=1e-2), "输出不一致"\n\n\nif __name__ == "__main__":\n    verify()\n`;
}

interface Era {
  readonly style: 'I_S' | 'Iteration_Step';
  readonly designer: string;
  readonly coder: (attempt: number) => string;
  readonly verifier: string;
  readonly conductorCheck: string;
  readonly conductorAnalyze: string;
  readonly taskIds: (count: number) => string[];
  readonly implSuffix: string;
}

const ERA_A: Era = {
  style: 'I_S',
  designer: 'DoDesigner',
  coder: (attempt) => (attempt === 1 ? 'DoCoder' : 'FixCoder'),
  verifier: 'DoTester',
  conductorCheck: 'CheckCoder',
  conductorAnalyze: 'AnalyzeError',
  taskIds: (count) => Array.from({ length: count }, (_, i) => String(i)),
  implSuffix: 'triton',
};

const ERA_C: Era = {
  style: 'Iteration_Step',
  designer: 'kernel_designer',
  coder: () => 'kernel_gen',
  verifier: 'verifier',
  conductorCheck: 'conductor_decision',
  conductorAnalyze: 'conductor_decision',
  taskIds: (count) => Array.from({ length: count }, (_, i) => (i < 2 ? `_Init_Task${i + 1}` : `_Gen${Math.floor(i / 2)}_Task${i + 1}`)),
  implSuffix: 'triton_cuda_impl',
};

function timestamp(base: number, offsetMs: number): string {
  return new Date(base + offsetMs)
    .toISOString()
    .replace('Z', '')
    .replace(/\.(\d{3})$/, '.$1000');
}

/** Python's repr of a flat dict of str/int/float/bool/None values (enough for the demo events). */
function pyDict(data: Readonly<Record<string, string | number | boolean | null>>): string {
  const item = (value: string | number | boolean | null): string =>
    value === null
      ? 'None'
      : value === true
        ? 'True'
        : value === false
          ? 'False'
          : typeof value === 'number'
            ? String(value)
            : `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
  return `{${Object.entries(data)
    .map(([key, value]) => `'${key}': ${item(value)}`)
    .join(', ')}}`;
}

export function demoPlan(options: DemoOptions = {}): DemoPlan {
  const ops = Math.max(1, options.ops ?? 2);
  const tasksPerOp = Math.max(1, options.tasksPerOp ?? 3);
  const random = mulberry32(options.seed ?? 42);
  const ticks: DemoWrite[][] = [];
  const startMs = Date.UTC(2026, 0, 19, 10, 15, 30);
  let clock = 0;
  const events: Array<{ type: string; level: string; data: Record<string, string | number | boolean | null>; at: number }> = [];
  const logDir = 'mm_agent_run/Memory/logs';
  const withEvents = options.eventLog ?? true;

  const event = (tick: DemoWrite[], type: string, level: string, data: Record<string, string | number | boolean | null>): void => {
    if (!withEvents) return;
    clock += 200 + Math.floor(random() * 1800);
    events.push({ type, level, data, at: clock });
    const elapsed = (clock / 1000).toFixed(3);
    tick.push({
      kind: 'append',
      path: `${logDir}/execution_tracker_readable.txt`,
      content: `[${timestamp(startMs, clock)}] (+${elapsed}s) [${level}] ${type}: ${pyDict(data)}\n`,
    });
  };

  // Two runs of the same ops, as a team sees when it moves from the 2025 agent to the current one:
  // the overview shows both, and `compare` (or the app's Compare) puts them side by side.
  for (const [eraIndex, era] of [ERA_A, ERA_C].entries()) {
    const run = eraIndex === 0 ? 'aikg_logs/Task_demo0a1' : 'akg_agents_logs/Task_demo0c3';
    for (let o = 0; o < ops; o++) {
      const op = ops <= OP_NAMES.length ? OP_NAMES[o]! : `${OP_NAMES[o % OP_NAMES.length]}_${o}`;
      const opDir = `${run}/${op}`;
      const stageTick: DemoWrite[] = [];
      event(stageTick, 'stage_start', 'INFO', { stage: op, name: `Generate ${op}` });
      ticks.push(stageTick);
      for (const task of era.taskIds(tasksPerOp)) {
        const name = (step: number, agent: string, param: 'prompt' | 'reasoning' | 'result' | 'error_log') =>
          formatRecordName(era.style, { task, step, op, agent, param });
        const design: DemoWrite[] = [];
        event(design, 'llm_call_start', 'INFO', { model: 'deepseek-v3', prompt_length: 5200, stage: op });
        design.push(
          {
            kind: 'write',
            path: `${opDir}/${name(1, era.designer, 'prompt')}`,
            content: `# Task\nDesign a Triton kernel for \`${op}\` on an A100.\n\n## Reference\n\n${reference(op)}`,
          },
          {
            kind: 'write',
            path: `${opDir}/${name(1, era.designer, 'reasoning')}`,
            content: `The op is element-wise and memory bound; one program per ${1024} elements, vectorised loads, no shared memory.\n需要处理尾部元素 (n 不是 BLOCK 的倍数)。\n`,
          },
          {
            kind: 'write',
            path: `${opDir}/${name(1, era.designer, 'result')}`,
            content: `## Sketch\n- grid = cdiv(n, BLOCK)\n- BLOCK = 1024, num_warps = 4\n- mask the tail\n`,
          },
          {
            kind: 'write',
            path: `${opDir}/conductor/${name(1, era === ERA_A ? 'CheckDesigner' : era.conductorCheck, 'result')}`,
            content: '{"result": 1, "reason": "设计合理", "suggestions": ""}',
          },
        );
        event(design, 'llm_call_end', 'INFO', { model: 'deepseek-v3', response_length: 1900, tokens_used: 7100, stage: op });
        ticks.push(design);

        const attempts = 1 + Math.floor(random() * 3);
        const passes = random() < 0.8;
        let step = 2;
        for (let attempt = 1; attempt <= attempts; attempt++) {
          const isLast = attempt === attempts;
          const passed = isLast && passes;
          const coderTick: DemoWrite[] = [];
          const agent = era.coder(attempt);
          const block = [1024, 2048, 4096][attempt % 3]!;
          event(coderTick, 'llm_call_start', 'INFO', { model: 'deepseek-v3', prompt_length: 8400, stage: op });
          coderTick.push(
            {
              kind: 'write',
              path: `${opDir}/${name(step, agent, 'prompt')}`,
              content: `Write the Triton kernel for ${op} following the sketch.${attempt > 1 ? '\nThe previous attempt failed verification; see the error log below.' : ''}\n`,
            },
            {
              kind: 'write',
              path: `${opDir}/${name(step, agent, 'reasoning')}`,
              content: attempt > 1 ? `The last version did not mask the tail; add mask = offs < n and use BLOCK=${block}.\n` : '',
            },
            { kind: 'write', path: `${opDir}/${name(step, agent, 'result')}`, content: `${kernel(op, attempt, block)}\n'''\nTriton 实现 v${attempt}\n'''\n` },
          );
          event(coderTick, 'llm_call_end', 'INFO', { model: 'deepseek-v3', response_length: 2600, tokens_used: 11000, stage: op });
          ticks.push(coderTick);

          const verifyDir = `${opDir}/${formatVerifyDirName(era.style, task, step)}`;
          const verifyName = formatVerifyDirName(era.style, task, step);
          const verifyTick: DemoWrite[] = [];
          event(verifyTick, 'code_exec_start', 'INFO', { stage: op, script: `verify_${op}.py` });
          verifyTick.push(
            { kind: 'write', path: `${verifyDir}/${op}_torch.py`, content: reference(op) },
            { kind: 'write', path: `${verifyDir}/${op}_${era.implSuffix}.py`, content: kernel(op, attempt, block) },
            { kind: 'write', path: `${verifyDir}/verify_${op}.py`, content: verifyScript(op, `${op}_${era.implSuffix}`) },
          );
          const errorText = ERRORS[Math.floor(random() * ERRORS.length)]!(op, verifyName);
          if (era === ERA_C) {
            const record = {
              task_name: op,
              task_id: task,
              step,
              verify_dir: `/home/user/akg_agents_logs/${verifyDir.split('/').slice(1).join('/')}`,
              passed,
              error_log: passed ? '' : errorText,
              timestamp: timestamp(startMs, clock),
              framework: 'torch',
              dsl: 'triton_cuda',
              backend: 'cuda',
              arch: 'a100',
            };
            verifyTick.push({ kind: 'append', path: `${run}/verification_results.jsonl`, content: `${JSON.stringify(record, null, 2)}\n\n` });
          }
          if (passed) {
            const base = 9.87 * (1 + o);
            const generation = base / (0.6 + random() * 1.2);
            const roofline =
              era === ERA_C ? `, roofline_time: ${(base * 0.4).toFixed(6)} us, roofline_speedup: ${((base * 0.4) / generation).toFixed(6)}x` : '';
            verifyTick.push(
              { kind: 'write', path: `${verifyDir}/profile_${op}_base.py`, content: `# profiles the torch reference of ${op}\n` },
              { kind: 'write', path: `${verifyDir}/profile_${op}_generation.py`, content: `# profiles the generated ${op}\n` },
              {
                kind: 'append',
                path: `${opDir}/profiling/speed_up_record.txt`,
                content: `op_name: ${op}, task_id: ${task}, unique_dir: ${verifyName}, base_time: ${base.toFixed(6)} us, generation_time: ${generation.toFixed(6)} us, speedup: ${(base / generation).toFixed(6)}x${roofline}\n${era === ERA_A ? '\n' : ''}`,
              },
            );
            if (era === ERA_C) {
              for (const file of [`${op}_torch.py`, `${op}_${era.implSuffix}.py`, `verify_${op}.py`]) {
                verifyTick.push({
                  kind: 'write',
                  path: `${run}/passed_cases/${op}/${verifyName}/${file}`,
                  content: file.startsWith('verify')
                    ? verifyScript(op, `${op}_${era.implSuffix}`)
                    : file.endsWith('torch.py')
                      ? reference(op)
                      : kernel(op, attempt, block),
                });
              }
            }
            event(verifyTick, 'code_exec_end', 'INFO', { stage: op, passed: true, speedup: Number((base / generation).toFixed(3)) });
          } else {
            verifyTick.push({ kind: 'write', path: `${opDir}/${name(step + 1, era.verifier, 'error_log')}`, content: errorText });
            event(verifyTick, 'code_exec_error', 'ERROR', { stage: op, error: errorText.trim().split('\n').pop() ?? '', attempt });
            if (!isLast) {
              verifyTick.push(
                {
                  kind: 'write',
                  path: `${opDir}/conductor/${name(step + 1, era.conductorAnalyze, 'prompt')}`,
                  content: `Analyse this verifier error and decide the next step:\n${errorText}`,
                },
                {
                  kind: 'write',
                  path: `${opDir}/conductor/${name(step + 1, era.conductorAnalyze, 'result')}`,
                  content: '{"result": 2, "reason": "数值不一致，需要修复 mask", "suggestions": "mask the tail with offs < n"}',
                },
              );
            } else {
              event(verifyTick, 'task_error', 'ERROR', { task: `${op}/${task}`, stage: op, error: 'gave up after the last attempt' });
            }
          }
          ticks.push(verifyTick);
          step += 2;
        }
      }
      const endTick: DemoWrite[] = [];
      event(endTick, 'stage_end', 'INFO', { stage: op, duration: Number((clock / 1000).toFixed(1)) });
      ticks.push(endTick);
    }
  }

  if (withEvents) {
    const json = {
      start_time: timestamp(startMs, 0),
      events: events.map((e) => ({ timestamp: timestamp(startMs, e.at), elapsed_seconds: e.at / 1000, type: e.type, level: e.level, data: e.data })),
      total_events: events.length,
    };
    ticks.push([{ kind: 'write', path: `${logDir}/execution_tracker.json`, content: JSON.stringify(json, null, 2) }]);
  }
  return ticks;
}
