import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeDemo } from '../main/demo';
import { TraceIndex } from '../main/index/traceIndex';
import { main } from './cli';
import { exportOtlp } from './exportCommand';
import { otlpTarget } from './otlpTarget';

/**
 * `tracelens export otlp` against a real OTLP/HTTP receiver started here. Requests are decoded
 * with the official OTLP definitions (opentelemetry-proto v1.11.0, test/fixtures/otlp-proto), by
 * protobufjs: nothing here parses the wire format by hand.
 */
const PROTOS = fileURLToPath(new URL('../test/fixtures/otlp-proto/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../test/fixtures/samples/akg_agents_v2_2026-03/', import.meta.url));

type Value = string | number | boolean | Value[];
interface Received {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly status: number;
  readonly attributes: Record<string, Value>;
  readonly events: Array<{ name: string; attributes: Record<string, Value> }>;
}
interface Request {
  readonly contentType: string;
  readonly headers: IncomingHttpHeaders;
  readonly spans: Received[];
  readonly resource: Record<string, Value>;
}

let ExportRequest: protobuf.Type;
let receiver: { url: string; requests: Request[]; answer: number; close(): Promise<void> };

beforeAll(async () => {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTOS, target);
  await root.load('opentelemetry/proto/collector/trace/v1/trace_service.proto');
  ExportRequest = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

function startReceiver(): Promise<typeof receiver> {
  const requests: Request[] = [];
  const state = { answer: 200 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const contentType = request.headers['content-type'] ?? '';
      const body = Buffer.concat(chunks);
      let message: Record<string, unknown>;
      if (contentType.includes('json')) {
        message = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        // OTLP/JSON is the proto's JSON mapping (ids in hex): it must convert to the message, field by field.
        const problem = ExportRequest.verify(ExportRequest.fromObject(message));
        if (problem) throw new Error(`not an ExportTraceServiceRequest: ${problem}`);
      } else {
        message = ExportRequest.toObject(ExportRequest.decode(body), { longs: String, bytes: String, defaults: false });
      }
      requests.push({ contentType, headers: request.headers, ...spansOf(message, contentType.includes('json') ? 'hex' : 'base64') });
      response.writeHead(state.answer, { 'content-type': contentType }).end(contentType.includes('json') ? '{}' : undefined);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        get answer() {
          return state.answer;
        },
        set answer(code: number) {
          state.answer = code;
        },
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    }),
  );
}

function valueOf(any: Record<string, unknown>): Value {
  if ('stringValue' in any) return String(any.stringValue);
  if ('intValue' in any) return Number(any.intValue);
  if ('doubleValue' in any) return Number(any.doubleValue);
  if ('boolValue' in any) return Boolean(any.boolValue);
  const values = (any.arrayValue as { values?: Array<Record<string, unknown>> } | undefined)?.values ?? [];
  return values.map(valueOf);
}

function attributesOf(list: unknown): Record<string, Value> {
  return Object.fromEntries(((list ?? []) as Array<{ key: string; value: Record<string, unknown> }>).map(({ key, value }) => [key, valueOf(value)]));
}

function spansOf(message: Record<string, unknown>, ids: 'hex' | 'base64'): { spans: Received[]; resource: Record<string, Value> } {
  const id = (value: unknown) => (typeof value !== 'string' || value === '' ? '' : ids === 'hex' ? value : Buffer.from(value, 'base64').toString('hex'));
  const spans: Received[] = [];
  let resource: Record<string, Value> = {};
  for (const resourceSpans of message.resourceSpans as Array<Record<string, unknown>>) {
    resource = attributesOf((resourceSpans.resource as { attributes?: unknown } | undefined)?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans as Array<{ spans: Array<Record<string, unknown>> }>) {
      for (const span of scopeSpans.spans) {
        spans.push({
          traceId: id(span.traceId),
          spanId: id(span.spanId),
          parentSpanId: id(span.parentSpanId),
          name: String(span.name),
          status: Number((span.status as { code?: number } | undefined)?.code ?? 0),
          attributes: attributesOf(span.attributes),
          events: ((span.events ?? []) as Array<{ name: string; attributes?: unknown }>).map((event) => ({
            name: event.name,
            attributes: attributesOf(event.attributes),
          })),
        });
      }
    }
  }
  return { spans, resource };
}

