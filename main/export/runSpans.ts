import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { classifyError } from '../../shared/analysis/errorKinds';
import type { Op, Param, Run, Step, Task } from '../../shared/model/trace';
import { timestampMs } from '../../shared/parse/trackerLog';
import { EventQueries } from '../events/eventQueries';
import { readSlice } from '../files/slice';
import type { TraceIndex } from '../index/traceIndex';

/**
 * A run as trace spans (issue #19), independent of any exporter: run → op → task → attempt →
 * step, each with the times the files (or the round, or the events) hold. Span ids are derived
 * from the run's absolute path and the span's place in it, so that exporting again, from a
 * restart or another process, sends the same spans, never new ones.
 */
export type SpanKindName = 'run' | 'op' | 'task' | 'attempt' | 'step';
export type SpanValue = string | number | boolean | string[];

export interface SpanEventOut {
  readonly name: string;
  readonly timeMs: number;
  readonly attributes: Readonly<Record<string, SpanValue>>;
}

export interface RunSpan {
  /** Where it is under the root (`run:{run}`, `step:{op path}/{task}/{step}`): what a watcher remembers as sent. */
  readonly key: string;
  readonly kind: SpanKindName;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | null;
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly status: { readonly code: 'ok' | 'error' | 'unset'; readonly message?: string };
  readonly attributes: Readonly<Record<string, SpanValue>>;
  readonly events: readonly SpanEventOut[];
  /** Events the logs hold beyond those carried (the event cap). */
  readonly droppedEvents: number;
  /** When the last of its files was written (epoch ms): whether a live step is done being written. */
  readonly lastWriteMs: number;
}

export interface SpanOptions {
  /** Prompt and completion texts are cut past this many bytes (said in the text). */
  readonly maxTextBytes: number;
  /** The run span carries at most this many of the event log's events. */
  readonly maxEvents: number;
}

/** The agent's texts as GenAI span events (reasoning has no convention of its own: named alike). */
const GEN_AI_EVENTS: Partial<Record<Param, { name: string; attribute: string }>> = {
  prompt: { name: 'gen_ai.content.prompt', attribute: 'gen_ai.prompt' },
  reasoning: { name: 'gen_ai.content.reasoning', attribute: 'gen_ai.reasoning' },
  result: { name: 'gen_ai.content.completion', attribute: 'gen_ai.completion' },
};

/** Tasks read at once: enough to keep the disk busy, few enough for the open-file limit (~30 files a task). */
const TASKS_AT_ONCE = 16;

const hex = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

export interface SpanReading {
  /** Steps whose spans are known already (sent, by key): taken as they are, their files not read again. */
  readonly known?: ReadonlyMap<string, RunSpan>;
  /** Called after each step is read (or taken as known). */
  readonly onStep?: () => void;
}

/**
 * Every run of the index as spans, parents before their children. `queries` is kept by the caller
 * that asks again (a watch): each log's events are then read once, not once a question.
 */
export async function indexSpans(index: TraceIndex, queries: EventQueries, options: SpanOptions, reading: SpanReading = {}): Promise<RunSpan[]> {
  const { tree } = index.snapshot();
  const spans: RunSpan[] = [];
  for (const run of tree.runs) spans.push(...(await runSpans(index, queries, run, options, reading)));
  return spans;
}

interface Built {
  readonly spans: RunSpan[];
  readonly startMs: number;
  readonly endMs: number;
  readonly lastWriteMs: number;
}

