/**
 * `tracelens export otlp <dir>`: every run under <dir> as OpenTelemetry traces. Loaded only for
 * this command (the exporters are not started for any other).
 */
import { stepCount } from '../shared/analysis/treeQuery';
import { plural } from '../shared/analysis/format';
import { indexSpans, type RunSpan } from '../main/export/runSpans';
import { EventQueries } from '../main/events/eventQueries';
import { TraceIndex } from '../main/index/traceIndex';
import { otlpExporter, sendSpans, toReadableSpans } from './otlpExport';
import type { Progress } from './cli';
import type { OtlpTarget } from './otlpTarget';

export interface ExportOptions {
  readonly target: OtlpTarget;
  readonly maxTextBytes: number;
  readonly maxEvents: number;
  readonly watch: boolean;
  /** With --watch: a step still written to is sent once it has been quiet this long (or a later step exists, or on exit). */
  readonly settleMs: number;
  readonly usePolling: boolean;
  /** Resolves when a watch should stop (Ctrl-C); what is unsent then is sent. */
  readonly stopped: Promise<void>;
}

type Say = (text: string) => void;

export async function exportOtlp(dir: string, options: ExportOptions, out: Say, err: Say, progress: Progress): Promise<number> {
  const index = await TraceIndex.open(dir, { watch: options.watch, ...(options.usePolling ? { usePolling: true } : {}) });
  const exporter = otlpExporter(options.target);
  const where = options.target.endpoint ?? 'the OTEL_EXPORTER_OTLP_* endpoint';
  // Kept between the watch's rounds: each log's events are read once, and a step sent is not read again.
  const queries = new EventQueries(index);
  const sent = new Map<string, RunSpan>();
  /** Sends what is not sent yet and may be sent now; returns how many went. */
  const sendNew = async (isFinal: boolean): Promise<number> => {
    const total = stepCount(index.snapshot().tree);
    let read = 0;
    let saidAt = Date.now();
    const onStep = () => {
      if (++read < total && Date.now() - saidAt < 250) return;
      saidAt = Date.now();
      progress.say(`reading the steps' files: ${read}/${total}`);
    };
    const spans = await indexSpans(index, queries, { maxTextBytes: options.maxTextBytes, maxEvents: options.maxEvents }, { known: sent, onStep });
    if (read > 0) progress.done();
    const isSettled = isFinal ? () => true : settledSteps(spans, options.settleMs);
    const ready = spans.filter((span) => !sent.has(span.key) && isSettled(span));
    if (ready.length === 0) return 0;
    try {
      await sendSpans(exporter, toReadableSpans(ready, index.root), (count) => progress.say(`sent ${count}/${ready.length} spans to ${where}`));
    } catch (error) {
      throw new Error(`${where} did not take the spans: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      progress.done();
    }
    for (const span of ready) sent.set(span.key, span);
    return ready.length;
  };
  try {
    if (!options.watch) {
      const count = await sendNew(true);
      if (count === 0) err(`nothing to send: no run under ${index.root} has a step or an event with a time on disk\n`);
      else out(`sent ${plural(count, 'span')} (${summary(index)}) to ${where}\n`);
      return count === 0 ? 1 : 0;
    }
    err(`following ${index.root}: each step is sent once it is done (Ctrl-C sends the rest and stops)\n`);
    await sendNew(false);
    let pending = Promise.resolve();
    const again = () => {
      pending = pending.then(() => sendNew(false).then(() => undefined));
    };
    const off = index.onDelta(again);
    const timer = setInterval(again, Math.max(1000, options.settleMs / 2)); // steps that went quiet
    await options.stopped;
    off();
    clearInterval(timer);
    await pending;
    await sendNew(true);
    out(`sent ${plural(sent.size, 'span')} in all to ${where}\n`);
    return 0;
  } finally {
    await exporter.shutdown();
    await index.close();
  }
}

/**
 * Which spans may be sent while the run is written: a step once a later step of its task
 * exists or its files have been quiet for `settleMs`; a parent (attempt, task, op, run) only at
 * the end, when its times are final.
 */
function settledSteps(spans: readonly RunSpan[], settleMs: number): (span: RunSpan) => boolean {
  // The last step of each task, found once (not once a step: a 19k-step run is 33k spans).
  const lastStep = new Map<string, number>();
  for (const span of spans) {
    if (span.kind !== 'step') continue;
    const [task, step] = taskAndStep(span.key);
    lastStep.set(task, Math.max(lastStep.get(task) ?? step, step));
  }
  const now = Date.now();
  return (span) => {
    if (span.kind !== 'step') return false;
    if (now - span.lastWriteMs >= settleMs) return true;
    const [task, step] = taskAndStep(span.key);
    return lastStep.get(task)! > step;
  };
}

/** `step:{op path}/{task}/{step}` → the task's part and the step's number. */
function taskAndStep(key: string): [string, number] {
  const at = key.lastIndexOf('/');
  return [key.slice(0, at), Number(key.slice(at + 1))];
}

function summary(index: TraceIndex): string {
  const { tree } = index.snapshot();
  return `${plural(tree.runs.length, 'run')}, ${plural(stepCount(tree), 'step')}`;
}
