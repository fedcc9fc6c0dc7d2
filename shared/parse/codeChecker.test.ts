import { describe, expect, it } from 'vitest';
import { parseCodeCheckResult } from './codeChecker';

describe('a code_checker result', () => {
  it('reads each error with its line, kind, detail and the fix it suggests', () => {
    const text = JSON.stringify({
      passed: false,
      error_count: 7,
      errors: [
        {
          line: 12,
          error_type: 'forbidden_api',
          detail: '使用了 torch.matmul',
          suggestion: 'write the loop',
          code_snippet: 'torch.matmul(a, b)',
          fix_strategy: 'rewrite',
        },
      ],
    });
    expect(parseCodeCheckResult(text)).toEqual({
      passed: false,
      errorCount: 7,
      errors: [
        { line: 12, type: 'forbidden_api', detail: '使用了 torch.matmul', suggestion: 'write the loop', snippet: 'torch.matmul(a, b)', fixStrategy: 'rewrite' },
      ],
    });
  });

  it('is not one when the text is not such an object: it is then shown as written', () => {
    expect(parseCodeCheckResult('{"passed": true, "error_count": 0, "errors": []}')).toEqual({ passed: true, errorCount: 0, errors: [] });
    expect(parseCodeCheckResult('code looks fine')).toBeNull();
    expect(parseCodeCheckResult('{"passed": true}')).toBeNull();
    expect(parseCodeCheckResult('{"passed": false, "errors": [')).toBeNull();
  });
});
