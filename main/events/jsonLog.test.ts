import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLenientJson } from '../../shared/parse/lenientJson';
import { eventFromJson, timestampMs } from '../../shared/parse/trackerLog';
import { RootGate } from '../files/gate';
import { EventLogReader } from './eventLog';
import { JsonEventIndex } from './jsonLog';

const SAMPLES = new URL('../../test/fixtures/samples/', import.meta.url);
const FINAL_JSONS = [
  'mm_agent_documented_mcm_killer/2025_C_20260119-101530/Memory/logs/execution_tracker.json',
  'mm_agent_real_v1_comprehensive/MMAgent/output/MM-Agent/2025_C_20260119-101530/Memory/logs/execution_tracker_complete.json',
  'mm_agent_real_v2_lean/MMAgent/output/MM-Agent/2025_C_20260119-101530/Memory/logs/trace_full.json',
];

/** The index of `bytes`, fed cut at `cuts`. */
function index(bytes: Buffer, cuts: number[] = []): JsonEventIndex {
  const built = new JsonEventIndex();
  let at = 0;
  for (const cut of [...cuts.map((c) => Math.min(c, bytes.length)).sort((a, b) => a - b), bytes.length]) {
    built.push(bytes.subarray(at, Math.max(cut, at)));
    at = Math.max(cut, at);
  }
  return built;
}

/** Each indexed event as its columns say it, and as its bytes make it. */
function read(built: JsonEventIndex, bytes: Buffer) {
  const { columns } = built;
  return Array.from({ length: columns.count }, (_, i) => {
    const { start, end } = built.range(i);
    return {
      columns: {
        type: columns.types.names[columns.type[i]!],
        level: columns.levels.names[columns.level[i]!],
        stage: columns.stages.names[columns.stage[i]!],
        timeMs: columns.timeMs[i],
        line: columns.line[i],
      },
      event: built.event(i, bytes.subarray(start, end)),
    };
  });
}

/** What the columns should say: eventFromJson over the whole file parsed at once. */
function expected(text: string) {
  const parsed = parseLenientJson(text);
  if (!parsed.ok) throw new Error(parsed.error);
  const events = (parsed.value as { events: unknown[] }).events.flatMap((value, i) => eventFromJson(value, i, 0) ?? []);
  return events.map((event) => ({
    type: event.type,
    level: event.level,
    stage: event.stage ?? '(no stage)',
    timeMs: timestampMs(event.timestamp) ?? (event.elapsed === null ? 0 : event.elapsed * 1000),
    rawData: event.rawData,
  }));
}

