import type { TraceTreeBuilder } from '../../shared/analysis/traceTree';
import type { EventSummary } from '../../shared/model/events';
import type { Round } from '../../shared/model/trace';
import { parseLoopPhase, parseRound } from '../../shared/parse/autoresearch';
import type { PathInfo } from '../../shared/parse/classify';
import { splitRelPath } from '../../shared/parse/relPath';
import { decodeText } from '../../shared/parse/text';
import { roleOf } from '../../shared/parse/roles';
import { parseSpeedupLine, type SpeedupLine } from '../../shared/parse/speedup';
import { parseVerificationEntry, type VerificationEntry } from '../../shared/parse/verification';
import { EventLogReader } from '../events/eventLog';
import type { PartOptions } from '../events/logParts';
import { problem, type RootGate } from '../files/gate';
import { RecordFile } from './recordFile';

/**
 * What names alone cannot tell, read for the index: a verifier error log's size (empty: the
 * attempt passed), the append-only records (speed-ups, verification results) and the event logs,
 * each read from where it last stopped. Every read goes through the root's gate.
 */
export class ContentReaders {
  private readonly speedupFiles = new Map<string, RecordFile<SpeedupLine>>();
  private readonly verificationFiles = new Map<string, RecordFile<VerificationEntry>>();
  private readonly roundsFiles = new Map<string, RecordFile<Round>>();
  private readonly logReaders = new Map<string, EventLogReader>();
  /** Tracker log folder → names of the log files in it. */
  private readonly logFiles = new Map<string, Set<string>>();
  /** The log folders whose logs are being read now (the first scan says so while it waits on them), and who is told when that changes. */
  readonly logsBeingRead = new Set<string>();
  onLogsBeingRead: (() => void) | null = null;

  /**
   * @param logParts how big event logs are read in parts (logParts.ts).
   * @param indexesLogs whether event logs are indexed at all (TraceIndexOptions.eventLogs).
   */
  constructor(
    private readonly gate: RootGate,
    private readonly builder: TraceTreeBuilder,
    private readonly logParts: PartOptions = {},
    private readonly indexesLogs = true,
  ) {}

  /** Reads what changed in these files into the builder; the log folders whose events may have changed. */
  async read(touched: ReadonlyArray<readonly [string, PathInfo]>, extraLogDirs: Iterable<string> = []): Promise<Set<string>> {
    const logDirs = new Set<string>(extraLogDirs);
    const jobs: Array<() => Promise<void>> = [];
    for (const [path, info] of touched) {
      if (isVerdictRecord(info)) {
        jobs.push(async () => {
          const read = await this.gate.readSmall(path, 64);
          this.builder.setRecordVerdict(path, read.ok ? verdictOf(decodeText(read.value.bytes).text) : null);
        });
      } else if (isSizedRecord(info)) {
        jobs.push(async () => {
          const stats = await this.gate.statFile(path);
          this.builder.addFile(path, stats.ok ? stats.value.size : null);
        });
      } else if (info.kind === 'speedup') {
        const file = getOrCreate(this.speedupFiles, path, () => new RecordFile(this.gate, path, 'lines', speedupOrReason));
        jobs.push(() => this.updateRecordFile(path, file, () => this.builder.setSpeedups(path, file.items)));
      } else if (info.kind === 'verification-results') {
        const file = getOrCreate(this.verificationFiles, path, () => new RecordFile(this.gate, path, 'objects', parseVerificationEntry));
        jobs.push(() => this.updateRecordFile(path, file, () => this.builder.setVerifications(path, file.items)));
      } else if (info.kind === 'run-file' && info.loopState) {
        const form = info.loopState;
        jobs.push(async () => {
          const read = await this.gate.readSmall(path, LOOP_STATE_BYTES);
          this.builder.setLoopPhase(path, read.ok ? parseLoopPhase(decodeText(read.value.bytes).text, form) : null);
        });
      } else if (info.kind === 'rounds') {
        const file = getOrCreate(this.roundsFiles, path, () => new RecordFile(this.gate, path, 'lines', (text, line) => parseRound(text, path, line)));
        jobs.push(() => this.updateRecordFile(path, file, () => this.builder.setRounds(path, file.items)));
      } else if (info.kind === 'event-log' && this.indexesLogs) {
        getOrCreate(this.logFiles, info.logDir, () => new Set()).add(splitRelPath(path).name);
        logDirs.add(info.logDir);
      }
    }
    await runLimited(jobs, 32);
    for (const dir of logDirs) await this.refreshLog(dir);
    return logDirs;
  }

