/**
 * `tracelens export otlp`: a run's spans (main/export/runSpans.ts) sent with OpenTelemetry's own
 * OTLP/HTTP exporters, protobuf by default, JSON on request. The exporters read the standard
 * `OTEL_EXPORTER_OTLP_*` variables themselves (endpoint, headers, timeout, compression,
 * certificates); the flags given here come before them.
 */
import { type Attributes, type HrTime, SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { RunSpan } from '../main/export/runSpans';
import type { OtlpTarget } from './otlpTarget';

/** Spans sent in one request at most: backends refuse very large bodies (Tempo's default is 4 MB). */
const SPANS_PER_REQUEST = 256;
const VERSION = '0.1.0';

const hrTime = (ms: number): HrTime => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

/** Our spans as the SDK's ReadableSpan, which the official exporters serialize. */
export function toReadableSpans(spans: readonly RunSpan[], root: string): ReadableSpan[] {
  const resource = resourceFromAttributes({ 'service.name': 'tracelens', 'service.version': VERSION, 'tracelens.root': root });
  const scope = { name: 'tracelens', version: VERSION };
  return spans.map((span) => {
    const context = { traceId: span.traceId, spanId: span.spanId, traceFlags: TraceFlags.SAMPLED };
    const start = hrTime(span.startMs);
    const end = hrTime(Math.max(span.endMs, span.startMs));
    return {
      name: span.name,
      kind: span.attributes['gen_ai.operation.name'] ? SpanKind.CLIENT : SpanKind.INTERNAL,
      spanContext: () => context,
      ...(span.parentSpanId ? { parentSpanContext: { traceId: span.traceId, spanId: span.parentSpanId, traceFlags: TraceFlags.SAMPLED } } : {}),
      startTime: start,
      endTime: end,
      duration: hrTime(Math.max(0, span.endMs - span.startMs)),
      status:
        span.status.code === 'ok'
          ? { code: SpanStatusCode.OK }
          : span.status.code === 'error'
            ? { code: SpanStatusCode.ERROR, ...(span.status.message ? { message: span.status.message } : {}) }
            : { code: SpanStatusCode.UNSET },
      attributes: span.attributes as Attributes,
      links: [],
      events: span.events.map((event) => ({
        name: event.name,
        time: hrTime(event.timeMs),
        attributes: event.attributes as Attributes,
        droppedAttributesCount: 0,
      })),
      ended: true,
      resource,
      instrumentationScope: scope,
      droppedAttributesCount: 0,
      droppedEventsCount: span.droppedEvents,
      droppedLinksCount: 0,
    };
  });
}

export function otlpExporter(target: OtlpTarget): SpanExporter {
  const config = { ...(target.endpoint ? { url: target.endpoint } : {}), headers: target.headers };
  return target.protocol === 'http/json' ? new JsonExporter(config) : new ProtoExporter(config);
}

/** Sends the spans in requests of a bounded size, saying how far it is; throws with the backend's reason. */
export async function sendSpans(exporter: SpanExporter, spans: readonly ReadableSpan[], progress: (sent: number) => void): Promise<void> {
  for (let at = 0; at < spans.length; at += SPANS_PER_REQUEST) {
    const batch = spans.slice(at, at + SPANS_PER_REQUEST);
    const result = await new Promise<{ code: ExportResultCode; error?: Error }>((resolve) => exporter.export(batch, resolve));
    if (result.code !== ExportResultCode.SUCCESS) throw new Error(result.error?.message ?? 'the backend refused the spans');
    progress(at + batch.length);
  }
}
