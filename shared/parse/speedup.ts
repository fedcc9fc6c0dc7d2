import type { Speedup } from '../model/trace';

/**
 * `{op}/profiling/speed_up_record.txt` (FORMATS.md §1.3): one record per line, appended;
 * era A adds a blank line after each. A failed profiler still appends zeros: speedup null.
 */
export interface SpeedupLine extends Speedup {
  readonly opName: string;
  readonly taskId: string;
}

const FIELD = /(\w+): ([^,]*)/g;

function micros(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^\s*(-?[\d.eE+-]+|nan|inf)\s*(us)?\s*$/i.exec(value);
  if (!match) return null;
  const number = Number(match[1]);
  return Number.isFinite(number) ? number : null;
}

function ratio(value: string | undefined): number | null {
  if (value === undefined) return null;
  const number = Number(value.trim().replace(/x$/, ''));
  return Number.isFinite(number) ? number : null;
}

export function parseSpeedupLine(line: string): SpeedupLine | null {
  const fields = new Map<string, string>();
  for (const match of line.matchAll(FIELD)) fields.set(match[1]!, match[2]!.trim());
  const uniqueDir = fields.get('unique_dir');
  if (!uniqueDir) return null;
  const baseTimeUs = micros(fields.get('base_time')) ?? 0;
  const generationTimeUs = micros(fields.get('generation_time')) ?? 0;
  const noTiming = baseTimeUs === 0 || generationTimeUs === 0;
  return {
    opName: fields.get('op_name') ?? '',
    taskId: fields.get('task_id') ?? '',
    uniqueDir,
    baseTimeUs,
    generationTimeUs,
    speedup: noTiming ? null : ratio(fields.get('speedup')),
    rooflineTimeUs: micros(fields.get('roofline_time')),
    rooflineSpeedup: noTiming ? null : ratio(fields.get('roofline_speedup')),
  };
}

/** Parses every complete line; lines that are not records are counted so callers can warn. */
export function parseSpeedupRecords(text: string): { records: SpeedupLine[]; unreadable: number } {
  const records: SpeedupLine[] = [];
  let unreadable = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue;
    const record = parseSpeedupLine(line);
    if (record) records.push(record);
    else unreadable++;
  }
  return { records, unreadable };
}
