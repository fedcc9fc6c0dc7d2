import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPath } from './classify';
import { formatRecordName, formatVerifyDirName, parseParsedName, parseRecordName, parseVerifyDirName } from './names';
import { roleOf } from './roles';

describe('parseRecordName', () => {
  it.each([
    // era A, CamelCase action values
    ['I0_S01_exp_add_op_DoDesigner_prompt.txt', 'exp_add_op', { task: '0', step: 1, agent: 'DoDesigner', param: 'prompt' }],
    ['I1_S06_exp_add_op_DoTester_error_log.txt', 'exp_add_op', { task: '1', step: 6, agent: 'DoTester', param: 'error_log' }],
    // the seed's upper-case enum names, never written by the code but made by hand
    ['I123_S03_exp_add_op_DO_DESIGNER_prompt.txt', 'exp_add_op', { task: '123', step: 3, agent: 'DO_DESIGNER', param: 'prompt' }],
    // era B: task with underscores, op ending with `_` (double underscore before the agent)
    [
      'I1_0_0_S03_Square_matrix_multiplication__verifier_error_log.txt',
      'Square_matrix_multiplication_',
      { task: '1_0_0', step: 3, agent: 'verifier', param: 'error_log' },
    ],
    [
      'I1_0_1_S03_Square_matrix_multiplication__decision_decision_reasoning.txt',
      'Square_matrix_multiplication_',
      { task: '1_0_1', step: 3, agent: 'decision_decision', param: 'reasoning' },
    ],
    // era C: leading underscore task, agent with underscores
    ['Iteration_Init_Task1_Step01_relu_kernel_gen_reasoning.txt', 'relu', { task: '_Init_Task1', step: 1, agent: 'kernel_gen', param: 'reasoning' }],
    ['Iteration_Gen1_Task3_Step02_relu_conductor_decision_prompt.txt', 'relu', { task: '_Gen1_Task3', step: 2, agent: 'conductor_decision', param: 'prompt' }],
    // three-digit steps, free-text tasks
    ['I1_Island0_Task3_S100_relu_coder_result.txt', 'relu', { task: '1_Island0_Task3', step: 100, agent: 'coder', param: 'result' }],
    ['Itask_00001_101530_S7_relu_coder_prompt.txt', 'relu', { task: 'task_00001_101530', step: 7, agent: 'coder', param: 'prompt' }],
    ['Icli_4f2a_S02_relu_fix_code_gen_result.txt', 'relu', { task: 'cli_4f2a', step: 2, agent: 'fix_code_gen', param: 'result' }],
    // the MathIR branch (FORMATS.md §4.2): newer params, some with an underscore; any other is the last `_` token
    [
      'Iteration0_Step01_akg_agents_rmsnorm_api_recall_structured_path.txt',
      'akg_agents_rmsnorm',
      { task: '0', step: 1, agent: 'api_recall', param: 'structured_path' },
    ],
    [
      'Iteration0_Step02_akg_agents_rmsnorm_multi_expr_combine_summary.txt',
      'akg_agents_rmsnorm',
      { task: '0', step: 2, agent: 'multi_expr_combine', param: 'summary' },
    ],
    ['Iteration0_Step01_akg_agents_rmsnorm_multi_expr_gen_mode.txt', 'akg_agents_rmsnorm', { task: '0', step: 1, agent: 'multi_expr_gen', param: 'mode' }],
    ['I0_S01_exp_add_op_DoDesigner_trace.txt', 'exp_add_op', { task: '0', step: 1, agent: 'DoDesigner', param: 'trace' }],
  ])('%s', (name, op, expected) => {
    expect(parseRecordName(name, op)).toEqual(expected);
  });

  it.each([
    ['I0_S01_other_op_DoDesigner_prompt.txt', 'exp_add_op'], // another op
    ['I0_Step01_exp_add_op_DoDesigner_prompt.txt', 'exp_add_op'], // mixed I with Step
    ['Iteration0_S01_exp_add_op_DoDesigner_prompt.txt', 'exp_add_op'], // mixed Iteration with S: neither form
    ['I0_Sx_exp_add_op_DoDesigner_prompt.txt', 'exp_add_op'], // S without digits
    ['I0_S01_exp_add_op__prompt.txt', 'exp_add_op'], // empty agent
  ])('refuses %s', (name, op) => {
    expect(parseRecordName(name, op)).toBeNull();
  });
});

