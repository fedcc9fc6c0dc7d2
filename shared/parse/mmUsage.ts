/**
 * MM-Agent's usage files (FORMATS.md §4.4): `usage/{task}.json` (the tokens its pipeline counted),
 * `usage/runtime.txt` (`55.41s`) and `Memory/logs/latent_summaries.jsonl` (one line per summarised
 * call). A number that is not written is null; a line that does not read is said, by line.
 */
import { LATENT_SUMMARIES_SHOWN, type LatentSummaries, type LatentSummary } from '../model/events';
import { isPlainObject, parseLenientJson } from './lenientJson';

/** What a usage file says, or why it says nothing. */
export type UsageRead<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export interface UsageTokens {
  readonly prompt: number | null;
  readonly completion: number | null;
  readonly total: number | null;
}

const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** `{completion_tokens, prompt_tokens, total_tokens}`; an error when it is not such an object. */
export function parseUsageTokens(content: string): UsageRead<UsageTokens> {
  const parsed = parseLenientJson(content);
  if (!parsed.ok) return { ok: false, error: parsed.truncated ? `cut short (${parsed.error})` : parsed.error };
  if (!isPlainObject(parsed.value)) return { ok: false, error: 'not a JSON object' };
  const { prompt_tokens, completion_tokens, total_tokens } = parsed.value;
  const [prompt, completion, total] = [count(prompt_tokens), count(completion_tokens), count(total_tokens)];
  if (prompt === null && completion === null && total === null) return { ok: false, error: 'no prompt_tokens, completion_tokens or total_tokens' };
  return { ok: true, value: { prompt, completion, total: total ?? (prompt !== null && completion !== null ? prompt + completion : null) } };
}

/** `123.45s` (the unit optional). */
export function parseRuntime(content: string): UsageRead<number> {
  const match = /^\s*(\d+(?:\.\d+)?)\s*s?\s*$/.exec(content);
  return match ? { ok: true, value: Number(match[1]) } : { ok: false, error: `not a time in seconds: "${content.slice(0, 40)}"` };
}

/**
 * The lines of `latent_summaries.jsonl`: the first LATENT_SUMMARIES_SHOWN kept, all counted and
 * their tokens summed. A last line without its newline is still being written: left for later.
 */
export function parseLatentSummaries(content: string): { summaries: LatentSummaries; warnings: string[] } {
  const result = { count: 0, promptTokens: null as number | null, completionTokens: null as number | null, lines: [] as LatentSummary[] };
  const warnings: string[] = [];
  const rows = content.split('\n');
  if (!content.endsWith('\n')) rows.pop(); // half-written (or empty)
  rows.forEach((row, i) => {
    if (row.trim() === '') return;
    const parsed = parseLenientJson(row);
    if (!parsed.ok || !isPlainObject(parsed.value)) {
      warnings.push(`line ${i + 1}: ${parsed.ok ? 'not a JSON object' : parsed.error}`);
      return;
    }
    const value = parsed.value;
    const line: LatentSummary = {
      line: i + 1,
      atMs: count(value.timestamp) === null ? null : Math.round(count(value.timestamp)! * 1000),
      stage: text(value.stage),
      task: text(value.task),
      model: text(value.model),
      promptTokens: count(value.prompt_tokens),
      completionTokens: count(value.completion_tokens),
      summary: text(value.summary) ?? '',
    };
    result.count++;
    if (line.promptTokens !== null) result.promptTokens = (result.promptTokens ?? 0) + line.promptTokens;
    if (line.completionTokens !== null) result.completionTokens = (result.completionTokens ?? 0) + line.completionTokens;
    if (result.lines.length < LATENT_SUMMARIES_SHOWN) result.lines.push(line);
  });
  return { summaries: result, warnings };
}
