import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../shared/model/events';
import { readableEvent, timestampMs } from '../../shared/parse/trackerLog';
import { NO_STAGE } from '../../shared/analysis/eventColumns';
import { ReadableLogIndex } from './readableLog';

const SAMPLE = new URL(
  '../../test/fixtures/samples/mm_agent_documented_mcm_killer/2025_C_20260119-101530/Memory/logs/execution_tracker_readable.txt',
  import.meta.url,
);

/** The index of `bytes` fed in pieces cut at `cuts`, and every event read back from the bytes. */
function indexed(bytes: Buffer, cuts: readonly number[] = []): { index: ReadableLogIndex; events: Array<AgentEvent | null> } {
  const index = new ReadableLogIndex();
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    index.push(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  index.push(bytes.subarray(at));
  const events = Array.from({ length: index.columns.count }, (_, i) => {
    const { start, end } = index.range(i);
    return index.event(i, bytes.subarray(start, end));
  });
  return { index, events };
}

/** What the columns say of event `i`, in the event's own terms. */
function columnsOf(index: ReadableLogIndex, i: number) {
  const { columns } = index;
  return {
    type: columns.types.names[columns.type[i]!],
    level: columns.levels.names[columns.level[i]!],
    stage: columns.stages.names[columns.stage[i]!],
    line: columns.line[i],
    timeMs: columns.timeMs[i],
  };
}

/** The same, from the event as the text reader sees it. */
function expectedColumns(event: AgentEvent) {
  const elapsed = Number.isNaN(event.elapsed) ? null : event.elapsed;
  return {
    type: event.type,
    level: event.level,
    stage: event.stage ?? NO_STAGE,
    line: event.line,
    timeMs: timestampMs(event.timestamp) ?? (elapsed ?? 0) * 1000,
  };
}

describe('ReadableLogIndex', () => {
  it('reads every event of the sample, continuation lines attached', () => {
    const { index, events } = indexed(readFileSync(SAMPLE));
    expect(events).toHaveLength(12);
    expect(events.filter((e) => e?.level === 'ERROR')).toHaveLength(5);
    expect(events.find((e) => e?.type === 'free_text_note')?.rawData).toBe('not a dict:\nsecond line of a multi-line string payload');
    expect(events[4]).toMatchObject({ type: 'task_error', stage: 'stage3', task: 'data_processing', line: 5, elapsed: 0 });
    for (const [i, event] of events.entries()) expect(columnsOf(index, i)).toEqual(expectedColumns(event!));
    const summary = index.columns.summary('x', []);
    expect(summary).toMatchObject({ total_events: 12, events_by_level: { INFO: 6, ERROR: 5, WARNING: 1 }, events_by_type: { llm_call_error: 4 } });
    expect(summary.total_duration).toBeCloseTo(0.001);
  });

  it('gives the same index and events however the bytes are cut, inside CRLFs and characters too', () => {
    const bytes = Buffer.from(
      `\ufeff${readFileSync(SAMPLE, 'utf8').replaceAll('\n', '\r\n')}[2026-11-22T19:00:43] (+1.000s) [INFO] 事件_note: {'stage': '阶段'}\r\n`,
    );
    const whole = indexed(bytes);
    expect(whole.events).toHaveLength(13);
    expect(whole.events[12]).toMatchObject({ type: '事件_note', stage: '阶段' });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 8 }), (cuts) => {
        const cut = indexed(bytes, cuts);
        expect(cut.events).toEqual(whole.events);
        expect(cut.index.columns.summary('x', [])).toEqual(whole.index.columns.summary('x', []));
        for (let i = 0; i < 13; i++) expect(columnsOf(cut.index, i)).toEqual(columnsOf(whole.index, i));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the text reader on every line, headers and near misses alike', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    const timestamp = fc.oneof(
      fc
        .tuple(
          digits(4),
          digits(2),
          digits(2),
          fc.constantFrom('T', ' '),
          digits(2),
          digits(2),
          digits(2),
          fc.oneof(fc.constant(''), fc.stringMatching(/^\.[0-9]{0,18}$/)),
        )
        .map(([y, mo, d, sep, h, mi, s, f]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${f}`),
      fc.string({ maxLength: 12 }),
    );
    const quoted = fc.tuple(fc.constantFrom("'", '"'), fc.stringMatching(/^[a-z阶\\' ]{0,6}$/)).map(([q, v]) => `${q}${v}${q}`);
    // Near misses of the key too: `'stage':'x'`, `stage': `, `''stage': `…
    const noise = fc.string({ unit: fc.constantFrom(...'\'stage:, "x'), maxLength: 14 });
    const payload = fc
      .tuple(noise, fc.option(quoted), fc.option(quoted), fc.string({ maxLength: 10 }))
      .map(([before, stage, task, rest]) => `{${before}${stage === null ? '' : `'stage': ${stage}, `}${task === null ? '' : `'task': ${task}, `}${rest}}`);
    const header = fc
      .tuple(
        timestamp,
        fc.stringMatching(/^[0-9.]{0,20}$/),
        fc.constantFrom('INFO', 'ERROR', 'WARNING', 'info', ''),
        fc.stringMatching(/^[a-z_ :事]{0,8}$/),
        payload,
      )
      .map(([ts, elapsed, level, type, data]) => `[${ts}] (+${elapsed}s) [${level}] ${type}: ${data}`);
    const line = fc.oneof(
      header,
      header,
      fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ' ')),
      fc.constant(''),
    );
    const log = fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => lines.map((l) => `${l}${eol}`).join(''));
    fc.assert(
      fc.property(log, fc.array(fc.nat(400), { maxLength: 4 }), (text, cuts) => {
        const bytes = Buffer.from(text);
        const { index, events } = indexed(bytes, cuts);
        // The text reader: split into lines; a header starts an event, anything else continues it.
        const expected: AgentEvent[] = [];
        text.split(/\r\n|\r|\n/).forEach((l, n) => {
          const event = readableEvent(l, expected.length, n + 1);
          const last = expected[expected.length - 1];
          if (event) expected.push(event);
          else if (last && n + 1 < text.split(/\r\n|\r|\n/).length) expected[expected.length - 1] = { ...last, rawData: `${last.rawData}\n${l}` };
        });
        expect(events).toEqual(expected);
        for (const [i, event] of expected.entries()) expect(columnsOf(index, i)).toEqual(expectedColumns(event));
      }),
      { numRuns: 2000 },
    );
  });

  it('waits for a half-written last line', () => {
    const index = new ReadableLogIndex();
    index.push(Buffer.from('[2026-01-19T10:20:00] (+0.1s) [INFO] stage_start: {}\n[2026-01-19T10:20:01] (+1.1s) [INF'));
    expect(index.columns.count).toBe(1);
    expect(index.pending.toString()).toBe('[2026-01-19T10:20:01] (+1.1s) [INF');
    index.push(Buffer.from("O] stage_end: {'stage': 's'}\n"));
    expect(index.columns.count).toBe(2);
    expect(index.columns.stages.names[index.columns.stage[1]!]).toBe('s');
  });

  it('counts lines before the first header instead of inventing an event', () => {
    const index = new ReadableLogIndex();
    index.push(Buffer.from('garbage\n\n[2026-01-19T10:20:00] (+0.1s) [INFO] x: 1\n'));
    expect(index.columns.count).toBe(1);
    expect(index.strayLines).toEqual([1]);
  });
});
