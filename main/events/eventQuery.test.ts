import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { matchSpans } from '../../shared/analysis/spans';
import { demoEventLines } from '../../shared/testing/demoEvents';
import { EventLogReader } from './eventLog';
import { RootGate } from '../files/gate';
import { EventQuery } from '../../shared/analysis/eventQuery';

const SAMPLE = fileURLToPath(
  new URL('../../test/fixtures/samples/mm_agent_documented_mcm_killer/_live_snapshot_before_save_json_log/Memory/logs/', import.meta.url),
);
const NAMES = new Set(['execution_tracker_readable.txt']);
let dir = '';
afterEach(() => rm(dir, { recursive: true, force: true }));

async function open(): Promise<{ reader: EventLogReader; query: EventQuery }> {
  dir = await mkdtemp(join(tmpdir(), 'tracelens-query-'));
  await cp(SAMPLE, dir, { recursive: true });
  const reader = new EventLogReader(await RootGate.open(dir), '');
  await reader.refresh(NAMES);
  return { reader, query: new EventQuery(reader) };
}

describe('EventQuery', () => {
  it('finds a text filter a slice at a time, giving other calls turns, with the rows of the one-go search', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-query-'));
    await writeFile(join(dir, 'execution_tracker_readable.txt'), [...demoEventLines(200_000)].join(''));
    const gate = await RootGate.open(dir);
    const reader = new EventLogReader(gate, '');
    await reader.refresh(NAMES);
    const query = new EventQuery(reader);
    let turns = 0;
    let isCounting = true;
    const count = () => {
      turns++;
      if (isCounting) setImmediate(count);
    };
    setImmediate(count);
    await query.prepare({ text: 'KeyError' });
    isCounting = false;
    expect(turns).toBeGreaterThanOrEqual(3); // 200,000 events in slices of 50,000
    const fresh = new EventQuery(reader); // the same filter found in one go
    expect(query.rows({ text: 'KeyError' }, 0, 1_000_000)).toEqual(fresh.rows({ text: 'KeyError' }, 0, 1_000_000));
    expect(query.rows({ text: 'KeyError' }, 0, 0).total).toBeGreaterThan(0);
  });

  it('finds the spans of a long log from its payloads as written, as matching the whole events does', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-query-'));
    await writeFile(join(dir, 'execution_tracker_readable.txt'), [...demoEventLines(20_000)].join(''));
    const reader = new EventLogReader(await RootGate.open(dir), '');
    await reader.refresh(NAMES);
    const expected = matchSpans(reader.allEvents());
    const overview = new EventQuery(reader).overview();
    expect(overview.spans).toBeGreaterThan(1000);
    expect({ spans: overview.spans, running: overview.runningSpans }).toEqual({
      spans: expected.length,
      running: expected.filter((span) => span.endMs === null).length,
    });
    // The text filter reads the payloads as written too: the same rows as type-or-payload on whole events.
    const query = new EventQuery(reader);
    for (const text of ['KeyError', '阶段 3', 'stage1', 'main3.py', '_error', 'continued: a payload', 'datetime']) {
      const rows = query.rows({ text }, 0, 100_000).events.map((event) => event.seq);
      const needle = text.toLowerCase();
      const expectedRows = reader.allEvents().filter((event) => event.type.toLowerCase().includes(needle) || event.rawData.toLowerCase().includes(needle));
      expect(rows, text).toEqual(expectedRows.map((event) => event.seq));
    }
  });

  it("reads a big final JSON's payloads where it is indexed on every core, to the same spans, cost and tokens as reading them from the file", async () => {
    dir = await mkdtemp(join(tmpdir(), 'tracelens-query-'));
    const models = ['gpt-4o', 'glm-4-plus', null];
    const payload = (i: number, type: string): Record<string, unknown> => {
      const data: Record<string, unknown> = {};
      if (i % 4 !== 0) data[i % 8 === 1 ? 'stage_name' : 'stage'] = `阶段 ${i % 5}`;
      if (type.startsWith('llm_call') || type === 'api_call') {
        if (models[i % 3]) data.model = models[i % 3];
        if (i % 2 === 0) data[i % 4 === 0 ? 'total_tokens' : 'tokens_used'] = i * 7;
        if (type === 'api_call') data.latency_seconds = i / 100;
      }
      if (type.startsWith('task')) data[i % 2 ? 'task' : 'task_id'] = `t${i % 6}`;
      if (type.startsWith('code_exec') && i % 3) data.script = `main${i % 4}.py`;
      if (i % 11 === 0) data.note = "a 'model': 'quoted' {inside} text";
      return data;
    };
    const types = [
      'stage_start',
      'llm_call_start',
      'llm_call_end',
      'llm_call_error',
      'api_call',
      'llm_call',
      'task_start',
      'task_end',
      'code_exec_start',
      'code_exec_end',
      'stage_end',
      'note',
    ];
    const events = Array.from({ length: 5000 }, (_, i) => {
      const type = types[(i * 7) % types.length]!;
      return {
        timestamp: `2026-01-19T10:00:${String(Math.floor(i / 100) % 60).padStart(2, '0')}.${String(i % 1000).padStart(6, '0')}`,
        elapsed_seconds: i / 100,
        type,
        level: 'INFO',
        data: payload(i, type),
      };
    });
    await writeFile(join(dir, 'execution_tracker.json'), JSON.stringify({ events }, null, 2));
    // Parts of 16 KB: the log is cut for three threads.
    const reader = new EventLogReader(await RootGate.open(dir), '', { partBytes: 16 * 1024, maxParts: 3 });
    await reader.refresh(new Set(['execution_tracker.json']));
    const count = reader.columns.count;
    const everything = (query: EventQuery) => ({
      cost: query.cost(),
      overview: query.overview(),
      spans: Array.from({ length: count }, (_, i) => query.span(i)),
      tokens: query.range(0, Number.MAX_SAFE_INTEGER, {}),
    });
    // The same reader with nothing read where it was indexed: every payload read from the file.
    const fromFile = everything(new EventQuery(Object.assign(Object.create(reader) as EventLogReader, { payloadReads: () => null })));
    expect(reader.payloadReads()!.count).toBe(count);
    const fromIndex = everything(new EventQuery(reader));
    expect(fromIndex.cost.spans.total).toBeGreaterThan(1000);
    expect(fromIndex.cost.llm.tokens).toBeGreaterThan(0);
    expect(fromIndex).toEqual(fromFile);
    // Taken once, then dropped: a later query reads the file.
    expect(reader.payloadReads()!.count).toBe(0);
    expect(everything(new EventQuery(reader))).toEqual(fromFile);
  });

  it('says what a span is when pointed at, and what a stretch of time holds', async () => {
    const { query } = await open();
    expect(query.span(1)).toMatchObject({ kind: 'llm_call', label: 'gpt-4o', stage: 'stage1', startSeq: 1, endSeq: 2, isFailed: false });
    expect(query.span(1)!.durationMs).toBe(0.02); // 20 µs
    expect(query.span(0)).toMatchObject({ kind: 'stage', label: 'stage1', endSeq: null, durationMs: null }); // never ended: running
    expect(query.span(2)).toBeNull(); // an end starts no span
    const { startMs, endMs } = query.overview();
    expect(query.range(startMs, endMs, {})).toEqual({ events: 12, errors: 5, llmCalls: 1, llmSeconds: 0.00002, tokens: 2300 });
    expect(query.range(startMs, endMs, { level: 'ERROR' })).toMatchObject({ events: 5, errors: 5 });
    // Before the call ended: the call overlaps, no tokens were logged yet.
    const callStart = query.span(1)!.startMs;
    expect(query.range(startMs, callStart + 0.01, {})).toMatchObject({ llmCalls: 1, tokens: null });
    expect(query.range(endMs + 1, endMs + 2, {})).toEqual({ events: 0, errors: 0, llmCalls: 0, llmSeconds: null, tokens: null });
  });

  it('gives the overview, filtered rows, positions and the next error', async () => {
    const { query } = await open();
    const overview = query.overview();
    expect(overview).toMatchObject({ total: 12, spans: 3, runningSpans: 1, types: { llm_call_error: 4 }, stages: { stage3: 8 }, levels: { ERROR: 5 } });
    expect(query.rows({ level: 'ERROR' }, 0, 100).events.map((e) => e.seq)).toEqual([4, 5, 6, 7, 8]);
    expect(query.rows({ text: 'ratelimit' }, 1, 2)).toMatchObject({ total: 4, events: [{ seq: 6 }, { seq: 7 }] });
    expect(query.position({ level: 'ERROR' }, 6)).toBe(2);
    expect(query.position({ level: 'ERROR' }, 0)).toBe(-1);
    expect(query.nextError({}, -1, 1)).toBe(4);
    expect(query.nextError({}, 8, 1)).toBeNull();
    expect(query.nextError({}, 8, -1)).toBe(7);
    expect(query.nextError({ type: 'task_error' }, 4, 1)).toBeNull();
    expect(query.locate('2026-11-22T19:00:42.334174', 'llm_call_error')).toBe(5);
    expect(query.get(10)?.rawData).toBe('not a dict:\nsecond line of a multi-line string payload');
  });

  it('draws at most one mark per lane and column, the most severe one', async () => {
    const { query } = await open();
    const { startMs, endMs } = query.overview();
    const one = query.window({ startMs, endMs, columns: 1, laneMode: 'stage', filters: {} });
    expect(one.lanes).toEqual(['stage1', '(no stage)', 'stage3']);
    const marks = [];
    for (let k = 0; k < one.marks.length; k += 4) marks.push(one.marks.slice(k, k + 4));
    // stage3 holds errors: its single mark is an error; the others are info.
    expect(marks.find(([lane]) => lane === 2)![2]).toBe(2);
    expect(marks).toHaveLength(3);
    expect(one.overview.counts).toEqual([12]);
    expect(one.overview.errors).toEqual([5]);
    const wide = query.window({ startMs, endMs, columns: 4096, laneMode: 'type', filters: { level: 'ERROR' } });
    expect(wide.marks.length / 4).toBe(5);
    // A span is shown when its start event passes the filters: no span starts with an ERROR event.
    expect(wide.spans.length / 6).toBe(0);
    expect(query.window({ startMs, endMs, columns: 100, laneMode: 'stage', filters: {} }).spans.length / 6).toBe(3);
  });

  it('keeps up with appended events and starts over when the file is rewritten', async () => {
    const { reader, query } = await open();
    expect(query.overview().total).toBe(12);
    await appendFile(
      join(dir, 'execution_tracker_readable.txt'),
      "[2026-11-22T19:00:43.000000] (+1.000s) [ERROR] code_exec_error: {'stage': 'stage4', 'error': 'boom'}\n",
    );
    await reader.refresh(NAMES);
    expect(query.overview()).toMatchObject({ total: 13, stages: { stage4: 1 } });
    expect(query.nextError({}, 8, 1)).toBe(12);
  });
});