describe('the final JSON indexed from its bytes', () => {
  it.each(FINAL_JSONS)('reads each event of %s as parsing the whole file does: type, level, stage, time, payload', (path) => {
    const bytes = readFileSync(new URL(path, SAMPLES));
    const built = index(bytes);
    expect([built.problem, built.isComplete, built.sawEvents]).toEqual([null, true, true]);
    const got = read(built, bytes);
    expect(got.map(({ columns: { type, level, stage, timeMs }, event }) => ({ type, level, stage, timeMs, rawData: event?.rawData }))).toEqual(
      expected(bytes.toString('utf8')),
    );
    // Each event starts on the line its object opens on.
    const lines = bytes.toString('utf8').split('\n');
    for (const { columns } of got) expect(lines[columns.line! - 1]!.trim()).toMatch(/^\{/);
  });

  it('gives the same columns however the file is cut into chunks (property)', () => {
    const bytes = readFileSync(new URL(FINAL_JSONS[0]!, SAMPLES));
    const whole = read(index(bytes), bytes).map((e) => e.columns);
    fc.assert(
      fc.property(fc.array(fc.nat(bytes.length), { maxLength: 12 }), (cuts) => {
        expect(read(index(bytes, cuts), bytes).map((e) => e.columns)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('reads every shape the trackers write, and counts an object that is none as skipped', () => {
    const text = JSON.stringify(
      {
        metadata: { events: [{ type: 'not_here' }] },
        note: 'events: [{"type": "x"}] } { [',
        events: [
          {
            timestamp: '2026-01-19T10:00:00.5',
            elapsed_seconds: 0.5,
            level: 'WARNING',
            type: 'llm_call_end',
            data: { stage: 'modeling', tokens_used: 7, nested: { stage: 'no' } },
          },
          { timestamp: '2026-01-19T10:00:01', event_type: 'error', event_name: 'call_failed', stage: 'coding', task: 't1', data: { x: '}{' } },
          { timestamp: '2026-01-19T10:00:02', type: 'CRITICAL_FAILURE', data: { stage: 'end' } },
          { timestamp: '2026-01-19T10:00:03', type: 'progress', stage: 'writing', detail: 'a "quoted" \\ word' },
          { timestamp: '2026-01-19T10:00:04', type: 'quo"ted', level: 'INFO', elapsed_seconds: null, data: { stage: 'stä"ge' } },
          { nothing: 'a tracker would write' },
        ],
      },
      null,
      2,
    );
    const bytes = Buffer.from(text);
    const built = index(bytes);
    expect(built.skipped).toBe(1);
    expect(read(built, bytes).map((e) => [e.columns.type, e.columns.level, e.columns.stage])).toEqual([
      ['llm_call_end', 'WARNING', 'modeling'],
      ['call_failed', 'ERROR', 'coding'],
      ['CRITICAL_FAILURE', 'ERROR', 'end'],
      ['progress', 'INFO', 'writing'],
      ['quo"ted', 'INFO', 'stä"ge'],
    ]);
    expect(built.columns.timeMs[0]).toBe(Date.UTC(2026, 0, 19, 10, 0, 0, 500));
    expect(read(built, bytes).map((e) => e.event?.rawData)).toEqual(expected(text).map((e) => e.rawData));
  });

  it('reads generated trackers of every shape, with any text in their payloads, as parsing them whole does (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    const name = fc.constantFrom('llm_call_start', 'llm_call_end', 'stage_start', 'task_error', 'CRITICAL_FAILURE', 'progress', 'a "quoted" \\ type');
    const payload = fc.dictionary(
      fc.constantFrom('stage', 'model', 'task', 'x', 'tokens_used', 'nested'),
      fc.oneof(text, fc.integer(), fc.constant(null), fc.array(text, { maxLength: 2 })),
    );
    const event = fc.oneof(
      fc.record({
        timestamp: fc.constant('2026-01-19T10:00:00.25'),
        elapsed_seconds: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(null)),
        level: fc.constantFrom('INFO', 'ERROR'),
        type: name,
        data: payload,
      }),
      fc.record({
        timestamp: fc.constant('2026-01-19 10:00:01'),
        event_name: name,
        event_type: fc.constantFrom('error', 'warning', 'llm_call'),
        stage: text,
        data: payload,
      }),
      fc.record({ timestamp: fc.constant('2026-01-19T10:00:02'), type: name, stage: fc.oneof(text, fc.integer()), detail: text }),
      fc.record({ something: text }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), fc.constantFrom(0, 2), fc.array(fc.nat(4000), { maxLength: 4 }), (events, indent, cuts) => {
        const json = JSON.stringify({ start_time: 'x', events, note: '"events": [' }, null, indent);
        const bytes = Buffer.from(json);
        const built = index(bytes, cuts);
        expect([built.problem, built.isComplete]).toEqual([null, true]);
        const got = read(built, bytes).map(({ columns: { type, level, stage, timeMs }, event: made }) => ({
          type,
          level,
          stage,
          timeMs,
          rawData: made?.rawData,
        }));
        expect(got).toEqual(expected(json));
      }),
      { numRuns: 300 },
    );
  });

  it('says a crashed writer left the file open, and what is not a tracker JSON', () => {
    const crashed = readFileSync(new URL('mm_agent_documented_mcm_killer/2025_C_20260119-101530_crash/Memory/logs/execution_tracker.json', SAMPLES));
    expect(index(crashed).isComplete).toBe(false);
    expect(index(Buffer.from('[1, 2, 3]')).problem).toBe('not a JSON object with an "events" list');
    expect(index(Buffer.from('{"events": []} {"again": 1}')).problem).toBe('text after the end of the JSON value');
    expect(index(Buffer.from('{"other": []}')).sawEvents).toBe(false);
    expect(index(Buffer.from('\ufeff{"events": [{"type": "a", "level": "INFO"}]}')).columns.count).toBe(1);
  });

  it('reads events from the file when shown, and indexes the file again when the tracker writes it again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-json-'));
    try {
      const file = join(dir, 'execution_tracker.json');
      const write = (types: string[]) =>
        writeFile(
          file,
          JSON.stringify({ events: types.map((type, i) => ({ timestamp: `2026-01-19T10:00:0${i}`, level: 'INFO', type, data: { n: i } })) }, null, 2),
        );
      await write(['stage_start', 'llm_call_start']);
      const reader = new EventLogReader(await RootGate.open(dir), '');
      const names = new Set(['execution_tracker.json']);
      await reader.refresh(names);
      expect(reader.summary()).toMatchObject({ total_events: 2, warnings: [] });
      expect(reader.event(1)).toMatchObject({ type: 'llm_call_start', rawData: '{"n":1}', line: 11 });
      await write(['stage_start', 'llm_call_start', 'llm_call_end']);
      await reader.refresh(names);
      expect(reader.summary().total_events).toBe(3);
      expect(reader.allEvents().map((event) => event.type)).toEqual(['stage_start', 'llm_call_start', 'llm_call_end']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
