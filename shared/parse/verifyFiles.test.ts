import { describe, expect, it } from 'vitest';
import { verifyFileRole, verifyFolderFiles } from './verifyFiles';

describe('verify folder files', () => {
  it('finds the kernel that ran and its reference in every era', () => {
    // era A (aikg v0), era C (akg_agents v2), 2026-07 (br_agents), AutoResearch workspace
    expect(verifyFolderFiles(['exp_add_op_torch.py', 'exp_add_op_triton.py', 'verify_exp_add_op.py', 'profile_exp_add_op_base.py'], 'exp_add_op')).toEqual({
      kernel: 'exp_add_op_triton.py',
      reference: 'exp_add_op_torch.py',
    });
    expect(verifyFolderFiles(['relu_torch.py', 'relu_triton_cuda_impl.py', 'verify_relu.py'], 'relu')).toEqual({
      kernel: 'relu_triton_cuda_impl.py',
      reference: 'relu_torch.py',
    });
    expect(
      verifyFolderFiles(
        ['akg_agents_gelu_cpp_impl.py', 'akg_agents_gelu_torch.py', 'profile_akg_agents_gelu_generation.py', 'verify_result.json'],
        'akg_agents_gelu',
      ),
    ).toEqual({ kernel: 'akg_agents_gelu_cpp_impl.py', reference: 'akg_agents_gelu_torch.py' });
    expect(verifyFolderFiles(['reference.py', 'softmax_cpp_impl.py', 'verify_softmax.py', 'eval_fail_report.json'], 'softmax')).toEqual({
      kernel: 'softmax_cpp_impl.py',
      reference: 'reference.py',
    });
    expect(verifyFolderFiles(['kernel.py', 'reference.py', 'cann_correctness.py', 'proto.yaml'], 'add')).toEqual({
      kernel: 'kernel.py',
      reference: 'reference.py',
    });
  });

  it('names no kernel where none is there, and never the harness', () => {
    expect(verifyFolderFiles(['verify_relu.py', 'profile_relu_base.py', 'relu_torch.py', 'a.bin'], 'relu')).toEqual({
      kernel: null,
      reference: 'relu_torch.py',
    });
    expect(verifyFileRole('relu_mindspore.py', 'relu')).toBe('reference');
    expect(verifyFileRole('notes.txt', 'relu')).toBeNull();
  });
});