  /** A file is gone: its readers go too; an event log's folder is named for the next read. */
  forget(path: string, info: PathInfo, goneLogDirs: Set<string>): void {
    this.speedupFiles.delete(path);
    this.verificationFiles.delete(path);
    this.roundsFiles.delete(path);
    if (info.kind === 'event-log') {
      this.logFiles.get(info.logDir)?.delete(splitRelPath(path).name);
      goneLogDirs.add(info.logDir);
    }
  }

  eventLog(dir: string): EventLogReader | undefined {
    return this.logReaders.get(dir);
  }

  /** Every event log's summary, by folder, in folder order. */
  eventSummaries(dirs: Iterable<string> = [...this.logReaders.keys()].sort(collator.compare)): Record<string, EventSummary> {
    const out: Record<string, EventSummary> = {};
    for (const dir of dirs) {
      const reader = this.logReaders.get(dir);
      if (reader) out[dir] = reader.summary();
    }
    return out;
  }

  private async updateRecordFile<T>(path: string, file: RecordFile<T>, apply: () => void): Promise<void> {
    try {
      await file.update();
      this.builder.setWarnings(path, file.currentWarnings());
    } catch (error) {
      this.builder.setWarnings(path, [problem(path, error)]);
    }
    apply();
  }

  private async refreshLog(dir: string): Promise<void> {
    const names = this.logFiles.get(dir) ?? new Set<string>();
    let reader = this.logReaders.get(dir);
    if (!reader) this.logReaders.set(dir, (reader = new EventLogReader(this.gate, dir, this.logParts)));
    if (names.size === 0) {
      this.logReaders.delete(dir);
      this.logFiles.delete(dir);
      return;
    }
    this.logsBeingRead.add(dir);
    this.onLogsBeingRead?.();
    try {
      await reader.refresh(names);
    } finally {
      this.logsBeingRead.delete(dir);
      this.onLogsBeingRead?.();
    }
  }
}

/** A loop's state file is small (state.json ~1.5 KB, RUNNING ~0.5 KB): its start says its phase. */
const LOOP_STATE_BYTES = 64 * 1024;

const collator = new Intl.Collator('en', { numeric: true });

function speedupOrReason(line: string): SpeedupLine | string {
  return parseSpeedupLine(line) ?? 'not a speed-up record';
}

/** Whether a file's content matters to the index (else its name says all). */
export function needsContent(info: PathInfo): boolean {
  return (
    isSizedRecord(info) ||
    isVerdictRecord(info) ||
    info.kind === 'speedup' ||
    info.kind === 'verification-results' ||
    info.kind === 'rounds' ||
    info.kind === 'event-log' ||
    (info.kind === 'run-file' && info.loopState !== undefined)
  );
}

/** Verifier error logs: their size (which the walk may bring) says whether the attempt passed (empty: it did). */
export function isSizedRecord(info: PathInfo): boolean {
  return info.kind === 'record' && info.param === 'error_log' && roleOf(info.agent, info.conductor) === 'verifier';
}

/** A verifier's own `result` file (the MathIR branch writes `True` or `False`): it says whether the attempt passed. */
export function isVerdictRecord(info: PathInfo): boolean {
  return info.kind === 'record' && info.param === 'result' && roleOf(info.agent, info.conductor) === 'verifier';
}

/** `True` / `False` as Python prints them; null for anything else. */
function verdictOf(text: string): boolean | null {
  const word = text.trim();
  return word === 'True' ? true : word === 'False' ? false : null;
}

export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

/** Runs `jobs` with at most `limit` of them at once, in order. */
export async function runLimited(jobs: ReadonlyArray<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}
