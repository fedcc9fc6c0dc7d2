import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { demoPlan, type DemoOptions } from '../shared/demo/demoRun';

export interface WriteDemoOptions extends DemoOptions {
  /** Milliseconds between ticks; 0 writes everything at once. */
  readonly tickMs?: number;
  readonly signal?: AbortSignal;
  readonly onTick?: (done: number, total: number) => void;
}

/** Writes the demo run into `dir` (created if needed), all at once or tick by tick like a live agent. */
export async function writeDemo(dir: string, options: WriteDemoOptions = {}): Promise<{ files: number; ticks: number }> {
  const plan = demoPlan(options);
  const made = new Set<string>();
  const files = new Set<string>();
  for (const [index, tick] of plan.entries()) {
    if (options.signal?.aborted) break;
    for (const write of tick) {
      const path = join(dir, write.path);
      const folder = dirname(path);
      if (!made.has(folder)) {
        await mkdir(folder, { recursive: true });
        made.add(folder);
      }
      if (write.kind === 'write') await writeFile(path, write.content);
      else await appendFile(path, write.content);
      files.add(write.path);
    }
    options.onTick?.(index + 1, plan.length);
    if (options.tickMs && index < plan.length - 1) await sleep(options.tickMs, options.signal);
  }
  return { files: files.size, ticks: plan.length };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
