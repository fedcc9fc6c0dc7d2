import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LlmLedger } from './llmCost';
import type { Span } from './spans';

const span = (label: string, stage: string, startMs: number, endMs: number | null, isFailed = false): Span => ({
  kind: 'llm_call',
  label,
  startSeq: 0,
  endSeq: endMs === null ? null : 1,
  startMs,
  endMs,
  isFailed,
  stage,
});

describe('what the LLM calls cost', () => {
  it('documented tracker: calls and time from the spans, tokens from the ends', () => {
    const ledger = new LlmLedger();
    const calls = [span('gpt-4o', 's1', 0, 1500), span('gpt-4o', 's2', 2000, 2500), span('glm', 's2', 3000, null)];
    ledger.add('llm_call_end', "{'model': 'gpt-4o', 'tokens_used': 2300}", null, calls[0]!);
    ledger.add('llm_call_end', "{'tokens_used': 700}", null, calls[1]!);
    // An error whose call's start was never logged: a failed call of its own stage and model.
    ledger.add('llm_call_error', "{'model': 'glm', 'stage': 's3', 'error': '429'}", null, null);
    const { llm, byModel, byStage } = ledger.figures(calls);
    expect(llm).toEqual({ calls: 3, errors: 1, tokens: 3000, seconds: 2 });
    expect(Object.fromEntries(byModel)).toEqual({
      'gpt-4o': { calls: 2, errors: 0, tokens: 3000, seconds: 2 },
      glm: { calls: 1, errors: 1, tokens: null, seconds: null }, // running: no time yet, no tokens logged
    });
    expect(byStage.get('s2')).toEqual({ calls: 2, errors: 0, tokens: 700, seconds: 0.5 });
    expect(byStage.get('s3')).toEqual({ calls: 0, errors: 1, tokens: null, seconds: null });
  });

  it("real trackers: one api_call per call; v2's flat records of the same calls are not counted again", () => {
    const ledger = new LlmLedger();
    ledger.add('api_call', '{"model": "glm-4-plus", "stage": "analysis", "total_tokens": 2333, "latency_seconds": 12.48}', 'Problem Analysis', null);
    ledger.add('llm_call', '{"type": "llm_call", "model": "glm-4-plus", "total_tokens": 2333}', null, null);
    expect(ledger.figures([]).llm).toEqual({ calls: 1, errors: 0, tokens: 2333, seconds: 12.48 });
    const flatOnly = new LlmLedger();
    flatOnly.add('llm_call', '{"type": "llm_call", "model": "m", "total_tokens": 10}', null, null);
    flatOnly.add('llm_call', '{"type": "llm_call", "model": "m"}', null, null);
    expect(flatOnly.figures([]).llm).toEqual({ calls: 2, errors: 0, tokens: 10, seconds: null });
  });

  it('property: tokens and calls add up to what was logged; nothing logged is null, not 0', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat(100_000), { nil: null }), { maxLength: 30 }), (logged) => {
        const ledger = new LlmLedger();
        for (const tokens of logged) ledger.add('api_call', tokens === null ? '{"model": "m"}' : `{"model": "m", "total_tokens": ${tokens}}`, null, null);
        const known = logged.filter((tokens): tokens is number => tokens !== null);
        expect(ledger.figures([]).llm).toMatchObject({ calls: logged.length, tokens: known.length === 0 ? null : known.reduce((a, b) => a + b, 0) });
      }),
    );
  });
});