describe('parseVerifyDirName', () => {
  it.each([
    ['I0_S03_verify', { task: '0', step: 3, multicase: false }],
    ['I1_0_0_S05_verify', { task: '1_0_0', step: 5, multicase: false }],
    ['Iteration_Init_Task1_Step03_verify', { task: '_Init_Task1', step: 3, multicase: false }],
    ['I7_multicase_S04_verify', { task: '7', step: 4, multicase: true }],
    // the MathIR branch's sub-expression attempts: task `0_multi_expr1`, its attempt the step
    ['Iteration0_multi_expr1_Attempt01_verify', { task: '0_multi_expr1', step: 1, multicase: false }],
  ])('%s', (name, expected) => expect(parseVerifyDirName(name)).toEqual(expected));

  it('refuses names that are not verify folders', () => {
    expect(parseVerifyDirName('config_1_verify')).toBeNull();
    expect(parseVerifyDirName('I0_S03')).toBeNull();
    expect(parseVerifyDirName('I0_Step03_verify')).toBeNull();
  });
});

describe('classifyPath', () => {
  it('takes the op from the folder, or the grandparent under conductor/ and recorder/', () => {
    expect(classifyPath('Task_x/relu/conductor/Iteration_Init_Task1_Step02_relu_conductor_decision_result.txt', 'logs')).toMatchObject({
      kind: 'record',
      op: 'relu',
      opDir: 'Task_x/relu',
      conductor: true,
      task: '_Init_Task1',
      step: 2,
    });
    expect(classifyPath('Task_x/mm_/recorder/I1_0_0_S01_mm__designer_parsed.txt', 'logs')).toMatchObject({
      kind: 'parsed',
      op: 'mm_',
      task: '1_0_0',
      agent: 'designer',
    });
  });

  it('reads a record at the top when the opened folder is the op folder', () => {
    expect(classifyPath('I0_S01_relu_DoDesigner_prompt.txt', 'relu')).toMatchObject({ kind: 'record', op: 'relu', opDir: '' });
  });

  it('recognises a record whose op differs from its folder by a known agent', () => {
    expect(classifyPath('flat/I0_S02_softmax_DoCoder_result.txt', 'x')).toMatchObject({ kind: 'record', op: 'softmax', task: '0', step: 2, agent: 'DoCoder' });
  });

  it('puts every file below a verify folder in it, passed_cases copies included', () => {
    expect(classifyPath('T/relu/I0_S03_verify/__pycache__/a.pyc', 'r')).toMatchObject({
      kind: 'verify',
      opDir: 'T/relu',
      verifyDir: 'T/relu/I0_S03_verify',
      passedCase: false,
    });
    expect(classifyPath('T/passed_cases/relu/I0_S03_verify/relu_torch.py', 'r')).toMatchObject({
      kind: 'verify',
      opDir: 'T/relu',
      op: 'relu',
      passedCase: true,
    });
    expect(classifyPath('T/relu/I2_multicase_S04_verify/verify_relu.py', 'r')).toMatchObject({ kind: 'verify', task: '2', step: 4, multicase: true });
  });

  it('knows the other files of a run', () => {
    expect(classifyPath('T/relu/profiling/speed_up_record.txt', 'r')).toEqual({ kind: 'speedup', opDir: 'T/relu', op: 'relu' });
    expect(classifyPath('T/verification_results.jsonl', 'r')).toEqual({ kind: 'verification-results', runDir: 'T' });
    expect(classifyPath('T/relu_lineage_graph.md', 'r')).toEqual({ kind: 'run-file', runDir: 'T' });
    expect(classifyPath('T/relu/I3_S02/space.json', 'r')).toMatchObject({ kind: 'config', task: '3', step: 2 });
    expect(classifyPath('T/relu/relu_check_desc_4/x.py', 'r')).toMatchObject({ kind: 'temp', op: 'relu', task: '4', purpose: 'check_desc' });
    expect(classifyPath('run/Memory/logs/trace.jsonl', 'r')).toEqual({ kind: 'event-log', runDir: 'run', logDir: 'run/Memory/logs', format: 'mm_v2' });
    expect(classifyPath('run/Report/01_Research_Journal.md', 'r')).toEqual({ kind: 'run-file', runDir: 'run' });
  });

  it('lists what it cannot explain as other files, with a reason', () => {
    expect(classifyPath('T/notes.txt', 'r')).toEqual({ kind: 'other', reason: 'not part of any known trace format' });
    expect(classifyPath('T/relu/I0_S01_gelu_thing_prompt.txt', 'r')).toMatchObject({
      kind: 'other',
      reason: expect.stringContaining('does not match op "relu"'),
    });
  });
});

