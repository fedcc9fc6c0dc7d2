/** Where and how `tracelens export otlp` sends (app/otlpExport.ts sends), from its flags and the environment. */

export type OtlpProtocol = 'http/protobuf' | 'http/json';

export interface OtlpTarget {
  /** Given with --endpoint; else the exporter's variables say (OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT). */
  readonly endpoint: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly protocol: OtlpProtocol;
}

/**
 * Where and how to send, from the flags and the environment; a message for what cannot be used.
 * `--endpoint` is a base address, as OTEL_EXPORTER_OTLP_ENDPOINT is: `/v1/traces` is added
 * unless it is there already.
 */
export function otlpTarget(
  flags: { endpoint?: string | undefined; header?: readonly string[] | undefined; protocol?: string | undefined },
  env: NodeJS.ProcessEnv,
): OtlpTarget | { problem: string } {
  const protocol = flags.protocol ?? env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    return { problem: `protocol ${protocol} is not supported: use http/protobuf (the default) or http/json` };
  }
  const headers: Record<string, string> = {};
  for (const header of flags.header ?? []) {
    const at = header.indexOf('=');
    if (at <= 0) return { problem: `--header ${header}: expected name=value` };
    headers[header.slice(0, at).trim()] = header.slice(at + 1).trim();
  }
  let endpoint: string | undefined;
  if (flags.endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(flags.endpoint);
    } catch {
      return { problem: `--endpoint ${flags.endpoint}: not a URL (e.g. http://localhost:4318)` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `--endpoint ${flags.endpoint}: only http and https are sent to` };
    if (!url.pathname.endsWith('/v1/traces')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
    endpoint = url.toString();
  } else if (!env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT && !env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return { problem: 'where to? give --endpoint URL (or set OTEL_EXPORTER_OTLP_ENDPOINT)' };
  }
  return { endpoint, headers, protocol };
}
