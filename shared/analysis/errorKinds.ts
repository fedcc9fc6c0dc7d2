/**
 * What kind of failure a verifier error log shows. An ordered table, first match wins: add a row
 * when a new backend fails in a new way. Matching looks at the whole log, the last lines first
 * (the exception is usually at the end, the noise at the start).
 */

import type { ErrorKind } from '../model/autopsy';

export const ERROR_KINDS: ReadonlyArray<{ readonly kind: ErrorKind; readonly pattern: RegExp }> = [
  // Words, not parts of names: a traceback through `verify_with_timeout` is not a timeout.
  { kind: 'timeout', pattern: /TimeoutError|\btimed? ?out\b|\bTimeout\b|超时/ },
  { kind: 'syntax', pattern: /SyntaxError|IndentationError|TabError|was never closed|invalid syntax|语法错误/ },
  { kind: 'import', pattern: /ModuleNotFoundError|ImportError|No module named|cannot import name/ },
  {
    kind: 'compile',
    pattern: /CompilationError|triton\.compiler|OutOfResources|out of resource|nvcc|ptxas|error: .*\.(cu|cpp|cc|h)|undefined reference|编译(失败|错误)/,
  },
  {
    kind: 'numerical mismatch',
    pattern:
      /allclose|abs_diff|not close|Mismatch(ed)? elements|mismatch|输出不一致|精度不达标|精度|数值不一致|相对误差|绝对误差|AssertionError: .*(diff|atol|rtol)/i,
  },
  { kind: 'runtime', pattern: /RuntimeError|CUDA error|illegal memory access|segmentation fault|Error:|Exception|Traceback/ },
];

export function classifyError(log: string): ErrorKind {
  const text = log.trim();
  if (text === '') return 'other';
  for (const { kind, pattern } of ERROR_KINDS) if (pattern.test(text)) return kind;
  return 'other';
}

/**
 * A log's signature, to see the same error come back across attempts: its last non-empty line
 * with paths, numbers and addresses blanked out.
 */
export function errorSignature(log: string): string {
  const lines = log
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const last = lines[lines.length - 1] ?? '';
  return last
    .replace(/0x[0-9a-f]+/gi, '\u0000')
    .replace(/(["'])\/[^"']*\1/g, '$1…$1')
    .replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/gi, 'N')
    .replaceAll('\u0000', '0x…')
    .slice(0, 200);
}
