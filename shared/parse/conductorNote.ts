/**
 * What a conductor decided, from its `result` file as each era writes it:
 *   - era A (aikg, 2025): JSON, often in a ```json fence: `{"result": 0|1|2, "reason", "suggestions"}`.
 *     Its writer (mindspore-ai/akg `aikg/python/ai_kernel_generator/core/agent/conductor.py`, 2025-07)
 *     reads `result` so: a check (CheckDesigner, CheckCoder) passes with 1 and sends the work back to
 *     be fixed with 0 (anything else: the run goes on); AnalyzeError sends it to the designer with 1
 *     and to the coder with 2.
 *   - era B: JSON `{"decision": "coder", "suggestion": "…"}`.
 *   - era C: `decision=kernel_gen, suggestion=…` (the suggestion runs to the end, over lines).
 * Anything else is shown as written.
 */
import { isPlainObject, parseLenientJson } from './lenientJson';

export interface ConductorNote {
  /** What happens next, in words ("back to the coder to fix it"); null when the note says nothing of it. */
  readonly decision: string | null;
  readonly reason: string | null;
  readonly suggestion: string | null;
}

const FENCE = /^\s*```\w*\s*\n([\s\S]*?)\n\s*```\s*$/;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : null);

/** Era A's `result` code in words, by the conductor action that wrote it. */
function resultMeaning(result: unknown, agent: string): string | null {
  if (result === undefined || result === null) return null;
  if (/analy[sz]e/i.test(agent)) {
    if (result === 1) return 'result 1: back to the designer to fix the design';
    if (result === 2) return 'result 2: back to the coder to fix the code';
    return `result ${String(result)}: not a result the conductor acts on`;
  }
  const fixer = /designer/i.test(agent) ? 'designer' : 'coder';
  if (result === 1) return 'result 1: the check passed, the run goes on';
  if (result === 0) return `result 0: the check failed, back to the ${fixer} to fix it`;
  return `result ${String(result)}: not a result the check knows, the run goes on`;
}

/** The note of a conductor's result file; null when the text has no shape this knows (show it as written). */
export function parseConductorNote(content: string, agent: string): ConductorNote | null {
  const body = FENCE.exec(content)?.[1] ?? content;
  const parsed = parseLenientJson(body.trim());
  if (parsed.ok && isPlainObject(parsed.value)) {
    const value = parsed.value;
    const next = text(value.decision);
    const note = {
      decision: next !== null ? `next: ${next}` : resultMeaning(value.result, agent),
      reason: text(value.reason),
      suggestion: text(value.suggestion) ?? text(value.suggestions),
    };
    return note.decision === null && note.reason === null && note.suggestion === null ? null : note;
  }
  const pair = /^\s*decision\s*=\s*([^,\n]*?)\s*,\s*suggestion\s*=\s*([\s\S]*?)\s*$/.exec(content);
  if (pair) return { decision: `next: ${pair[1]}`, reason: null, suggestion: pair[2] || null };
  return null;
}
