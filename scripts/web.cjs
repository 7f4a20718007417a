// `npm run web [-- --port N] [--no-build]`: the browser build. Builds when out/ is missing
// or older than the sources, then runs the server (out/main/webServer.js), forwarding args.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const BUILT = ['out/main/index.js', 'out/main/trainerWorker.js', 'out/main/webServer.js', 'out/preload/index.js', 'out/renderer/index.html'];
const SOURCES = ['src', 'electron.vite.config.ts', 'package.json', 'tsconfig.json'];

function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(p).reduce((m, name) => Math.max(m, newestMtime(path.join(p, name))), stat.mtimeMs);
}

/** True when a built file is missing or older than any source file. */
function needsBuild() {
  const built = BUILT.map((f) => path.join(root, f));
  if (!built.every((f) => fs.existsSync(f))) return true;
  const oldestBuilt = Math.min(...built.map((f) => fs.statSync(f).mtimeMs));
  const newestSource = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  return newestSource > oldestBuilt;
}

/** Builds if needed (unless skipped); exits the process when the build fails. */
function buildIfNeeded({ skip = false } = {}) {
  if (skip || !needsBuild()) return;
  console.log('Building Netloom (electron-vite build)…');
  const r = spawnSync(npx, ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('Build failed.');
    process.exit(r.status ?? 1);
  }
}

function runBrowserBuild(argv) {
  const args = argv.filter((a) => a !== '--no-build');
  buildIfNeeded({ skip: argv.includes('--no-build') });
  const child = spawn(process.execPath, [path.join(root, 'out/main/webServer.js'), ...args], { cwd: root, stdio: 'inherit' });
  // Ctrl+C reaches the whole process group; a SIGTERM to us is passed on.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

module.exports = { buildIfNeeded, needsBuild, runBrowserBuild };

if (require.main === module) runBrowserBuild(process.argv.slice(2));
