import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const asar = createRequire(import.meta.url)('@electron/asar') as { listPackage(path: string): string[] }; // CommonJS module without types
let dir = '';
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

describe('packaging (offline smoke test of electron-builder.yml)', () => {
  it('packs the built app, the renderer and only the runtime dependencies into the asar', async () => {
    expect(existsSync('dist/electron/main.js'), 'run `npm run build` first').toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'tracelens-pack-'));
    // A stand-in Electron distribution (STACK.md): packaging is checked without downloading Electron.
    const stub = join(dir, 'electron');
    await mkdir(join(stub, 'locales'), { recursive: true });
    await writeFile(join(stub, 'electron'), '#!/bin/sh\necho stub\n');
    await chmod(join(stub, 'electron'), 0o755);
    await writeFile(join(stub, 'version'), '45.4.1');
    await writeFile(join(stub, 'LICENSE'), 'MIT');
    await writeFile(join(stub, 'LICENSES.chromium.html'), '<html></html>');
    await writeFile(join(stub, 'locales', 'en-US.pak'), 'x');
    const out = join(dir, 'release');
    await run('npx', ['electron-builder', '--linux', 'dir', `-c.electronDist=${stub}`, '-c.electronVersion=45.4.1', `-c.directories.output=${out}`], {
      maxBuffer: 1 << 24,
    });
    const files = asar.listPackage(join(out, 'linux-unpacked', 'resources', 'app.asar'));
    expect(files).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/dist/electron/main.js',
        '/dist/electron/preload.cjs',
        '/dist/renderer/index.html',
        '/node_modules/chokidar',
        '/node_modules/ws',
        '/node_modules/json5',
        '/node_modules/valibot',
      ]),
    );
    // The renderer's libraries are bundled by Vite: they are not shipped again as modules.
    expect(files.filter((file) => /^\/node_modules\/(react|monaco-editor|zustand|@opentelemetry)$/.test(file))).toEqual([]);
    expect(files.some((file) => /^\/dist\/(cli|exportCommand)/.test(file))).toBe(false); // the CLI and its exporter chunk stay out
    expect(files.some((file) => file.endsWith('.map'))).toBe(false);
    expect(files.some((file) => file.startsWith('/test/') || file.startsWith('/e2e/') || file.startsWith('/shared/'))).toBe(false);
    // The worker threads start from files on disk: unpacked beside the asar, where workerFile() looks.
    const unpacked = join(out, 'linux-unpacked', 'resources', 'app.asar.unpacked', 'dist', 'electron', 'workers');
    for (const name of ['walk', 'watch', 'match', 'eventIndex', 'codeCheck'])
      expect(existsSync(join(unpacked, `${name}.js`)), `${name}.js unpacked`).toBe(true);
  }, 120_000);
});
