import { describe, expect, it } from 'vitest';
import type { Round } from '../model/trace';
import { parseRound } from '../parse/autoresearch';
import { TraceTreeBuilder } from './traceTree';

const OP = 'Task_x/relu';

describe('the tree builder', () => {
  it("names each attempt's verified kernel and its reference, as verify-folder files come and go", () => {
    const builder = new TraceTreeBuilder('logs');
    builder.addFile(`${OP}/Iteration_Init_Task1_Step01_relu_kernel_gen_result.txt`);
    builder.addFile(`${OP}/Iteration_Init_Task1_Step01_verify/verify_relu.py`);
    const step = () => builder.snapshot().runs[0]!.ops[0]!.tasks[0]!.steps[0]!;
    expect(step()).toMatchObject({ kernelFile: null, referenceFile: null });
    builder.trackChanges();
    builder.addFile(`${OP}/Iteration_Init_Task1_Step01_verify/relu_torch.py`);
    builder.addFile(`${OP}/Iteration_Init_Task1_Step01_verify/relu_triton_cuda_impl.py`);
    builder.addFile(`${OP}/Iteration_Init_Task1_Step01_verify/__pycache__/relu_other_impl.py`); // not the folder's own file
    expect(builder.takeChangedTasks()).toHaveLength(1);
    expect(step()).toMatchObject({
      kernelFile: `${OP}/Iteration_Init_Task1_Step01_verify/relu_triton_cuda_impl.py`,
      referenceFile: `${OP}/Iteration_Init_Task1_Step01_verify/relu_torch.py`,
    });
    builder.removeFile(`${OP}/Iteration_Init_Task1_Step01_verify/relu_triton_cuda_impl.py`);
    expect(step().kernelFile).toBeNull();
  });

  it('joins AutoResearch rounds to the verifier task once it is there, and lets them go with their file', () => {
    const builder = new TraceTreeBuilder('logs');
    const ar = 'Task_x/relu_1796311634_f7b111';
    const round = (n: number, line: string) => parseRound(line, `${ar}/log.jsonl`, n + 1) as Round;
    builder.addFile(`${ar}/task.yaml`);
    builder.addFile(`${ar}/log.jsonl`);
    builder.setRounds(`${ar}/log.jsonl`, [round(0, '{"round": 0, "correctness": true, "accepted": true, "metrics": {"speedup_vs_ref": 0.5}}')]);
    // No verifier log yet: the rounds stand as a task named by their folder.
    const tasks = () =>
      builder.snapshot().runs.flatMap((run) => run.ops.flatMap((op) => op.tasks.map((task) => `${op.path}:${task.id}:${task.attemptSteps.join(',')}`)));
    expect(tasks()).toEqual(['Task_x/relu:relu_1796311634_f7b111:0']);
    builder.addFile('Task_x/relu/Iterationar_0badf00d_Step00_verify/relu_torch.py');
    builder.setRounds(`${ar}/log.jsonl`, [
      round(0, '{"round": 0, "correctness": true, "accepted": true}'),
      round(1, '{"round": 1, "correctness": false, "accepted": false}'),
    ]);
    expect(tasks()).toEqual(['Task_x/relu:ar_0badf00d:0,1']);
    const [seed, first] = builder.snapshot().runs[0]!.ops[0]!.tasks[0]!.steps;
    expect(seed).toMatchObject({ status: 'passed', statusSource: 'round', verifyDir: 'Iterationar_0badf00d_Step00_verify', round: { decision: 'SEED' } });
    expect(first).toMatchObject({ status: 'failed', statusSource: 'round', verifyDir: null, round: { decision: 'rejected', line: 2 } });
    builder.removeFile(`${ar}/log.jsonl`);
    expect(tasks()).toEqual(['Task_x/relu:ar_0badf00d:']);
    expect(builder.snapshot().runs[0]!.autoresearch).toMatchObject([{ dir: ar, roundsFile: null, task: null }]);
  });

  it('finds log roots by what they hold: an akg-op output folder, its logs/ root without a Task_ folder, and the files beside it', () => {
    const builder = new TraceTreeBuilder('outputs');
    for (const name of ['run.log', 'summary.json', 'generated_code.py']) builder.addFile(`out/${name}`);
    // Before its logs/ holds a run, nothing says these names are the run's.
    expect(builder.snapshot().otherFiles.map((file) => file.path)).toEqual(['out/generated_code.py', 'out/run.log', 'out/summary.json']);
    builder.addFile('out/logs/verification_results.jsonl');
    builder.addFile('out/logs/relu/Iteration0_Step01_relu_kernel_gen_result.txt');
    const { runs, otherFiles } = builder.snapshot();
    expect(otherFiles).toEqual([]);
    expect(runs.map((run) => [run.path, run.files, run.ops.map((op) => op.path)])).toEqual([
      ['out/logs', ['out/generated_code.py', 'out/logs/verification_results.jsonl', 'out/run.log', 'out/summary.json'], ['out/logs/relu']],
    ]);
  });

  it('keeps the catlass / ascendc source trees and the msprof output of a verify folder as its files, never other files', () => {
    const builder = new TraceTreeBuilder('logs');
    const verify = `${OP}/Iteration_Init_Task1_Step01_verify`;
    const files = [
      'kernel.py',
      'proto.yaml',
      'cann_correctness.py',
      'reference.py',
      'catlass_op/op_kernel/relu_kernel.cpp',
      'catlass_op/CMakeLists.txt',
      'ascendc_op/op_host/relu_tiling.h',
      'PROF_000001_20260715/mindstudio_profiler_output/op_summary_20260715.csv',
      'PROF_000001_20260715/mindstudio_profiler_output/msprof_20260715.json',
      'trace_view.json',
    ];
    for (const file of files) builder.addFile(`${verify}/${file}`);
    const tree = builder.snapshot();
    expect(tree.otherFiles).toEqual([]);
    expect(tree.runs[0]!.ops[0]!.tasks[0]!.steps[0]).toMatchObject({
      verifyDirs: [verify],
      kernelFile: `${verify}/kernel.py`,
      referenceFile: `${verify}/reference.py`,
    });
  });

  it('builds what is found so far within a budget: the first op always, then ops until the budget is spent, and every op already built', () => {
    const builder = new TraceTreeBuilder('logs');
    for (const op of ['add', 'mul', 'relu']) builder.addFile(`Task_x/${op}/I0_S01_${op}_DoCoder_result.txt`);
    const ops = (tree: ReturnType<TraceTreeBuilder['snapshot']>) => tree.runs.flatMap((run) => run.ops.map((op) => `${op.name}:${op.tasks.length}`));
    // No time at all: the first op only (it is built, so the next call has it for free).
    expect(ops(builder.snapshotWithin(0))).toEqual(['add:1']);
    builder.snapshot(); // every task built
    builder.addFile('Task_x/mul/I1_S01_mul_DoCoder_result.txt'); // mul changes: its tasks are built anew
    expect(ops(builder.snapshotWithin(0))).toEqual(['add:1', 'relu:1']);
    // An op given once is given again, built anew when it changed, whatever the budget: rows never go away.
    builder.addFile('Task_x/add/I1_S01_add_DoCoder_result.txt');
    builder.addFile('Task_x/relu/I1_S01_relu_DoCoder_result.txt');
    expect(ops(builder.snapshotWithin(0))).toEqual(['add:2', 'relu:2']); // mul, never given, waits for a call with time to spare
    // Time enough: every op, whole, as the snapshot has it.
    expect(builder.snapshotWithin(60_000)).toEqual(builder.snapshot());
  });

  it('builds one task from what is added so far: its steps grow as its files come', () => {
    const builder = new TraceTreeBuilder('logs');
    expect(builder.builtTask('Task_x/relu', '0')).toBeNull();
    builder.addFile('Task_x/relu/I0_S01_relu_DoDesigner_result.txt');
    expect(builder.builtTask('Task_x/relu', '0')?.steps.map((step) => step.step)).toEqual([1]);
    builder.addFile('Task_x/relu/I0_S02_relu_DoCoder_result.txt');
    expect(builder.builtTask('Task_x/relu', '0')).toMatchObject({ attempts: 1, steps: [{ step: 1 }, { step: 2, attempt: 1 }] });
    expect(builder.builtTask('Task_x/relu', '1')).toBeNull();
  });
});