describe('roles', () => {
  it('classifies every agent token seen on disk, in any case', () => {
    expect(roleOf('DoDesigner', false)).toBe('designer');
    expect(roleOf('DO_DESIGNER', false)).toBe('designer');
    expect(roleOf('FixCoder', false)).toBe('coder');
    expect(roleOf('kernel_gen', false)).toBe('coder');
    expect(roleOf('DoTester', false)).toBe('verifier');
    expect(roleOf('decision_decision', false)).toBe('conductor');
    expect(roleOf('code_checker', false)).toBe('other');
    expect(roleOf('a_brand_new_agent', false)).toBe('other');
    expect(roleOf('constructor', false)).toBe('other');
    expect(roleOf('Kernel_Gen', false)).toBe('coder');
    expect(roleOf('DoCoder', true)).toBe('conductor');
  });
});

// Arbitrary parts as writers produce them: task ids and op names may hold underscores and
// digits (ops may end with `_`, tasks may start with it), agents come from the writers' set.
const segment = fc.stringMatching(/^[A-Za-z0-9]{1,6}$/);
const underscored = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('_'));
const task = fc.tuple(fc.boolean(), underscored).map(([leading, body]) => (leading ? `_${body}` : body));
const op = fc.tuple(underscored, fc.boolean()).map(([body, trailing]) => (trailing ? `${body}_` : body));
const agent = fc.constantFrom(
  'DoDesigner',
  'FixCoder',
  'DO_CODER',
  'designer',
  'kernel_gen',
  'fix_code_gen',
  'verifier',
  'decision_decision',
  'conductor_decision',
  'code_checker',
  'OpTaskBuilder',
);
const param = fc.constantFrom('prompt' as const, 'reasoning' as const, 'result' as const, 'error_log' as const);
const style = fc.constantFrom('I_S' as const, 'Iteration_Step' as const);

