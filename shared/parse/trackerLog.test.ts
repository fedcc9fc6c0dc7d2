import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLenientJson } from './lenientJson';
import { eventFromJson, JsonlEventParser, timestampMs } from './trackerLog';

/** A final tracker JSON's events as eventFromJson makes them (the core indexes the file's bytes: main/events/jsonLog.test.ts). */
function finalJson(text: string): { types: string[]; isComplete: boolean } {
  const parsed = parseLenientJson(text);
  if (!parsed.ok) return { types: [], isComplete: false };
  const events = (parsed.value as { events: unknown[] }).events;
  return { types: events.flatMap((item) => eventFromJson(item, 0, 0)?.type ?? []), isComplete: true };
}

const SAMPLES = new URL('../../test/fixtures/samples/', import.meta.url);
const sample = (path: string) => readFileSync(new URL(path, SAMPLES), 'utf8');
const DOCUMENTED = 'mm_agent_documented_mcm_killer/2025_C_20260119-101530/Memory/logs/';
const V1 = 'mm_agent_real_v1_comprehensive/MMAgent/output/MM-Agent/2025_C_20260119-101530/Memory/logs/';
const V2 = 'mm_agent_real_v2_lean/MMAgent/output/MM-Agent/2025_C_20260119-101530/Memory/logs/';

describe('tracker JSON and JSONL', () => {
  it('reads the documented final JSON', () => {
    const result = finalJson(sample(`${DOCUMENTED}execution_tracker.json`));
    expect(result.isComplete && result.types.length).toBe(12);
  });

  it('says a crashed writer left the JSON truncated', () => {
    const result = finalJson(sample('mm_agent_documented_mcm_killer/2025_C_20260119-101530_crash/Memory/logs/execution_tracker.json'));
    expect(result).toMatchObject({ isComplete: false });
  });

  it('reads v1 JSONL and the complete JSON to the same events', () => {
    const jsonl = new JsonlEventParser('x');
    jsonl.push(sample(`${V1}execution_tracker.jsonl`));
    const complete = finalJson(sample(`${V1}execution_tracker_complete.json`));
    expect(jsonl.events).toHaveLength(15);
    expect(complete.isComplete && complete.types).toEqual(jsonl.events.map((e) => e.type));
    expect(jsonl.events.find((e) => e.type === 'code_exec_error')).toMatchObject({
      level: 'ERROR',
      category: 'error',
      stage: 'Mathematical Modeling',
      task: '1',
    });
    expect(jsonl.events.find((e) => e.type === 'column_mismatch')?.level).toBe('WARNING');
  });

  it('reads all three line shapes of v2 trace.jsonl', () => {
    const parser = new JsonlEventParser('trace.jsonl');
    parser.push(sample(`${V2}trace.jsonl`));
    expect(parser.events).toHaveLength(9);
    expect(parser.warnings).toEqual([]);
    expect(parser.events.find((e) => e.type === 'CRITICAL_FAILURE')).toMatchObject({ level: 'ERROR', stage: 'Mathematical Modeling & Computational Solving' });
    expect(parser.events.find((e) => e.category === 'logger')).toMatchObject({ type: 'llm_call', stage: 'problem_analysis' });
  });

  it('skips a half-written last line until it is complete, and reports a corrupt one', () => {
    const parser = new JsonlEventParser('t.jsonl');
    parser.push('{"type": "llm_call", "timestamp": "2026-01-01T00:00:00"}\n{"type": "llm_');
    expect(parser.events).toHaveLength(1);
    parser.push('call", "timestamp": "2026-01-01T00:00:01"}\nnot json\n');
    expect(parser.events).toHaveLength(2);
    expect(parser.warnings).toEqual(['t.jsonl: text outside any JSON object: not json']);
  });
});

describe('timestampMs', () => {
  it('reads timestamps with and without a fraction', () => {
    expect(timestampMs('2026-01-19T10:20:00')).toBe(Date.UTC(2026, 0, 19, 10, 20, 0));
    expect(timestampMs('2026-01-19T10:20:00.5')).toBe(Date.UTC(2026, 0, 19, 10, 20, 0) + 500);
    expect(timestampMs('yesterday')).toBeNull();
  });
});
