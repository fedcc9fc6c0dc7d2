// Bundles the node side with esbuild: the CLI and the bench (ESM), the Electron main (ESM) and
// its sandboxed preload (one CommonJS file, as Electron's sandbox requires). Dependencies stay
// external, so `tracelens` starts without a TypeScript loader.
import { build } from 'esbuild';

const started = performance.now();
const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };
// The worker threads' entry points, self-contained (chokidar bundled in), beside each bundle that
// starts them: dist/workers/ for the CLI and the bench (and the tests on the sources), and
// dist/electron/workers/ for Electron (unpacked from the asar: electron-builder.yml).
const workers = { entryPoints: { walk: 'main/workers/walk.ts', watch: 'main/workers/watch.ts', match: 'main/workers/match.ts' }, format: 'esm' };
const workerCommon = { ...common, packages: undefined };
await Promise.all([
  build({ ...workerCommon, ...workers, outdir: 'dist/workers' }),
  build({ ...workerCommon, ...workers, outdir: 'dist/electron/workers' }),
  build({ ...common, entryPoints: { cli: 'app/cli-entry.ts', bench: 'bench/bench.ts' }, outdir: 'dist', format: 'esm' }),
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
