/**
 * The usage files MM-Agent writes beside an event log (FORMATS.md §4.4), found by the index and
 * read when asked: `{log}/latent_summaries.jsonl`, and `usage/{task}.json` and `usage/runtime.txt`
 * in `Memory/usage/` (beside `Memory/logs/`) or `{run}/usage/` (upstream). A file is read again
 * only when its size has changed (they are written once, or appended to).
 */
import type { WrittenUsage } from '../../shared/model/events';
import { parseLatentSummaries, parseRuntime, parseUsageTokens, type UsageRead } from '../../shared/parse/mmUsage';
import { joinRelPath, splitRelPath } from '../../shared/parse/relPath';
import { decodeText } from '../../shared/parse/text';
import type { TraceIndex } from '../index/traceIndex';

/** Larger than any usage file a run writes; a larger one is said, not read. */
const MAX_BYTES = 32 * 1024 * 1024;

export class UsageFiles {
  private readonly cache = new Map<string, { size: number; read: UsageRead<unknown> }>();

  constructor(private readonly index: TraceIndex) {}

  /** The usage files of the event log in `dir`; null when it has none. */
  async of(dir: string): Promise<WrittenUsage | null> {
    const parent = splitRelPath(dir).dir;
    const usageDirs = [joinRelPath(parent, 'usage')];
    if (splitRelPath(parent).name === 'Memory') usageDirs.push(joinRelPath(splitRelPath(parent).dir, 'usage'));
    const usage = usageDirs.flatMap((usageDir) => this.index.names(usageDir).map((name) => joinRelPath(usageDir, name)));
    const tokenFiles = usage.filter((path) => path.endsWith('.json')).sort();
    const runtimeFile = usage.find((path) => path.endsWith('/runtime.txt'));
    const latentFile = this.index.names(dir).includes('latent_summaries.jsonl') ? joinRelPath(dir, 'latent_summaries.jsonl') : undefined;
    if (tokenFiles.length === 0 && !runtimeFile && !latentFile) return null;

    const warnings: string[] = [];
    const valueOf = async <T>(path: string, parse: (text: string) => UsageRead<T>): Promise<T | null> => {
      const read = await this.read(path, parse);
      if (read.ok) return read.value;
      warnings.push(`${path}: ${read.error}`);
      return null;
    };
    const tokens: WrittenUsage['tokens'][number][] = [];
    for (const file of tokenFiles) {
      const figures = await valueOf(file, parseUsageTokens);
      if (figures) tokens.push({ file, ...figures });
    }
    const seconds = runtimeFile ? await valueOf(runtimeFile, parseRuntime) : null;
    const latent = latentFile ? await valueOf(latentFile, (text) => ({ ok: true, value: parseLatentSummaries(text) })) : null;
    if (latent) warnings.push(...latent.warnings.map((warning) => `${latentFile}: ${warning}`));
    return {
      tokens,
      runtime: runtimeFile && seconds !== null ? { file: runtimeFile, seconds } : null,
      summaries: latentFile && latent ? { file: latentFile, ...latent.summaries } : null,
      warnings,
    };
  }

  /** A file's text, parsed; again only when its size has changed. */
  private async read<T>(path: string, parse: (text: string) => UsageRead<T>): Promise<UsageRead<T>> {
    const stat = await this.index.gate.statFile(path);
    if (!stat.ok) return { ok: false, error: stat.error.message };
    const cached = this.cache.get(path);
    if (cached?.size === stat.value.size) return cached.read as UsageRead<T>;
    const file = await this.index.gate.read(path, 0, MAX_BYTES, MAX_BYTES);
    if (!file.ok) return { ok: false, error: file.error.message };
    const read = parse(decodeText(file.value.bytes).text);
    this.cache.set(path, { size: file.value.size, read });
    return read;
  }
}
