import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoResearchOp, parseRound } from './autoresearch';

describe('AutoResearch rounds', () => {
  it('reads a v1 line: no decision written, so the seed is round 0 and the rest accepted or rejected', () => {
    const line = (round: number, accepted: boolean) => JSON.stringify({ round, correctness: true, accepted, metrics: { latency_us: 10, speedup_vs_ref: 2 } });
    expect(parseRound(line(0, true), 'log.jsonl', 1)).toMatchObject({
      decision: 'SEED',
      accepted: true,
      latencyUs: 10,
      speedup: 2,
      refLatencyUs: null,
      planItem: null,
    });
    expect(parseRound(line(3, false), 'log.jsonl', 4)).toMatchObject({ decision: 'rejected', accepted: false, line: 4 });
    expect(parseRound(line(3, true), 'log.jsonl', 4)).toMatchObject({ decision: 'accepted', accepted: true });
  });

  it('reads a workspace line: the decision as written, DISCARD and FAIL never kept', () => {
    for (const [decision, accepted] of [
      ['SEED', true],
      ['KEEP', true],
      ['DISCARD', false],
      ['FAIL', false],
    ] as const) {
      expect(parseRound(JSON.stringify({ round: 1, decision, accepted: true }), 'h', 1)).toMatchObject({ decision, accepted });
    }
  });

  it('says why a line is not a round, and keeps a number it cannot trust as unknown, never 0', () => {
    expect(parseRound('{"round": 1, "desc', 'h', 1)).toMatch(/^not a round: cut short/);
    expect(parseRound('[1]', 'h', 1)).toBe('not a round: not a JSON object');
    expect(parseRound('{"round": "one"}', 'h', 1)).toBe('not a round: no whole "round" number');
    expect(parseRound('{"round": 2, "metrics": {"latency_us": NaN, "speedup_vs_ref": null}}', 'h', 1)).toMatchObject({
      latencyUs: null,
      speedup: null,
      correctness: null,
      error: null,
    });
  });

  it('knows a task folder by its name, whatever the op is called', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_]{1,20}$/), fc.integer({ min: 1e9, max: 9e9 }), fc.stringMatching(/^[0-9a-f]{6}$/), (op, unix, hex) => {
        expect(autoResearchOp(`${op}_${unix}_${hex}`)).toBe(op);
      }),
    );
    expect(autoResearchOp('Task_920r11ef')).toBeNull();
    expect(autoResearchOp('softmax_1796312452')).toBeNull();
  });
});