async function runSpans(
  index: TraceIndex,
  queries: EventQueries,
  run: Run,
  options: SpanOptions,
  { known, onStep = () => undefined }: SpanReading,
): Promise<RunSpan[]> {
  const runPath = join(index.root, run.path);
  const traceId = hex(`tracelens|${runPath}`, 32);
  const idOf = (key: string) => hex(`tracelens|${runPath}|${key}`, 16);
  const runKey = `run:${run.path}`;
  const runId = idOf(runKey);
  const common = { 'tracelens.run': run.path };

  /** A span of this run, with no events yet. */
  const spanOf = (
    key: string,
    kind: SpanKindName,
    name: string,
    parent: string | null,
    times: Pick<RunSpan, 'startMs' | 'endMs' | 'lastWriteMs'>,
    status: RunSpan['status'],
    attributes: Record<string, SpanValue>,
  ): RunSpan => ({ key, kind, traceId, spanId: idOf(key), parentSpanId: parent, name, ...times, status, attributes, events: [], droppedEvents: 0 });

  const stepSpan = async (op: Op, task: Task, step: Step, parent: string): Promise<Built | null> => {
    const key = `step:${op.path}/${task.id}/${step.step}`;
    const sent = known?.get(key);
    if (sent) {
      onStep();
      return { spans: [sent], startMs: sent.startMs, endMs: sent.endMs, lastWriteMs: sent.lastWriteMs };
    }
    // Every file of the step gives its time; the agent's texts (and a verifier's log) their content too.
    const texts = new Map<string, { param: Param; agent: string }>();
    for (const record of step.records)
      for (const [param, path] of Object.entries(record.files) as Array<[Param, string]>) texts.set(path, { param, agent: record.agent });
    const others = [...step.records.flatMap((record) => Object.values(record.otherFiles)), ...(step.kernelFile ? [step.kernelFile] : [])];
    const [read, stated] = await Promise.all([
      Promise.all([...texts.keys()].map(async (path) => [path, await readSlice(index.gate, path, 0, options.maxTextBytes)] as const)),
      Promise.all(others.map((path) => index.gate.statFile(path))),
    ]);
    onStep();
    // A file gone since the scan, or one the gate does not read, gives no time.
    const times = stated.flatMap((stat) => (stat.ok ? [stat.value.modifiedMs] : []));
    const events: SpanEventOut[] = [];
    let errorLog = step.verification?.errorLog ?? step.round?.error ?? '';
    for (const [path, slice] of read) {
      if (!slice.ok) continue;
      const { modifiedMs, text, size, length, isBinary } = slice.value;
      times.push(modifiedMs);
      const { param, agent } = texts.get(path)!;
      if (param === 'error_log' && errorLog === '') errorLog = text;
      const content = isBinary ? `(binary, ${size} bytes)` : length < size ? `${text}\n… [cut: ${size} bytes in all, ${path}]` : text;
      const event = GEN_AI_EVENTS[param];
      if (event)
        events.push({ name: event.name, timeMs: modifiedMs, attributes: { [event.attribute]: content, 'gen_ai.agent.name': agent, 'tracelens.file': path } });
    }
    let startMs = Math.min(...times);
    let endMs = Math.max(...times);
    let timeSource = 'files';
    const roundAt = step.round?.timestamp ? timestampMs(step.round.timestamp) : null;
    if (times.length === 0 && roundAt !== null) {
      [startMs, endMs, timeSource] = [roundAt - (step.round?.durationSec ?? 0) * 1000, roundAt, 'round'];
    }
    if (!Number.isFinite(startMs)) return null; // no time on disk: nothing honest to send
    // The agent that was asked (a prompt on disk); else one that answered.
    const llm = step.records.find((record) => record.files.prompt !== undefined) ?? step.records.find((record) => record.files.result !== undefined);
    const failed = step.status === 'failed';
    const errorKind = failed ? classifyError(errorLog) : null;
    const attributes: Record<string, SpanValue> = {
      ...common,
      'tracelens.kind': 'step',
      'tracelens.op': op.name,
      'tracelens.task': task.id,
      'tracelens.step': step.step,
      'tracelens.status': step.status,
      'tracelens.status_source': step.statusSource,
      'tracelens.time_source': timeSource,
      'tracelens.agents': step.records.map((record) => record.agent),
      ...(step.attempt !== null ? { 'tracelens.attempt': step.attempt } : {}),
      ...(step.speedup !== null ? { 'tracelens.speedup': step.speedup } : {}), // a round's, where no record holds one (attempts.ts)
      ...(errorKind ? { 'tracelens.error_kind': errorKind } : {}),
      ...(step.kernelFile ? { 'tracelens.kernel_file': step.kernelFile } : {}),
      ...(llm ? { 'gen_ai.operation.name': 'chat', 'gen_ai.agent.name': llm.agent } : {}),
    };
    const name = `S${String(step.step).padStart(2, '0')} ${step.round ? `R${step.round.round} ${step.round.decision}` : step.records.map((record) => record.agent).join(' · ')}`;
    const span = spanOf(key, 'step', name, parent, { startMs, endMs, lastWriteMs: endMs }, statusOf(step.status, errorKind ?? undefined), attributes);
    return { spans: [{ ...span, events: events.sort((a, b) => a.timeMs - b.timeMs) }], startMs, endMs, lastWriteMs: endMs };
  };

  /** A parent over what its children built; null when none of them has a time. */
  const parentSpan = (
    key: string,
    kind: SpanKindName,
    name: string,
    parent: string | null,
    children: ReadonlyArray<Built | null>,
    attributes: Record<string, SpanValue>,
    status: RunSpan['status'],
  ): Built | null => {
    const built = children.filter((child): child is Built => child !== null);
    if (built.length === 0) return null;
    const startMs = Math.min(...built.map((child) => child.startMs));
    const endMs = Math.max(...built.map((child) => child.endMs));
    const lastWriteMs = Math.max(...built.map((child) => child.lastWriteMs));
    const span = spanOf(key, kind, name, parent, { startMs, endMs, lastWriteMs }, status, { ...common, 'tracelens.kind': kind, ...attributes });
    return { spans: [span, ...built.flatMap((child) => child.spans)], startMs, endMs, lastWriteMs };
  };

  const taskSpan = async (op: Op, task: Task): Promise<Built | null> => {
    const taskKey = `task:${op.path}/${task.id}`;
    const taskId = idOf(taskKey);
    const byAttempt = new Map<number | null, Step[]>();
    for (const step of task.steps) byAttempt.set(step.attempt, [...(byAttempt.get(step.attempt) ?? []), step]);
    const children: Array<Built | null> = [];
    for (const [attempt, steps] of byAttempt) {
      if (attempt === null) {
        children.push(...(await Promise.all(steps.map((step) => stepSpan(op, task, step, taskId)))));
        continue;
      }
      const attemptKey = `attempt:${op.path}/${task.id}/${attempt}`;
      const stepsBuilt = await Promise.all(steps.map((step) => stepSpan(op, task, step, idOf(attemptKey))));
      const verdict = [...steps].reverse().find((step) => step.status !== 'unknown');
      const speedups = steps.map((step) => step.speedup).filter((value): value is number => value !== null);
      children.push(
        parentSpan(
          attemptKey,
          'attempt',
          `attempt ${attempt}`,
          taskId,
          stepsBuilt,
          {
            'tracelens.op': op.name,
            'tracelens.task': task.id,
            'tracelens.attempt': attempt,
            'tracelens.status': verdict?.status ?? 'unknown',
            ...(speedups.length > 0 ? { 'tracelens.speedup': Math.max(...speedups) } : {}),
          },
          statusOf(verdict?.status ?? 'unknown'),
        ),
      );
    }
    const passed = task.firstPassingStep !== null;
    const anyFailed = task.steps.some((step) => step.status === 'failed');
    const taskStatus = passed ? 'passed' : anyFailed ? 'failed' : 'unknown';
    return parentSpan(
      taskKey,
      'task',
      `task ${task.id}`,
      idOf(`op:${op.path}`),
      children,
      {
        'tracelens.op': op.name,
        'tracelens.task': task.id,
        'tracelens.status': taskStatus,
        'tracelens.attempts': task.attempts,
        ...(task.firstPassingStep !== null ? { 'tracelens.first_passing_step': task.firstPassingStep } : {}),
        ...(task.bestSpeedup !== null ? { 'tracelens.speedup': task.bestSpeedup } : {}),
      },
      statusOf(taskStatus),
    );
  };

  const ops: Array<Built | null> = [];
  for (const op of run.ops) {
    const opKey = `op:${op.path}`;
    // Tasks a few at a time: their files are read at once (the disk waits, not the process).
    const tasks = await inBatches(op.tasks, TASKS_AT_ONCE, (task) => taskSpan(op, task));
    const passedTasks = op.tasks.filter((task) => task.firstPassingStep !== null).length;
    ops.push(
      parentSpan(
        opKey,
        'op',
        op.name,
        runId,
        tasks,
        { 'tracelens.op': op.name, 'tracelens.tasks': op.tasks.length, 'tracelens.tasks_passed': passedTasks },
        { code: 'unset' },
      ),
    );
  }
  // The run spans its ops and its agent events (a run of an agent alone has only those).
  const { events, dropped } = eventLogEvents(queries, run, options.maxEvents);
  const eventTimes = events.map((event) => event.timeMs);
  const ofEvents: Built | null =
    events.length > 0 ? { spans: [], startMs: Math.min(...eventTimes), endMs: Math.max(...eventTimes), lastWriteMs: Math.max(...eventTimes) } : null;
  const attributes = {
    'tracelens.root': index.root,
    // Trackers write local time with no zone: read as UTC, they may sit hours off the file times.
    ...(events.length > 0 ? { 'tracelens.event_times': 'as written (no zone), read as UTC' } : {}),
  };
  const built = parentSpan(runKey, 'run', run.path, null, [...ops, ofEvents], attributes, { code: 'unset' });
  if (!built) return [];
  const [runSpan, ...rest] = built.spans;
  return [{ ...runSpan!, events, droppedEvents: dropped }, ...rest];
}