describe('name round trip (property)', () => {
  it('any task / op / step / agent → name → the same parts', () => {
    fc.assert(
      fc.property(style, task, op, fc.integer({ min: 0, max: 2000 }), agent, param, (style, task, op, step, agent, param) => {
        // A task that itself contains `_S<digits>_<op>_` could be split elsewhere; writers never make one.
        fc.pre(!new RegExp(`_(S|Step)\\d+_`).test(`${task}_`));
        const name = formatRecordName(style, { task, step, op, agent, param });
        expect(parseRecordName(name, op)).toEqual({ task, step, agent, param });
        expect(classifyPath(`run/${op}/${name}`, 'root')).toMatchObject({ kind: 'record', op, task, step, agent, param });
      }),
      { numRuns: 2000 },
    );
  });

  it('records with params beyond the four, known or not, read back with their agent and param', () => {
    const newer = fc.oneof(fc.constantFrom('mode', 'summary', 'status', 'structured_path', 'docs_path'), fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/));
    fc.assert(
      fc.property(style, task, op, fc.integer({ min: 0, max: 2000 }), agent, newer, (style, task, op, step, agent, param) => {
        fc.pre(!new RegExp(`_(S|Step)\\d+_`).test(`${task}_`) && param !== 'parsed');
        // An agent that ends with a known param's first word would be read with that param (`…_structured` + `_path`): writers name none so.
        fc.pre(!['structured', 'docs'].some((word) => agent.endsWith(`_${word}`) || agent === word));
        const name = formatRecordName(style, { task, step, op, agent, param: param as 'result' });
        expect(parseRecordName(name, op)).toEqual({ task, step, agent, param });
        expect(classifyPath(`run/${op}/${name}`, 'root')).toMatchObject({ kind: 'record', op, task, step, agent, param });
      }),
      { numRuns: 2000 },
    );
  });

  it('verify folder names round trip', () => {
    fc.assert(
      fc.property(style, task, fc.integer({ min: 0, max: 2000 }), (style, task, step) => {
        fc.pre(!/_(S|Step)\d+/.test(task) && !task.endsWith('_multicase'));
        expect(parseVerifyDirName(formatVerifyDirName(style, task, step))).toEqual({ task, step, multicase: false });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('record names read by hand, as the pattern of FORMATS.md §1.2 reads them (property)', () => {
  // The pattern the hand-written reader stands for: the Iteration…Step form first, greedy parts.
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const byPattern = (name: string, op: string, tail: string) => {
    for (const [prefix, step] of [
      ['Iteration', 'Step'],
      ['I', 'S'],
    ] as const) {
      const groups = new RegExp(`^${prefix}(?<task>.+)_${step}(?<step>\\d+)_${escape(op)}_(?<agent>.+)_(?<tail>${tail})\\.txt$`, 's').exec(name)?.groups;
      if (groups) return groups;
    }
    return null;
  };
  // Names made of the pieces that can mislead a reader: prefixes, step markers, digits, the op
  // itself, underscores, params and stray characters, in any order.
  const ops = ['relu', 'a_S1_b', 'x_', '_', 'S2', 'I', 'Step3_relu'];
  const piece = fc.constantFrom(
    'I',
    'Iteration',
    'S',
    'Step',
    '_',
    '0',
    '12',
    'relu',
    'a_S1_b',
    'x_',
    'S2',
    'Step3',
    'coder',
    'prompt',
    'result',
    'parsed',
    'error_log',
    '.txt',
    'é',
    '\n',
    'x',
  );
  const name = fc.array(piece, { maxLength: 14 }).map((pieces) => pieces.join(''));

  it('gives the parts the pattern gives, for any name and op', () => {
    fc.assert(
      fc.property(name, fc.constantFrom(...ops), fc.boolean(), (body, op, isWellFormedEnd) => {
        const candidate = isWellFormedEnd ? `${body}_result.txt` : body;
        const record = byPattern(candidate, op, 'prompt|reasoning|result|error_log');
        expect(parseRecordName(candidate, op)).toEqual(record && { task: record.task, step: Number(record.step), agent: record.agent, param: record.tail });
        const parsedName = isWellFormedEnd ? `${body}_parsed.txt` : body;
        const parsed = byPattern(parsedName, op, 'parsed');
        expect(parseParsedName(parsedName, op)).toEqual(parsed && { task: parsed.task, step: Number(parsed.step), agent: parsed.agent });
      }),
      { numRuns: 20_000 },
    );
  });

  it('finds real names among the generated ones (the property is not vacuous)', () => {
    expect(parseRecordName('I_x_S2_S1_relu_relu_coder_result.txt', 'relu')).toEqual({ task: '_x_S2', step: 1, agent: 'relu_coder', param: 'result' });
    expect(parseRecordName('Iteration1_Step2_a_S1_b_coder_prompt.txt', 'a_S1_b')).toEqual({ task: '1', step: 2, agent: 'coder', param: 'prompt' });
    expect(parseParsedName('I3_S04_relu_coder_parsed.txt', 'relu')).toEqual({ task: '3', step: 4, agent: 'coder' });
  });
});
