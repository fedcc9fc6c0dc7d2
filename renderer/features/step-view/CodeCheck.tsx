import { parseCodeCheckResult } from '../../../shared/parse/codeChecker';
import { plural } from '../../../shared/analysis/format';

/**
 * A code_checker's result as its error list (FORMATS.md §4.1): each error's line, kind, detail,
 * the code it points at and the fix it suggests; a result that is not such JSON is shown as written.
 */
export function CodeCheckResult({ text }: { readonly text: string }) {
  const result = parseCodeCheckResult(text);
  if (!result) return <pre className="error-log-text">{text}</pre>;
  const more = result.errorCount !== null && result.errorCount > result.errors.length ? result.errorCount - result.errors.length : 0;
  return (
    <div className="code-check" aria-label="code check">
      <p>
        <strong>{result.passed === null ? 'no verdict written' : result.passed ? 'passed' : 'failed'}</strong>
        {result.errorCount !== null && ` · ${plural(result.errorCount, 'error')}`}
        {more > 0 && <span className="muted"> ({more} more not listed: the checker writes the first 5)</span>}
      </p>
      {result.errors.length > 0 && (
        <ol className="code-check-errors">
          {result.errors.map((error, i) => (
            <li key={i}>
              <p>
                <strong>{error.type ?? 'error'}</strong>
                {error.line !== null && <span className="muted"> at line {error.line}</span>}: {error.detail ?? '(no detail)'}
              </p>
              {error.snippet && <pre>{error.snippet}</pre>}
              {error.suggestion && <p>Suggestion: {error.suggestion}</p>}
              {error.fixStrategy && <p className="muted">Fix strategy: {error.fixStrategy}</p>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
