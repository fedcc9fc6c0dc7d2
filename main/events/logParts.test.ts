import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RootGate } from '../files/gate';
import { JsonEventIndex } from './jsonLog';
import { indexLogFile } from './logParts';
import { ReadableLogIndex } from './readableLog';
import { EventLogReader } from './eventLog';
import { appendFile, rename } from 'node:fs/promises';
import { demoEventLines } from '../../shared/testing/demoEvents';

let dir: string;
let gate: RootGate;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tracelens-json-parts-'));
  gate = await RootGate.open(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A documented tracker's events as json.dump(indent=2, ensure_ascii=False) writes them; some hold lists of objects of their own. */
function trackerLog(count: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const events = Array.from({ length: count }, (_, i) => ({
    timestamp: `2026-01-19T10:${String(Math.floor(i / 600) % 60).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')}.${String(i % 1000).padStart(6, '0')}`,
    elapsed_seconds: i / 10,
    type: ['stage_start', 'llm_call_start', 'llm_call_end', 'code_exec_start', 'code_exec_end'][i % 5],
    level: i % 7 === 0 ? 'ERROR' : 'INFO',
    data:
      i % 3 === 0
        ? { stage: `阶段 ${i % 4}`, attempts: [{ n: i, note: 'a "quoted" {brace}\n    {' }, { n: i + 1 }] }
        : { model: 'gpt-4o', tokens_used: i * 3, summary: `生成内核 v${i}` },
  }));
  return { start_time: '2026-01-19T10:00:00', events, ...extra };
}

async function written(name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text);
  return name;
}

/** What one thread makes of the same bytes. */
function oneThread(text: string): JsonEventIndex {
  const index = new JsonEventIndex();
  index.push(Buffer.from(text));
  return index;
}

/** Everything the index tells, to compare a parted index with one thread's. */
function told(index: JsonEventIndex) {
  const { columns } = index;
  const { timeMs, type, level, stage, line, offset, types, levels, stages, count } = columns.data();
  return {
    count,
    names: [types, levels, stages].map((table) => table.names),
    columns: [timeMs, type, level, stage, line, offset].map((array) => Array.from(array)),
    ranges: Array.from({ length: count }, (_, i) => index.range(i)),
    summary: columns.summary('log', []),
    reads: index.reads.data(),
    skipped: index.skipped,
    problem: index.problem,
    isComplete: index.isComplete,
  };
}

describe('indexLogFile: a final JSON indexed in parts on other threads', () => {
  it('reads as one thread does, cut at event lines into as many parts as asked', async () => {
    const text = JSON.stringify(trackerLog(3000, { summary: { total: 3000 } }), null, 2);
    for (const maxParts of [2, 3, 5]) {
      const { index, size, threadParts } = await indexLogFile(gate, await written('parts.json', text), 'json', { partBytes: 16 * 1024, maxParts });
      expect(size).toBe(Buffer.byteLength(text));
      expect(threadParts).toBe(maxParts - 1);
      expect(told(index)).toEqual(told(oneThread(text)));
    }
  });

  it('reads no payload for the spans when none will be asked (tree, check), the columns the same', async () => {
    const text = JSON.stringify(trackerLog(3000), null, 2);
    const { index, threadParts } = await indexLogFile(gate, await written('no-reads.json', text), 'json', { partBytes: 16 * 1024, maxParts: 3, reads: false });
    expect(threadParts).toBe(2);
    expect(index.reads.count).toBe(0);
    const { reads: _none, ...columns } = told(index);
    const { reads: _all, ...expected } = told(oneThread(text));
    expect(columns).toEqual(expected);
  });

  it('reads CRLF line breaks and a UTF-8 byte order mark as one thread does', async () => {
    const text = `\uFEFF${JSON.stringify(trackerLog(2000), null, 2).replaceAll('\n', '\r\n')}`;
    const { index, threadParts } = await indexLogFile(gate, await written('crlf.json', text), 'json', { partBytes: 16 * 1024, maxParts: 3 });
    expect(threadParts).toBe(2);
    expect(told(index)).toEqual(told(oneThread(text)));
  });

  it('reads on itself where a cut is not between two events: another list of objects at the same indentation', async () => {
    // "stages" follows the events and its objects open at the events' indentation: the cuts land in it.
    const stages = Array.from({ length: 4000 }, (_, i) => ({ name: `stage${i}`, events: i }));
    const text = JSON.stringify(trackerLog(50, { stages }), null, 2);
    const { index, threadParts } = await indexLogFile(gate, await written('stages.json', text), 'json', { partBytes: 16 * 1024, maxParts: 3 });
    expect(threadParts).toBe(0);
    expect(told(index)).toEqual(told(oneThread(text)));
    expect(index.columns.count).toBe(50);
  });

  it('says a file cut short, or with text after its end, as one thread does', async () => {
    const whole = JSON.stringify(trackerLog(3000), null, 2);
    for (const [name, text] of [
      ['truncated.json', whole.slice(0, Math.floor(whole.length * 0.8))],
      ['after.json', `${whole}\n{"events": []}`],
      ['broken.json', `${whole.slice(0, Math.floor(whole.length * 0.7))}]]]${whole.slice(Math.floor(whole.length * 0.7))}`],
    ] as const) {
      const { index } = await indexLogFile(gate, await written(name, text), 'json', { partBytes: 16 * 1024, maxParts: 3 });
      expect(told(index), name).toEqual(told(oneThread(text)));
    }
    expect((await indexLogFile(gate, 'truncated.json', 'json', { partBytes: 16 * 1024, maxParts: 3 })).index.isComplete).toBe(false);
    expect((await indexLogFile(gate, 'after.json', 'json', { partBytes: 16 * 1024, maxParts: 3 })).index.problem).toBe('text after the end of the JSON value');
  });

  it('reads a compact file (no line to cut at) on one thread', async () => {
    const text = JSON.stringify(trackerLog(3000));
    const { index, threadParts } = await indexLogFile(gate, await written('compact.json', text), 'json', { partBytes: 16 * 1024, maxParts: 3 });
    expect(threadParts).toBe(0);
    expect(told(index)).toEqual(told(oneThread(text)));
  });

  it('takes no more from an index that took its last part', async () => {
    const text = JSON.stringify(trackerLog(3000), null, 2);
    const { index } = await indexLogFile(gate, await written('sealed.json', text), 'json', { partBytes: 16 * 1024, maxParts: 2 });
    expect(() => index.push(Buffer.from(' '))).toThrow(/reads no more/);
  });
});

