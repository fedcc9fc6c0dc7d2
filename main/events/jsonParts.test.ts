import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RootGate } from '../files/gate';
import { JsonEventIndex } from './jsonLog';
import { indexJsonFile } from './jsonParts';

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

describe('indexJsonFile: a final JSON indexed in parts on other threads', () => {
  it('reads as one thread does, cut at event lines into as many parts as asked', async () => {
    const text = JSON.stringify(trackerLog(3000, { summary: { total: 3000 } }), null, 2);
    for (const maxParts of [2, 3, 5]) {
      const { index, size, threadParts } = await indexJsonFile(gate, await written('parts.json', text), { partBytes: 16 * 1024, maxParts });
      expect(size).toBe(Buffer.byteLength(text));
      expect(threadParts).toBe(maxParts - 1);
      expect(told(index)).toEqual(told(oneThread(text)));
    }
  });

  it('reads CRLF line breaks and a UTF-8 byte order mark as one thread does', async () => {
    const text = `\uFEFF${JSON.stringify(trackerLog(2000), null, 2).replaceAll('\n', '\r\n')}`;
    const { index, threadParts } = await indexJsonFile(gate, await written('crlf.json', text), { partBytes: 16 * 1024, maxParts: 3 });
    expect(threadParts).toBe(2);
    expect(told(index)).toEqual(told(oneThread(text)));
  });

  it('reads on itself where a cut is not between two events: another list of objects at the same indentation', async () => {
    // "stages" follows the events and its objects open at the events' indentation: the cuts land in it.
    const stages = Array.from({ length: 4000 }, (_, i) => ({ name: `stage${i}`, events: i }));
    const text = JSON.stringify(trackerLog(50, { stages }), null, 2);
    const { index, threadParts } = await indexJsonFile(gate, await written('stages.json', text), { partBytes: 16 * 1024, maxParts: 3 });
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
      const { index } = await indexJsonFile(gate, await written(name, text), { partBytes: 16 * 1024, maxParts: 3 });
      expect(told(index), name).toEqual(told(oneThread(text)));
    }
    expect((await indexJsonFile(gate, 'truncated.json', { partBytes: 16 * 1024, maxParts: 3 })).index.isComplete).toBe(false);
    expect((await indexJsonFile(gate, 'after.json', { partBytes: 16 * 1024, maxParts: 3 })).index.problem).toBe('text after the end of the JSON value');
  });

  it('reads a compact file (no line to cut at) on one thread', async () => {
    const text = JSON.stringify(trackerLog(3000));
    const { index, threadParts } = await indexJsonFile(gate, await written('compact.json', text), { partBytes: 16 * 1024, maxParts: 3 });
    expect(threadParts).toBe(0);
    expect(told(index)).toEqual(told(oneThread(text)));
  });

  it('takes no more from an index that took its last part', async () => {
    const text = JSON.stringify(trackerLog(3000), null, 2);
    const { index } = await indexJsonFile(gate, await written('sealed.json', text), { partBytes: 16 * 1024, maxParts: 2 });
    expect(() => index.push(Buffer.from(' '))).toThrow(/reads no more/);
  });
});
