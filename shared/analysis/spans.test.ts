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

  it("v2's flat logger records repeat the tracker's stage events: they make no span of their own", () => {
    const flat = (seq: number, type: string) => ({ ...event(seq, type, '{"stage_name": "Problem Analysis", "experiment_id": "x"}'), category: 'logger' });
    const spans = matchSpans([
      { ...event(0, 'stage_start', '{"stage_name": "Problem Analysis"}'), category: 'stage', stage: 'Problem Analysis' },
      flat(1, 'stage_start'),
      { ...event(2, 'stage_end', '{"stage_name": "Problem Analysis"}'), category: 'stage', stage: 'Problem Analysis' },
      flat(3, 'stage_complete'),
    ]);
    expect(spans.map((s) => [s.kind, s.label, s.startSeq, s.endSeq])).toEqual([['stage', 'Problem Analysis', 0, 2]]);
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

  it('ends code runs as the tracker writes them: the end names no script, so the oldest open run of its stage ends', () => {
    const spans = matchSpans([
      event(0, 'code_exec_start', "{'stage': 'relu', 'script': 'verify_relu.py'}"),
      event(1, 'code_exec_start', "{'stage': 'softmax', 'script': 'verify_softmax.py'}"),
      event(2, 'code_exec_start', "{'stage': 'relu', 'script': 'verify_relu.py'}"),
      event(3, 'code_exec_error', "{'stage': 'softmax', 'error': 'boom'}"),
      event(4, 'code_exec_end', "{'stage': 'relu', 'passed': True}"),
      event(5, 'code_exec_end', "{'passed': True}"), // no stage either: the oldest open run of any stage
    ]);
    expect(spans.map((s) => [s.label, s.startSeq, s.endSeq, s.isFailed])).toEqual([
      ['verify_relu.py', 0, 4, false],
      ['verify_softmax.py', 1, 3, true],
      ['verify_relu.py', 2, 5, false],
    ]);
  });

  /** A finished log as trackers write it: each start ends later, in its stage, its end naming no key half the time. */
  const finishedLogs = fc
    .array(fc.tuple(fc.constantFrom(...kinds), fc.constantFrom('a', 'b'), fc.boolean(), fc.boolean(), fc.nat(5)), { maxLength: 40 })
    .map((starts) => {
      const lines: Array<[string, string]> = [];
      const pending: Array<{ at: number; line: [string, string] }> = [];
      starts.forEach(([kind, stage, isError, namesKey, delay], i) => {
        const key = kind === 'stage' ? `'stage': '${stage}'` : `'stage': '${stage}', 'task': 't${stage}', 'model': 'm', 'script': 's${stage}.py'`;
        lines.push([`${kind}_start`, `{${key}}`]);
        // Nested kinds name what ends; calls and runs often do not.
        const end = kind === 'stage' || kind === 'task' || namesKey ? `{${key}}` : `{'stage': '${stage}'}`;
        pending.push({ at: i + delay, line: [`${kind}_${isError ? 'error' : 'end'}`, end] });
        for (const due of pending.filter((p) => p.at <= i && (kind === 'stage' || kind === 'task' ? false : true))) {
          lines.push(due.line);
          pending.splice(pending.indexOf(due), 1);
        }
      });
      // Whatever is left ends at the end of the run, the latest first (as nested blocks close).
      for (const due of pending.reverse()) lines.push(due.line);
      return lines.map(([type, data], seq) => event(seq, type, data));
    });

  it('property: a finished log has no running span; a start left without its end is the one running', () => {
    fc.assert(
      fc.property(finishedLogs, fc.nat(), (events, pick) => {
        expect(matchSpans(events).filter((span) => span.endSeq === null)).toEqual([]);
        // Remove one end: exactly one span is left running.
        const ends = events.filter((e) => /_(end|error)$/.test(e.type));
        if (ends.length === 0) return;
        const dropped = ends[pick % ends.length]!;
        const fewer = events.filter((e) => e !== dropped).map((e, seq) => ({ ...e, seq }));
        expect(matchSpans(fewer).filter((span) => span.endSeq === null)).toHaveLength(1);
      }),
      { numRuns: 1000 },
    );
  });
});