async function exportTo(dir: string, ...flags: string[]): Promise<{ code: number; out: string; err: string; spans: Received[]; requests: Request[] }> {
  const before = receiver.requests.length;
  let out = '';
  let err = '';
  const code = await main(
    ['export', 'otlp', dir, '--endpoint', receiver.url, ...flags],
    (text) => (out += text),
    (text) => (err += text),
    false,
    false,
  );
  const requests = receiver.requests.slice(before);
  return { code, out, err, requests, spans: requests.flatMap((request) => request.spans) };
}

/** What the tree of `dir` says should be sent: one span per run, op, task, attempt and step. */
async function expectedCounts(dir: string): Promise<Record<string, number>> {
  const index = await TraceIndex.open(dir, { watch: false });
  const { runs } = index.snapshot().tree;
  await index.close();
  const tasks = runs.flatMap((run) => run.ops.flatMap((op) => op.tasks));
  const steps = tasks.flatMap((task) => task.steps);
  return {
    run: runs.length,
    op: runs.reduce((n, run) => n + run.ops.length, 0),
    task: tasks.length,
    attempt: tasks.reduce((n, task) => n + new Set(task.steps.map((step) => step.attempt).filter((a) => a !== null)).size, 0),
    step: steps.length,
  };
}

const countByKind = (spans: readonly Received[]) =>
  spans.reduce<Record<string, number>>((counts, span) => {
    const kind = String(span.attributes['tracelens.kind']);
    counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
  }, {});

