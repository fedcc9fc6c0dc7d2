import { createHash } from 'node:crypto';
import { analyzeFailures, autofixFrom, type AutofixLog, type AutopsyEvent, reportDifferences } from '../shared/analysis/autopsy';
import { autopsyInputs, kernelAutopsy } from '../shared/analysis/kernelAutopsy';
import type { AutopsyReport, KernelAutopsy } from '../shared/model/autopsy';
import { parseLenientJson } from '../shared/parse/lenientJson';
import { eventData } from '../shared/parse/eventData';
import { decodeText } from '../shared/parse/text';
import type { RootGate } from './files/gate';
import type { TraceIndex } from './index/traceIndex';
import type { IntegrityChecks } from './integrity';
import type { ErrorLogs } from './errorLogs';
import type { IntegrityReport } from '../shared/model/integrity';
import { countText } from '../shared/analysis/format';

/**
 * What one autopsy reads at most (a crafted folder must not exhaust the server): an event's payload
 * is analysed up to this many characters (a 100 MB payload counts as an event, its fields unread),
 * an error log or report up to this many bytes, and results larger than that are not compared.
 */
export const AUTOPSY_LIMITS = { payloadChars: 1024 * 1024, fileBytes: 16 * 1024 * 1024, eventsPerTurn: 5000 } as const;

export interface AgentAutopsy {
  /** The tracker log folder. */
  readonly dir: string;
  /** The file the events came from. */
  readonly source: string;
  readonly report: AutopsyReport;
  /** `latent_analysis_report.json` when the run wrote one, and where it differs from ours. */
  readonly reportFile: string | null;
  readonly fileReport: unknown;
  readonly differences: readonly string[];
  readonly warnings: readonly string[];
}

export interface Autopsy {
  readonly agent: readonly AgentAutopsy[];
  /** Null when the root holds no kernel run. */
  readonly kernel: KernelAutopsy | null;
  /** Which kernels cannot be trusted; null when the root holds no kernel run. */
  readonly integrity: IntegrityReport | null;
}

/** A file's bytes through the gate, up to AUTOPSY_LIMITS.fileBytes; else why not (with the path). */
async function readBytes(gate: RootGate, path: string): Promise<{ bytes: Buffer } | { error: string }> {
  const read = await gate.readSmall(path, AUTOPSY_LIMITS.fileBytes, AUTOPSY_LIMITS.fileBytes);
  return read.ok ? { bytes: read.value.bytes } : { error: read.error.message };
}

async function readJson(gate: RootGate, path: string): Promise<{ value: unknown } | { error: string }> {
  const read = await readBytes(gate, path);
  if ('error' in read) return read;
  const parsed = parseLenientJson(decodeText(read.bytes).text);
  return parsed.ok ? { value: parsed.value } : { error: `${path}: ${parsed.truncated ? 'truncated' : parsed.error}` };
}

/**
 * The autopsy of everything under the index's root: each agent event log, and the kernel runs
 * (what their error logs say from `errorLogs`, which the summaries share).
 */
export async function runAutopsy(index: TraceIndex, integrity: IntegrityChecks, errorLogs: ErrorLogs, now = new Date()): Promise<Autopsy> {
  const { tree } = index.snapshot();
  const timestamp = now.toISOString().replace('Z', '');
  const agent: AgentAutopsy[] = [];
  for (const run of tree.runs) {
    for (const log of run.eventLogs) {
      const reader = index.eventLog(log.dir);
      if (!reader) continue;
      const warnings: string[] = [];
      const autofixLogs: AutofixLog[] = [];
      const autofixPath = log.files.find((file) => file.endsWith('/autofix_log.json') || file === 'autofix_log.json');
      if (autofixPath) {
        const read = await readJson(index.gate, autofixPath);
        const autofix = 'value' in read ? autofixFrom(read.value) : null;
        if (autofix) autofixLogs.push(autofix);
        else warnings.push(`${'error' in read ? read.error : `${autofixPath}: not an object with "type": "autofix_log"`}: no autofix data`);
      } else warnings.push('no autofix_log.json: no autofix data');
      const events: AutopsyEvent[] = [];
      const source = reader.summary().source;
      // A slice of events at a time, with a turn of the event loop between: a long log's autopsy
      // must not keep serve from answering its other clients meanwhile. Only the failures are read
      // (analyzeFailures counts ERROR events alone): a million events are not all made and kept.
      for (let from = 0; from < reader.columns.count; from += AUTOPSY_LIMITS.eventsPerTurn) {
        if (from > 0) await new Promise((resolve) => setImmediate(resolve));
        const { levels, level } = reader.columns;
        const isError = (i: number) => levels.names[level[i]!] === 'ERROR';
        reader.scan(
          from,
          Math.min(from + AUTOPSY_LIMITS.eventsPerTurn, reader.columns.count),
          (event) => {
            const isHuge = event.rawData.length > AUTOPSY_LIMITS.payloadChars;
            if (isHuge)
              warnings.push(
                `${source}:${event.line}: the ${event.type} event's payload is ${countText(event.rawData.length)} characters, over the ${countText(AUTOPSY_LIMITS.payloadChars)} analysed: it counts, its fields are not read`,
              );
            events.push({ timestamp: event.timestamp, type: event.type, level: event.level, data: isHuge ? {} : eventData(event) });
          },
          isError,
        );
      }
      const report = analyzeFailures(events, autofixLogs, timestamp);
      const reportFile = log.files.find((file) => file.endsWith('latent_analysis_report.json')) ?? null;
      let fileReport: unknown = null;
      let differences: string[] = [];
      if (reportFile) {
        const read = await readJson(index.gate, reportFile);
        if ('value' in read) {
          fileReport = read.value;
          differences = reportDifferences(report, fileReport);
        } else warnings.push(read.error);
      }
      const summary = reader.summary();
      agent.push({ dir: log.dir, source: summary.source, report, reportFile, fileReport, differences, warnings: [...summary.warnings, ...warnings] });
    }
  }

  const hasKernel = tree.runs.some((run) => run.ops.length > 0);
  if (!hasKernel) return { agent, kernel: null, integrity: null };
  const { results } = autopsyInputs(tree);
  const errorFacts = await errorLogs.of(tree);
  // A result that vanished, is not read (a link out, a FIFO) or is too large has no digest: it is
  // not compared with the others.
  const digests = new Map<string, string>();
  for (const path of results) {
    const read = await readBytes(index.gate, path);
    if ('bytes' in read) digests.set(path, createHash('sha1').update(read.bytes).digest('hex'));
  }
  return { agent, kernel: kernelAutopsy(tree, errorFacts, digests), integrity: await integrity.report() };
}
