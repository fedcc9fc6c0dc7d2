import { describe, expect, it } from 'vitest';
import { parseConductorNote } from './conductorNote';

describe('conductor notes', () => {
  it('era A: the result code in words, as the writer acts on it, by the action that wrote it; a fence is no obstacle', () => {
    expect(parseConductorNote('```json\n{"result": 1, "reason": "ok", "suggestions": ""}\n```', 'CheckCoder')).toEqual({
      decision: 'result 1: the check passed, the run goes on',
      reason: 'ok',
      suggestion: null,
    });
    expect(parseConductorNote('{"result": 0, "reason": "缺少 mask，越界访问", "suggestions": "为 tl.load/tl.store 增加 mask"}', 'CheckCoder')).toEqual({
      decision: 'result 0: the check failed, back to the coder to fix it',
      reason: '缺少 mask，越界访问',
      suggestion: '为 tl.load/tl.store 增加 mask',
    });
    expect(parseConductorNote('{"result": 0, "reason": "x"}', 'CheckDesigner')!.decision).toBe('result 0: the check failed, back to the designer to fix it');
    expect(parseConductorNote('{"result": 2, "reason": "NameError: torch 未导入", "suggestions": "import torch"}', 'AnalyzeError')!.decision).toBe(
      'result 2: back to the coder to fix the code',
    );
    expect(parseConductorNote('{"result": 1}', 'AnalyzeError')!.decision).toBe('result 1: back to the designer to fix the design');
    expect(parseConductorNote('{"result": 7}', 'CheckCoder')!.decision).toBe('result 7: not a result the check knows, the run goes on');
  });

  it('era B JSON and era C key=value text (a suggestion over several lines kept whole)', () => {
    expect(parseConductorNote('{"decision": "coder", "suggestion": "修正 K 维边界 mask"}', 'decision')).toEqual({
      decision: 'next: coder',
      reason: null,
      suggestion: '修正 K 维边界 mask',
    });
    expect(
      parseConductorNote('decision=kernel_gen, suggestion=错误分析：第 257 列没有参与求和。\n修复建议：补尾部循环。', 'kernel_conductor_decision'),
    ).toEqual({
      decision: 'next: kernel_gen',
      reason: null,
      suggestion: '错误分析：第 257 列没有参与求和。\n修复建议：补尾部循环。',
    });
  });

  it('anything else is not a note (shown as written)', () => {
    expect(parseConductorNote('The code looks fine.', 'CheckCoder')).toBeNull();
    expect(parseConductorNote('{"other": 1}', 'CheckCoder')).toBeNull();
    expect(parseConductorNote('[1, 2]', 'CheckCoder')).toBeNull();
    expect(parseConductorNote('', 'CheckCoder')).toBeNull();
  });
});
