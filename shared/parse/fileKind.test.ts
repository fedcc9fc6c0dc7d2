import { describe, expect, it } from 'vitest';
import { classifyPath } from './classify';
import { fileKindOf } from './fileKind';

const kind = (path: string) => fileKindOf(path, classifyPath(path, 'root'));

describe('file kinds', () => {
  it('names what a search hit is in, in every era', () => {
    expect(kind('Task_x/relu/I0_S02_relu_DoCoder_result.txt')).toBe('result');
    expect(kind('Task_x/relu/I0_S02_relu_DoCoder_prompt.txt')).toBe('prompt');
    expect(kind('Task_x/relu/I0_S02_relu_DoCoder_reasoning.txt')).toBe('reasoning');
    expect(kind('Task_x/relu/I0_S03_relu_DoTester_error_log.txt')).toBe('error log');
    expect(kind('Task_x/relu/conductor/I0_S02_relu_CheckCoder_result.txt')).toBe('conductor');
    expect(kind('Task_x/relu/Iteration_Init_Task1_Step01_verify/relu_triton_cuda_impl.py')).toBe('kernel');
    expect(kind('Task_x/relu/Iteration_Init_Task1_Step01_verify/verify_relu.py')).toBe('verify script');
    expect(kind('Task_x/relu/Iteration_Init_Task1_Step01_verify/relu_torch.py')).toBe('reference');
    expect(kind('Task_x/relu/Iteration_Init_Task1_Step01_verify/proto.yaml')).toBe('verify file');
    expect(kind('run/Memory/logs/trace.jsonl')).toBe('event log');
    expect(kind('NOTES.md')).toBe('other');
  });
});
