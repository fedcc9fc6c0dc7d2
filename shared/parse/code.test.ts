import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerLanguage, extractCode } from './code';

describe('the code in an answer', () => {
  it('takes the longest fenced code block of prose around it', () => {
    const answer =
      'I will write a kernel.\n\n```json\n{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}\n```\n\n```python\nimport torch\n\ndef f(x):\n    return x\n```\n\nShort:\n```py\nx = 1\n```\nDone.';
    expect(extractCode(answer)).toEqual({ code: 'import torch\n\ndef f(x):\n    return x\n', isExtracted: true });
  });

  it("drops era A's closing '''description''' block", () => {
    expect(extractCode("def f(x):\n    return x\n\n\n'''\n增加 mask\n'''\n")).toEqual({ code: 'def f(x):\n    return x\n', isExtracted: true });
  });

  it('keeps a text that is all code, and an unclosed fence as written', () => {
    expect(extractCode('def f(x):\n    return x\n')).toEqual({ code: 'def f(x):\n    return x\n', isExtracted: false });
    expect(extractCode('```python\ndef f(x):')).toEqual({ code: '```python\ndef f(x):', isExtracted: false });
  });

  it('finds a fenced block whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.stringMatching(/^[a-z =()\n]{1,80}$/), fc.string({ maxLength: 200 }), (before, body, after) => {
        const code = `${body.replaceAll('`', '')}\n`;
        const { code: found } = extractCode(
          `${before.replaceAll('`', '').replaceAll('~', '')}\n\`\`\`python\n${code}\`\`\`\n${after.replaceAll('`', '').replaceAll('~', '')}`,
        );
        expect(found).toBe(code);
      }),
    );
  });
});

describe('answerLanguage', () => {
  it("is the language of the answer's longest code fence, else the fallback", () => {
    expect(answerLanguage('Here:\n```cpp\n__global__ void k() {}\n```\n', 'python')).toBe('cpp');
    expect(answerLanguage('```python\nimport triton\n```\n```json\n{"a": 1, "b": 2, "c": 3, "d": 4}\n```\n', 'markdown')).toBe('python');
    expect(answerLanguage('```ascendc\nextern "C" __global__ __aicore__ void k() {}\n```\n', 'python')).toBe('cpp');
    expect(answerLanguage('import torch\n', 'python')).toBe('python');
    expect(answerLanguage('a design, no code', 'plaintext')).toBe('plaintext');
  });
});