/** `work` over every item, `size` at a time, the results in the items' order. */
async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let at = 0; at < items.length; at += size) results.push(...(await Promise.all(items.slice(at, at + size).map(work))));
  return results;
}

function statusOf(status: string, message?: string): RunSpan['status'] {
  if (status === 'passed') return { code: 'ok' };
  if (status === 'failed') return { code: 'error', ...(message ? { message } : {}) };
  return { code: 'unset' };
}

/** The run's agent events as span events, the first `max` of them (in order); the rest counted. */
function eventLogEvents(queries: EventQueries, run: Run, max: number): { events: SpanEventOut[]; dropped: number } {
  const events: SpanEventOut[] = [];
  let dropped = 0;
  for (const log of run.eventLogs) {
    const query = queries.of(log.dir);
    if (!query) continue;
    const { total, events: rows } = query.rows({}, 0, Math.max(0, max - events.length));
    dropped += total - rows.length;
    for (const event of rows) {
      const timeMs = timestampMs(event.timestamp);
      if (timeMs === null) {
        dropped++;
        continue;
      }
      events.push({
        name: event.type,
        timeMs,
        attributes: {
          'tracelens.level': event.level,
          'tracelens.line': event.line,
          'tracelens.event_log': log.dir,
          ...(event.stage ? { 'tracelens.stage': event.stage } : {}),
          ...(event.category ? { 'tracelens.category': event.category } : {}),
        },
      });
    }
  }
  return { events, dropped };
}
