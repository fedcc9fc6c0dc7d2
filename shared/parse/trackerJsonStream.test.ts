import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrackerJsonStream } from './trackerJsonStream';

const SAMPLES = new URL('../../test/fixtures/samples/', import.meta.url);
const sample = (path: string) => readFileSync(new URL(path, SAMPLES), 'utf8');

function feed(text: string, cuts: number[] = []): { items: string[]; stream: TrackerJsonStream } {
  const stream = new TrackerJsonStream();
  const items: string[] = [];
  let at = 0;
  for (const cut of [...cuts, text.length].map((c) => Math.min(c, text.length)).sort((a, b) => a - b)) {
    items.push(...stream.push(text.slice(at, Math.max(cut, at))));
    at = Math.max(cut, at);
  }
  return { items, stream };
}

describe('TrackerJsonStream', () => {
  it('hands out every event of the samples, in order, and knows the file is complete', () => {
    const documented = feed(sample('mm_agent_documented_mcm_killer/2025_C_20260119-101530/Memory/logs/execution_tracker.json'));
    expect(documented.items.map((item) => JSON.parse(item).type)).toEqual(
      JSON.parse(sample('mm_agent_documented_mcm_killer/2025_C_20260119-101530/Memory/logs/execution_tracker.json')).events.map(
        (e: { type: string }) => e.type,
      ),
    );
    expect(documented.stream.isComplete).toBe(true);
    const v1 = feed(sample('mm_agent_real_v1_comprehensive/MMAgent/output/MM-Agent/2025_C_20260119-101530/Memory/logs/execution_tracker_complete.json'));
    expect(v1.items).toHaveLength(15);
    expect(v1.stream.sawEvents).toBe(true);
  });

  it('says a crashed writer left the file incomplete', () => {
    const { items, stream } = feed(sample('mm_agent_documented_mcm_killer/2025_C_20260119-101530_crash/Memory/logs/execution_tracker.json'));
    expect(items).toHaveLength(1);
    expect(stream.isComplete).toBe(false);
  });

  it('ignores "events" that are not the top object\'s key, and braces inside strings', () => {
    const text = '{"metadata": {"events": [{"a": 1}]}, "note": "events: [{\\"x\\"}]", "events": [{"s": "}{[\\"]"}, {"t": [1, {"u": 2}]}]}';
    const { items, stream } = feed(text);
    expect(items).toEqual(['{"s": "}{[\\"]"}', '{"t": [1, {"u": 2}]}']);
    expect(stream.isComplete).toBe(true);
  });

  it('gives the same events however the file is cut into chunks (property)', () => {
    const text = sample('mm_agent_documented_mcm_killer/2025_C_20260119-101530/Memory/logs/execution_tracker.json');
    const whole = feed(text).items;
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 12 }), (cuts) => {
        expect(feed(text, cuts).items).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what is not a tracker JSON', () => {
    expect(feed('[1, 2, 3]').stream.problem).toBe('not a JSON object with an "events" list');
    expect(feed('{"events": []} {"again": 1}').stream.problem).toBe('text after the end of the JSON value');
    expect(feed('{"other": []}').stream.sawEvents).toBe(false);
  });
});
