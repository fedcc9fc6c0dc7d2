// `npm run package [-- <electron-builder args>]`: builds, then packages with electron-builder.
// Real installers need an Electron binary: a downloaded one (node_modules/electron/dist) or
// ELECTRON_OVERRIDE_DIST_PATH. Where neither exists, electron-builder would try to download one;
// this script says so plainly and stops instead (pass --download to let it try).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const allowDownload = args.includes('--download');
const passThrough = args.filter((arg) => arg !== '--download');

function electronDist() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const dist = join('node_modules', 'electron', 'dist');
  return existsSync(join('node_modules', 'electron', 'path.txt')) && existsSync(dist) ? dist : null;
}

const dist = electronDist();
if (!dist && !allowDownload) {
  process.stderr.write(
    'package: no Electron binary here (none downloaded, ELECTRON_OVERRIDE_DIST_PATH not set).\n' +
      'Packaging needs one: run on a machine that can download Electron and pass --download, or point ELECTRON_OVERRIDE_DIST_PATH at an Electron folder.\n',
  );
  process.exit(1);
}
const version = JSON.parse(readFileSync(join('node_modules', 'electron', 'package.json'), 'utf8')).version;
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const builder = spawnSync('npx', ['electron-builder', ...(dist ? [`-c.electronDist=${dist}`, `-c.electronVersion=${version}`] : []), ...passThrough], {
  stdio: 'inherit',
});
process.exit(builder.status ?? 1);
