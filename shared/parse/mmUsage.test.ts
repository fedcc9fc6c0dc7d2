import { describe, expect, it } from 'vitest';
import { LATENT_SUMMARIES_SHOWN } from '../model/events';
import { parseLatentSummaries, parseRuntime, parseUsageTokens } from './mmUsage';

describe('MM-Agent usage files', () => {
  it('usage/{task}.json: the three counts; a total not written is their sum; nothing countable is an error', () => {
    expect(parseUsageTokens('{\n    "completion_tokens": 5132,\n    "prompt_tokens": 88985,\n    "total_tokens": 94117\n}')).toEqual({
      ok: true,
      value: { prompt: 88985, completion: 5132, total: 94117 },
    });
    expect(parseUsageTokens('{"prompt_tokens": 10, "completion_tokens": 5}')).toEqual({ ok: true, value: { prompt: 10, completion: 5, total: 15 } });
    expect(parseUsageTokens('{"total_tokens": 7}')).toEqual({ ok: true, value: { prompt: null, completion: null, total: 7 } });
    expect(parseUsageTokens('{"model": "gpt-4o"}')).toEqual({ ok: false, error: 'no prompt_tokens, completion_tokens or total_tokens' });
    expect(parseUsageTokens('[1, 2]')).toEqual({ ok: false, error: 'not a JSON object' });
    expect(parseUsageTokens('{"prompt_tokens": 1')).toMatchObject({ ok: false, error: expect.stringMatching(/^cut short/) });
    // Python's json.dump writes NaN: not a count.
    expect(parseUsageTokens('{"prompt_tokens": NaN, "total_tokens": 3}')).toEqual({ ok: true, value: { prompt: null, completion: null, total: 3 } });
  });

  it('usage/runtime.txt: seconds, with or without the unit and a newline', () => {
    expect(parseRuntime('55.41s')).toEqual({ ok: true, value: 55.41 });
    expect(parseRuntime('12\r\n')).toEqual({ ok: true, value: 12 });
    expect(parseRuntime('about a minute')).toEqual({ ok: false, error: 'not a time in seconds: "about a minute"' });
  });

  it('latent_summaries.jsonl: every line counted and summed, a bad line said by number, a half-written last line left for later', () => {
    const line = (prompt: number, completion: number, summary: string) =>
      JSON.stringify({
        timestamp: 1796312682.9374177,
        stage: 'unknown',
        task: 'unknown',
        model: 'gpt-4o',
        prompt_tokens: prompt,
        completion_tokens: completion,
        summary,
        cached: false,
      });
    const text = `${line(1203, 69, '描述了四个数据集')}\r\n{not json}\n${line(100, 1, 'b')}\n{"timestamp": 17963`;
    const { summaries, warnings } = parseLatentSummaries(text);
    expect(summaries).toMatchObject({ count: 2, promptTokens: 1303, completionTokens: 70 });
    expect(summaries.lines[0]).toEqual({
      line: 1,
      atMs: 1796312682937,
      stage: 'unknown',
      task: 'unknown',
      model: 'gpt-4o',
      promptTokens: 1203,
      completionTokens: 69,
      summary: '描述了四个数据集',
    });
    expect(summaries.lines[1]!.line).toBe(3);
    expect(warnings).toEqual([expect.stringMatching(/^line 2: /)]);
    // Tokens not written stay unknown; an empty file holds nothing.
    expect(parseLatentSummaries('{"summary": "x"}\n').summaries).toMatchObject({ count: 1, promptTokens: null, completionTokens: null });
    expect(parseLatentSummaries('')).toEqual({ summaries: { count: 0, promptTokens: null, completionTokens: null, lines: [] }, warnings: [] });
  });

  it('keeps the first lines to show, counts them all', () => {
    const text = Array.from({ length: LATENT_SUMMARIES_SHOWN + 20 }, (_, i) => `{"prompt_tokens": 1, "summary": "call ${i}"}\n`).join('');
    const { summaries } = parseLatentSummaries(text);
    expect(summaries.count).toBe(LATENT_SUMMARIES_SHOWN + 20);
    expect(summaries.promptTokens).toBe(LATENT_SUMMARIES_SHOWN + 20);
    expect(summaries.lines).toHaveLength(LATENT_SUMMARIES_SHOWN);
  });
});
