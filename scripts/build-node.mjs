// Bundles the node side (CLI, bench) with esbuild: one file each, dependencies left external,
// so `tracelens` starts without a TypeScript loader.
import { build } from 'esbuild';

const started = performance.now();
await build({
  entryPoints: { cli: 'app/cli-entry.ts', bench: 'bench/bench.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  outExtension: { '.js': '.js' },
});
if (process.env.npm_lifecycle_event !== 'prepare') {
  process.stderr.write(`built dist/ in ${Math.round(performance.now() - started)} ms\n`);
}
