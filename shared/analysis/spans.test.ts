import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../model/events';
import { matchSpans } from './spans';

function event(seq: number, type: string, data: string, second = seq): AgentEvent {
  const ts = new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString().replace('Z', '');
  return {
    seq,
    timestamp: ts,
    elapsed: second,
    level: type.endsWith('_error') ? 'ERROR' : 'INFO',
    type,
    category: null,
    stage: null,
    task: null,
    rawData: data,
    dataSyntax: 'python',
    line: seq + 1,
  };
}

describe('matchSpans', () => {
  it('pairs stages by name, LLM calls first in first out, errors end a call as failed', () => {
    const spans = matchSpans([
      event(0, 'stage_start', "{'stage': 's1'}"),
      event(1, 'llm_call_start', "{'model': 'gpt-4o', 'stage': 's1'}"),
      event(2, 'llm_call_start', "{'model': 'gpt-4o', 'stage': 's1'}"),
      event(3, 'llm_call_end', "{'model': 'gpt-4o', 'tokens_used': 2300}"),
      event(4, 'llm_call_error', "{'model': 'gpt-4o', 'stage': 's1', 'error': '429'}"),
      event(5, 'stage_end', "{'stage': 's1'}"),
      event(6, 'stage_start', "{'stage': 's2'}"),
    ]);
    expect(spans.map((s) => [s.kind, s.label, s.startSeq, s.endSeq, s.isFailed])).toEqual([
      ['stage', 's1', 0, 5, false],
      ['llm_call', 'gpt-4o', 1, 3, false],
      ['llm_call', 'gpt-4o', 2, 4, true],
      ['stage', 's2', 6, null, false],
    ]);
  });

  const kinds = ['stage', 'llm_call', 'task', 'code_exec'] as const;
  const edges = ['start', 'end', 'error'] as const;
  const arbitraryEvents = fc
    .array(fc.tuple(fc.constantFrom(...kinds), fc.constantFrom(...edges), fc.constantFrom('a', 'b', 'c')), { maxLength: 60 })
    .map((list) => list.map(([kind, edge, key], seq) => event(seq, `${kind}_${edge}`, `{'stage': '${key}', 'task': '${key}', 'model': 'm'}`)));

  it('property: one span per start; every end closes at most one span, after its start', () => {
    fc.assert(
      fc.property(arbitraryEvents, (events) => {
        const spans = matchSpans(events);
        expect(spans).toHaveLength(events.filter((e) => e.type.endsWith('_start')).length);
        const ends = spans.map((s) => s.endSeq).filter((seq): seq is number => seq !== null);
        expect(new Set(ends).size).toBe(ends.length);
        for (const span of spans) {
          expect(events[span.startSeq]!.type).toBe(`${span.kind}_start`);
          if (span.endSeq !== null) {
            expect(span.endSeq).toBeGreaterThan(span.startSeq);
            expect(events[span.endSeq]!.type).toMatch(new RegExp(`^${span.kind}_(end|error)$`));
            expect(span.endMs!).toBeGreaterThanOrEqual(span.startMs);
          }
        }
        // An end is left unmatched only when no start of its kind and key was open.
        const matched = new Set(ends);
        for (const e of events) {
          if (!/_(end|error)$/.test(e.type) || matched.has(e.seq)) continue;
          const kind = e.type.replace(/_(end|error)$/, '');
          const key = /'stage': '(\w)'/.exec(e.rawData)![1];
          const sameKey = (start: AgentEvent) => kind === 'llm_call' || kind === 'code_exec' || start.rawData.includes(`'stage': '${key}'`);
          const openBefore = spans.filter(
            (s) => s.kind === kind && s.startSeq < e.seq && (s.endSeq === null || s.endSeq > e.seq) && sameKey(events[s.startSeq]!),
          );
          expect(openBefore).toEqual([]);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
