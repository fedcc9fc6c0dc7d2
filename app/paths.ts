import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built renderer: beside the bundled CLI (dist/renderer) or, from the sources, in dist/. */
export function findRendererDir(): string | null {
  const candidates = [fileURLToPath(new URL('./renderer/', import.meta.url)), fileURLToPath(new URL('../dist/renderer/', import.meta.url))];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * The renderer build's page and assets (not their source maps), read once: `serve` answers them
 * from memory, so that they do not wait behind the reads of a folder being scanned (libuv's four
 * threads are all busy with it; the 430k-file run's page took 2 s to load). Plain files only, by
 * the build's own listing; anything else is for the gate to read when asked.
 */
export function readPageFiles(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let assets: string[] = [];
  try {
    assets = readdirSync(join(dir, 'assets'), { withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.endsWith('.map'))
      .map((entry) => `assets/${entry.name}`);
  } catch {
    // No assets folder: every request goes to the gate (which finds nothing).
  }
  for (const name of ['index.html', ...assets]) {
    try {
      files.set(name, readFileSync(join(dir, name)));
    } catch {
      // Left to the gate, which says why not when asked.
    }
  }
  return files;
}

/** The repository (or installed package) root: where package.json and node_modules are. */
export function packageRoot(): string {
  for (const candidate of [new URL('../', import.meta.url), new URL('../../', import.meta.url)]) {
    const dir = fileURLToPath(candidate);
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'tracelens.js'))) return dir;
  }
  return process.cwd();
}

/**
 * The Electron executable, found without `require('electron')` (that would start its download,
 * which fails offline): `$ELECTRON_OVERRIDE_DIST_PATH`, or the binary the electron package put
 * in its dist/. Null, with why, when there is none.
 */
export function findElectron(): { path: string } | { missing: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const name = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
  if (override) {
    const path = join(override, name);
    return existsSync(path) ? { path } : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no ${name}` };
  }
  const electronDir = join(packageRoot(), 'node_modules', 'electron');
  if (!existsSync(electronDir)) return { missing: 'the electron package is not installed' };
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'the Electron binary has not been downloaded: it is fetched on first launch, which needs the internet' };
  const path = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(path) ? { path } : { missing: `the Electron binary is missing at ${path}` };
}
