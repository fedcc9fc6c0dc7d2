import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where a worker's built file is (scripts/build-node.mjs builds main/workers/*.ts): beside the
 * bundle that asks (dist/workers/ for the CLI, dist/electron/workers/ for Electron), or in
 * dist/workers/ when running from the sources (the tests build it first: vitest.setup.ts). Null
 * when there is none: the caller does the work on its own thread.
 */
export function workerFile(name: 'walk' | 'watch' | 'match' | 'eventIndex' | 'codeCheck'): URL | null {
  for (const candidate of [new URL(`./workers/${name}.js`, import.meta.url), new URL(`../../dist/workers/${name}.js`, import.meta.url)]) {
    if (candidate.protocol !== 'file:') continue;
    // Packaged, the workers are unpacked beside the asar (electron-builder.yml: asarUnpack).
    const path = fileURLToPath(candidate).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
    if (existsSync(path)) return pathToFileURL(path);
  }
  return null;
}
