import { describe, expect, it } from 'vitest';
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
});