describe('tracelens export otlp', () => {
  it('sends every run, op, task, attempt and step of a sample as OTLP/protobuf spans, linked, with their attributes', async () => {
    const { code, out, spans, requests } = await exportTo(SAMPLE, '--header', 'authorization=Bearer sesame');
    expect(code).toBe(0);
    expect(requests[0]).toMatchObject({ contentType: 'application/x-protobuf', headers: { authorization: 'Bearer sesame' } });
    expect(requests[0]!.resource).toMatchObject({ 'service.name': 'tracelens' });
    expect(countByKind(spans)).toEqual(await expectedCounts(SAMPLE));
    expect(countByKind(spans)).toEqual({ run: 1, op: 1, task: 3, attempt: 5, step: 7 }); // the sample as the tree prints it
    expect(out).toMatch(/^sent 17 spans \(1 run, 7 steps\) to http:\/\/127\.0\.0\.1:\d+\/v1\/traces\n$/);
    // One trace; every parent is a span sent; only the run has none.
    const ids = new Set(spans.map((span) => span.spanId));
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
    expect(spans.filter((span) => span.parentSpanId === '').map((span) => span.attributes['tracelens.kind'])).toEqual(['run']);
    for (const span of spans) if (span.parentSpanId !== '') expect(ids.has(span.parentSpanId), span.name).toBe(true);
    // Every span names what it is and where; a step its verdict, the speed-up where measured, the error kind where it failed.
    for (const span of spans) expect(span.attributes).toMatchObject({ 'tracelens.run': 'akg_agents_logs/Task_tnost_ko' });
    // Each kind's TraceLens attributes, counted over the whole trace (the optional ones where the logs hold them).
    const keysByKind = new Map<string, Map<string, number>>();
    for (const span of spans) {
      const kind = String(span.attributes['tracelens.kind']);
      const keys = keysByKind.get(kind) ?? new Map<string, number>();
      keysByKind.set(kind, keys);
      for (const key of Object.keys(span.attributes)) keys.set(key, (keys.get(key) ?? 0) + 1);
    }
    const counted = Object.fromEntries([...keysByKind].map(([kind, keys]) => [kind, Object.fromEntries([...keys].sort())]));
    expect(counted).toEqual({
      run: { 'tracelens.kind': 1, 'tracelens.root': 1, 'tracelens.run': 1 },
      op: { 'tracelens.kind': 1, 'tracelens.op': 1, 'tracelens.run': 1, 'tracelens.tasks': 1, 'tracelens.tasks_passed': 1 },
      task: {
        'tracelens.attempts': 3,
        'tracelens.first_passing_step': 3,
        'tracelens.kind': 3,
        'tracelens.op': 3,
        'tracelens.run': 3,
        'tracelens.speedup': 3,
        'tracelens.status': 3,
        'tracelens.task': 3,
      },
      attempt: {
        'tracelens.attempt': 5,
        'tracelens.kind': 5,
        'tracelens.op': 5,
        'tracelens.run': 5,
        'tracelens.speedup': 3,
        'tracelens.status': 5,
        'tracelens.task': 5,
      },
      step: {
        'gen_ai.agent.name': 7,
        'gen_ai.operation.name': 7,
        'tracelens.agents': 7,
        'tracelens.attempt': 7,
        'tracelens.error_kind': 4,
        'tracelens.kernel_file': 5,
        'tracelens.kind': 7,
        'tracelens.op': 7,
        'tracelens.run': 7,
        'tracelens.speedup': 3,
        'tracelens.status': 7,
        'tracelens.status_source': 7,
        'tracelens.step': 7,
        'tracelens.task': 7,
        'tracelens.time_source': 7,
      },
    });
    const steps = spans.filter((span) => span.attributes['tracelens.kind'] === 'step');
    for (const step of steps)
      expect(Object.keys(step.attributes)).toEqual(expect.arrayContaining(['tracelens.op', 'tracelens.task', 'tracelens.step', 'tracelens.status']));
    const passed = steps.find((span) => span.attributes['tracelens.task'] === '_Gen1_Task3' && span.attributes['tracelens.step'] === 3)!;
    expect(passed.attributes).toMatchObject({ 'tracelens.status': 'passed', 'gen_ai.operation.name': 'chat', 'gen_ai.agent.name': 'kernel_gen' });
    expect(passed.attributes['tracelens.speedup']).toBeCloseTo(1.23, 2); // as the tree prints it
    expect(passed.status).toBe(1); // OK
    const failed = steps.find((span) => span.attributes['tracelens.task'] === '_Gen1_Task3' && span.attributes['tracelens.step'] === 1)!;
    expect(failed.status).toBe(2); // ERROR
    expect(failed.attributes['tracelens.error_kind']).toEqual(expect.any(String));
    expect('tracelens.speedup' in failed.attributes).toBe(false); // not measured: absent, never 0
    // The LLM call's prompt and completion are span events, with the files' text.
    const prompt = passed.events.find((event) => event.name === 'gen_ai.content.prompt')!;
    expect(prompt.attributes).toMatchObject({ 'gen_ai.agent.name': 'kernel_gen', 'tracelens.file': expect.stringMatching(/_prompt\.txt$/) });
    expect(prompt.attributes['gen_ai.prompt']).toBe(await readFile(join(SAMPLE, String(prompt.attributes['tracelens.file'])), 'utf8')); // whole: under --max-text
    expect(passed.events.some((event) => event.name === 'gen_ai.content.completion')).toBe(true);
  });

  it('sends the same span ids again: a second export (a restart) adds no new spans', async () => {
    const first = await exportTo(SAMPLE);
    const second = await exportTo(SAMPLE);
    const idsOf = (spans: readonly Received[]) => spans.map((span) => `${span.traceId}/${span.spanId}`).sort();
    expect(idsOf(second.spans)).toEqual(idsOf(first.spans));
  });

  it('speaks OTLP/JSON when OTEL_EXPORTER_OTLP_PROTOCOL says http/json, and --protocol wins over it', async () => {
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
    try {
      const json = await exportTo(SAMPLE);
      expect(json.requests[0]!.contentType).toBe('application/json');
      expect(countByKind(json.spans)).toEqual(await expectedCounts(SAMPLE));
      const proto = await exportTo(SAMPLE, '--protocol', 'http/protobuf');
      expect(proto.requests[0]!.contentType).toBe('application/x-protobuf');
      expect(proto.spans.map((span) => span.spanId).sort()).toEqual(json.spans.map((span) => span.spanId).sort());
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
    }
  });

  it("cuts prompts past --max-text and says so, and carries the event log's events on the run span up to --max-events", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-otlp-'));
    try {
      await writeDemo(dir, { ops: 1, tasksPerOp: 1 });
      const { code, spans } = await exportTo(dir, '--max-text', '40', '--max-events', '3');
      expect(code).toBe(0);
      const prompts = spans.flatMap((span) => span.events).filter((event) => event.name === 'gen_ai.content.prompt');
      expect(prompts.length).toBeGreaterThan(0);
      for (const prompt of prompts) expect(String(prompt.attributes['gen_ai.prompt'])).toMatch(/… \[cut: \d+ bytes in all, .+_prompt\.txt\]$/);
      const withEvents = spans.filter((span) => span.attributes['tracelens.kind'] === 'run' && span.events.length > 0);
      expect(withEvents).toHaveLength(1);
      expect(withEvents[0]!.events).toHaveLength(3);
      expect(withEvents[0]!.events[0]!.attributes).toMatchObject({ 'tracelens.level': expect.any(String), 'tracelens.line': expect.any(Number) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says what went wrong: the backend's refusal, nothing to send, a bad flag", async () => {
    receiver.answer = 401;
    try {
      const refused = await exportTo(SAMPLE);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/\/v1\/traces did not take the spans: Unauthorized/);
    } finally {
      receiver.answer = 200;
    }
    const empty = await mkdtemp(join(tmpdir(), 'tracelens-otlp-empty-'));
    try {
      await writeFile(join(empty, 'notes.txt'), 'no run here');
      expect(await exportTo(empty)).toMatchObject({ code: 1, err: expect.stringContaining('nothing to send') });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    expect(otlpTarget({}, {})).toEqual({ problem: 'where to? give --endpoint URL (or set OTEL_EXPORTER_OTLP_ENDPOINT)' });
    expect(otlpTarget({ endpoint: 'http://x', protocol: 'grpc' }, {})).toMatchObject({ problem: expect.stringContaining('grpc is not supported') });
    expect(otlpTarget({ endpoint: 'http://x', header: ['novalue'] }, {})).toMatchObject({ problem: expect.stringContaining('expected name=value') });
    expect(otlpTarget({ endpoint: 'ftp://x' }, {})).toMatchObject({ problem: expect.stringContaining('only http and https') });
    // A base address gets the traces path; a full one is kept; the environment alone is enough.
    expect(otlpTarget({ endpoint: 'https://cloud.langfuse.com/api/public/otel' }, {})).toMatchObject({
      endpoint: 'https://cloud.langfuse.com/api/public/otel/v1/traces',
    });
    expect(otlpTarget({ endpoint: 'http://localhost:6006/v1/traces' }, {})).toMatchObject({ endpoint: 'http://localhost:6006/v1/traces' });
    expect(otlpTarget({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({ endpoint: undefined, headers: {}, protocol: 'http/protobuf' });
  });

  it('never writes into the folder it exports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-otlp-ro-'));
    try {
      await cp(SAMPLE, dir, { recursive: true });
      const { readdir } = await import('node:fs/promises');
      const before = (await readdir(dir, { recursive: true })).sort();
      expect((await exportTo(dir)).code).toBe(0);
      expect((await readdir(dir, { recursive: true })).sort()).toEqual(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('tracelens export otlp --watch', () => {
  it('sends each step of a live run once it is done, the rest when stopped, and no span twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-otlp-live-'));
    const target = otlpTarget({ endpoint: receiver.url }, {});
    if ('problem' in target) throw new Error(target.problem);
    const before = receiver.requests.length;
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    try {
      const said: string[] = [];
      const exporting = exportOtlp(
        dir,
        { target, maxTextBytes: 1024, maxEvents: 10, watch: true, settleMs: 60_000, usePolling: false, stopped },
        (text) => said.push(text),
        () => undefined,
        { say: () => undefined, done: () => undefined },
      );
      await writeDemo(dir, { ops: 1, tasksPerOp: 2, tickMs: 40, eventLog: false });
      // Steps followed by a later one go while the run is written; the last of each task waits.
      await vi.waitFor(() => expect(receiver.requests.slice(before).flatMap((request) => request.spans).length).toBeGreaterThan(0), { timeout: 10_000 });
      const whileLive = receiver.requests.slice(before).flatMap((request) => request.spans);
      expect(new Set(whileLive.map((span) => span.attributes['tracelens.kind']))).toEqual(new Set(['step']));
      stop();
      expect(await exporting).toBe(0);
      const spans = receiver.requests.slice(before).flatMap((request) => request.spans);
      expect(countByKind(spans)).toEqual(await expectedCounts(dir));
      expect(new Set(spans.map((span) => span.spanId)).size).toBe(spans.length);
      expect(said.at(-1)).toMatch(new RegExp(`^sent ${spans.length} spans in all to `));
    } finally {
      stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
