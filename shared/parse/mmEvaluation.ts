/**
 * MM-Agent's `Memory/evaluation/evaluation_results.json` (FORMATS.md §4.4): `{problem_id,
 * evaluation_model, *_evaluation: {analysis_N: {reason, score}}}` — each criterion's scores, each
 * with the evaluator's reason.
 */
import { fromObject, num, str, type JsonRead } from './jsonFields';
import { isPlainObject } from './lenientJson';

export interface EvaluationScore {
  readonly analysis: string;
  /** As written: a number, or null when the evaluator wrote none (never 0). */
  readonly score: number | null;
  readonly reason: string | null;
}

export interface Evaluation {
  readonly problemId: string | null;
  readonly model: string | null;
  /** One per `*_evaluation` key, named without the suffix (`structural_coherence_evaluation` → `structural coherence`). */
  readonly criteria: ReadonlyArray<{ readonly name: string; readonly key: string; readonly scores: readonly EvaluationScore[] }>;
}

export function parseEvaluation(text: string): JsonRead<Evaluation> {
  return fromObject(text, (value) => ({
    problemId: str(value.problem_id),
    model: str(value.evaluation_model),
    criteria: Object.entries(value)
      .filter(([key, entry]) => key.endsWith('_evaluation') && isPlainObject(entry))
      .map(([key, entry]) => ({
        key,
        name: key.slice(0, -'_evaluation'.length).replaceAll('_', ' '),
        scores: Object.entries(entry as Record<string, unknown>).map(([analysis, item]) => ({
          analysis,
          score: isPlainObject(item) ? scoreOf(item.score) : null,
          reason: isPlainObject(item) ? str(item.reason) : null,
        })),
      })),
  }));
}

/** A score as written: a number, or a numeric string; anything else is unknown. */
function scoreOf(score: unknown): number | null {
  if (typeof score === 'string' && score.trim() !== '') return num(Number(score));
  return num(score);
}
