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
});
