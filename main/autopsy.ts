import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { analyzeFailures, autofixFrom, type AutofixLog, type AutopsyEvent, type AutopsyReport, reportDifferences } from '../shared/analysis/autopsy';
import { autopsyInputs, kernelAutopsy, type KernelAutopsy } from '../shared/analysis/kernelAutopsy';
import { parseLenientJson } from '../shared/parse/lenientJson';
import { eventData } from '../shared/parse/eventData';
import { decodeText } from '../shared/parse/text';
import type { TraceIndex } from './traceIndex';

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
}

async function readText(path: string): Promise<string | null> {
  try {
    return decodeText(await readFile(path)).text;
  } catch {
    return null;
  }
}

async function readJson(path: string): Promise<{ value: unknown } | { error: string }> {
  const text = await readText(path);
  if (text === null) return { error: 'cannot be read' };
  const parsed = parseLenientJson(text);
  return parsed.ok ? { value: parsed.value } : { error: parsed.truncated ? 'truncated' : parsed.error };
}

/** The autopsy of everything under the index's root: each agent event log, and the kernel runs. */
export async function runAutopsy(index: TraceIndex, now = new Date()): Promise<Autopsy> {
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
        const read = await readJson(`${index.root}/${autofixPath}`);
        const autofix = 'value' in read ? autofixFrom(read.value) : null;
        if (autofix) autofixLogs.push(autofix);
        else warnings.push(`${autofixPath}: ${'error' in read ? read.error : 'not an object with "type": "autofix_log"'}: no autofix data`);
      } else warnings.push('no autofix_log.json: no autofix data');
      const events: AutopsyEvent[] = reader.allEvents().map((event) => ({ timestamp: event.timestamp, type: event.type, level: event.level, data: eventData(event) }));
      const report = analyzeFailures(events, autofixLogs, timestamp);
      const reportFile = log.files.find((file) => file.endsWith('latent_analysis_report.json')) ?? null;
      let fileReport: unknown = null;
      let differences: string[] = [];
      if (reportFile) {
        const read = await readJson(`${index.root}/${reportFile}`);
        if ('value' in read) {
          fileReport = read.value;
          differences = reportDifferences(report, fileReport);
        } else warnings.push(`${reportFile}: ${read.error}`);
      }
      const summary = reader.summary();
      agent.push({ dir: log.dir, source: summary.source, report, reportFile, fileReport, differences, warnings: [...summary.warnings, ...warnings] });
    }
  }

  const hasKernel = tree.runs.some((run) => run.ops.length > 0);
  if (!hasKernel) return { agent, kernel: null };
  const { errorLogs, results } = autopsyInputs(tree);
  const errorTexts = new Map<string, string>();
  for (const path of errorLogs) {
    const text = await readText(`${index.root}/${path}`);
    if (text !== null) errorTexts.set(path, text);
  }
  const digests = new Map<string, string>();
  for (const path of results) {
    try {
      digests.set(path, createHash('sha1').update(await readFile(`${index.root}/${path}`)).digest('hex'));
    } catch {
      // A result that vanished has no digest: it is not compared.
    }
  }
  return { agent, kernel: kernelAutopsy(tree, errorTexts, digests) };
}
