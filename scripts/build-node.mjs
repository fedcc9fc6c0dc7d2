// Bundles the node side with esbuild, so that `tracelens` starts without a TypeScript loader: the
// CLI and the bench (ESM), the Electron main (ESM) and its sandboxed preload (one CommonJS file, as
// Electron's sandbox requires). The CLI bundles its runtime dependencies too: Node resolving and
// loading them as packages (ws alone: ~28 ms, as CommonJS) held `serve` up (URL printed 144 → 114
// ms from spawn). The Electron main keeps them external (electron-builder packs them).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const started = performance.now();
// Chunks are named by their hash: those of the last build go, so that dist/ holds one set.
const built = existsSync('dist') ? readdirSync('dist', { withFileTypes: true }) : [];
for (const name of built.filter((entry) => entry.isFile()).map((entry) => entry.name)) {
  if (/-[A-Z0-9]{8}\.js(\.map)?$/.test(name)) rmSync(`dist/${name}`);
}
const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };
// The worker threads' entry points, self-contained (chokidar bundled in), beside each bundle that
// starts them: dist/workers/ for the CLI and the bench (and the tests on the sources), and
// dist/electron/workers/ for Electron (unpacked from the asar: electron-builder.yml).
const workers = {
  entryPoints: {
    walk: 'main/workers/walk.ts',
    watch: 'main/workers/watch.ts',
    match: 'main/workers/match.ts',
    eventIndex: 'main/workers/eventIndex.ts',
    codeCheck: 'main/workers/codeCheck.ts',
  },
  format: 'esm',
};
const workerCommon = { ...common, packages: undefined };
await Promise.all([
  build({ ...workerCommon, ...workers, outdir: 'dist/workers' }),
  build({ ...workerCommon, ...workers, outdir: 'dist/electron/workers' }),
  // Everything is bundled but ws's optional native addons and what only the bench loads; the
  // OpenTelemetry exporters, the server and chokidar each in a chunk of its own, loaded only by
  // the command that needs it (code splitting): other commands do not parse them, and the
  // Electron app does not ship the exporters.
  build({
    ...common,
    packages: undefined,
    external: ['playwright-core', 'electron', 'bufferutil', 'utf-8-validate'],
    entryPoints: { cli: 'app/cli-entry.ts', bench: 'bench/bench.ts' },
    outdir: 'dist',
    format: 'esm',
    splitting: true,
    // The exporters are CommonJS that require Node's modules: ESM output gives them a require.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    chunkNames: '[name]-[hash]', // beside the entries: import.meta.url finds workers/ and renderer/ from any of them
  }),
  build({ ...common, entryPoints: { main: 'app/electron/main.ts' }, outdir: 'dist/electron', format: 'esm', external: ['electron'] }),
  build({
    ...common,
    entryPoints: { preload: 'app/electron/preload.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
]);
if (process.env.npm_lifecycle_event !== 'prepare') {
  process.stderr.write(`built dist/ in ${Math.round(performance.now() - started)} ms\n`);
}
