#!/usr/bin/env node
// The `tracelens` command: runs the bundled CLI (built by `npm install` through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('tracelens: not built yet; run `npm install` (or `npm run build`) in the TraceLens checkout\n');
  process.exit(1);
}
await import(cli);