/** Everything a readable log's index tells, with what it read of the payloads. */
function toldReadable(index: ReadableLogIndex) {
  const { count } = index.columns;
  return {
    columns: index.columns.data(),
    ranges: Array.from({ length: count }, (_, i) => index.range(i)),
    summary: index.columns.summary('log', []),
    strayLines: index.strayLines,
    pending: index.pending.toString('utf8'),
    linesEnd: index.linesEnd,
  };
}

function readableOneThread(text: string): ReadableLogIndex {
  const index = new ReadableLogIndex();
  index.push(Buffer.from(text));
  return index;
}

describe('indexLogFile: a readable log indexed in parts on other threads', () => {
  // The demo's events hold continuation lines, Chinese and every span edge.
  const lines = [...demoEventLines(6000)].join('');

  it('reads as one thread does, cut at event headers into as many parts as asked', async () => {
    const text = `a line before the first event\n${lines}`;
    for (const maxParts of [2, 3, 5]) {
      const { index, size, threadParts } = await indexLogFile(gate, await written('readable.txt', text), 'readable', { partBytes: 16 * 1024, maxParts });
      expect(size).toBe(Buffer.byteLength(text));
      expect(threadParts).toBe(maxParts - 1);
      expect(toldReadable(index)).toEqual(toldReadable(readableOneThread(text)));
    }
  });

  it('reads CRLF, a byte order mark and a last line still being written as one thread does, and goes on from there', async () => {
    const text = `\uFEFF${lines.replaceAll('\n', '\r\n')}[2026-11-22T19:00:43.000000] (+1.000s) [INFO] stage_end: {'stage': 'sta`;
    const { index, threadParts } = await indexLogFile(gate, await written('crlf.txt', text), 'readable', { partBytes: 16 * 1024, maxParts: 3 });
    expect(threadParts).toBe(2);
    const one = readableOneThread(text);
    expect(toldReadable(index)).toEqual(toldReadable(one));
    const rest = "ge3'}\r\n[2026-11-22T19:00:44.000000] (+2.000s) [INFO] stage_start: {'stage': 'stage4'}\r\n";
    index.push(Buffer.from(rest));
    one.push(Buffer.from(rest));
    expect(toldReadable(index)).toEqual(toldReadable(one));
  });

  it('is followed live from where the parts ended, as a log read on one thread is', async () => {
    const names = new Set(['execution_tracker_readable.txt']);
    const folder = join(dir, 'live');
    await mkdir(folder);
    const file = join(folder, 'execution_tracker_readable.txt');
    await writeFile(file, `${lines}[2026-11-22T19:00:43.000000] (+1.000s) [INFO] stage_end: {'stage': 'sta`);
    const liveGate = await RootGate.open(folder);
    const parted = new EventLogReader(liveGate, '', { partBytes: 16 * 1024, maxParts: 3 });
    const single = new EventLogReader(liveGate, '');
    const both = async () => {
      await parted.refresh(names);
      await single.refresh(names);
      const of = (reader: EventLogReader) => ({ columns: reader.columns.data(), summary: reader.summary(), last: reader.event(reader.columns.count - 1) });
      expect(of(parted)).toEqual(of(single));
    };
    await both();
    await appendFile(file, "ge3'}\n[2026-11-22T19:00:44.000000] (+2.000s) [INFO] stage_start: {'stage': 'stage4'}\n");
    await both();
    expect(parted.columns.count).toBe(single.columns.count);
    expect(parted.event(parted.columns.count - 1)?.stage).toBe('stage4');
  });

  it('is read again from its start when another file takes its name after it was read in parts', async () => {
    const names = new Set(['execution_tracker_readable.txt']);
    const folder = join(dir, 'replaced');
    await mkdir(folder);
    const file = join(folder, 'execution_tracker_readable.txt');
    await writeFile(file, lines);
    const parted = new EventLogReader(await RootGate.open(folder), '', { partBytes: 16 * 1024, maxParts: 3 });
    await parted.refresh(names);
    // A rotated log: a new file, longer, under the same name.
    const next = [...demoEventLines(7000)].join('').replaceAll('stage', 'phase');
    await writeFile(join(folder, 'next.txt'), next);
    await rename(join(folder, 'next.txt'), file);
    await parted.refresh(names);
    const fresh = new EventLogReader(await RootGate.open(folder), '');
    await fresh.refresh(names);
    expect(parted.columns.data()).toEqual(fresh.columns.data());
    expect(parted.summary().events_by_type).toEqual(fresh.summary().events_by_type);
  });
});
