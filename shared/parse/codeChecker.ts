/**
 * A code_checker record's result (FORMATS.md §4.1): `{passed, error_count, errors: [{line,
 * error_type, detail, suggestion, code_snippet, fix_strategy}]}`, at most 5 errors written.
 */
import { bool, list, num, object, str } from './jsonFields';
import { isPlainObject } from './lenientJson';

export interface CodeCheckError {
  readonly line: number | null;
  readonly type: string | null;
  readonly detail: string | null;
  readonly suggestion: string | null;
  readonly snippet: string | null;
  readonly fixStrategy: string | null;
}

export interface CodeCheckResult {
  readonly passed: boolean | null;
  /** As written: may be more than the errors listed (the writer keeps 5). */
  readonly errorCount: number | null;
  readonly errors: readonly CodeCheckError[];
}

/** The result, or null when the text is not one (then it is shown as written). */
export function parseCodeCheckResult(text: string): CodeCheckResult | null {
  const read = object(text);
  if (!read.ok || !('errors' in read.value || 'error_count' in read.value)) return null;
  const value = read.value;
  return {
    passed: bool(value.passed),
    errorCount: num(value.error_count),
    errors: list(value.errors)
      .filter(isPlainObject)
      .map((error) => ({
        line: num(error.line),
        type: str(error.error_type),
        detail: str(error.detail),
        suggestion: str(error.suggestion),
        snippet: str(error.code_snippet),
        fixStrategy: str(error.fix_strategy),
      })),
  };
}
