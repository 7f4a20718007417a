// `npm start`: the desktop app when Electron's binary is installed, else the browser build.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
require('./ensureInstalled.cjs').ensureInstalled();
const { buildIfNeeded, runBrowserBuild } = require('./web.cjs');

const root = path.join(__dirname, '..');
const argv = process.argv.slice(2);

function electronBinary() {
  try {
    // electron's index.js returns the binary's path, and throws when it was never downloaded.
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.log('Electron is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD or no download); starting the browser build instead.');
  runBrowserBuild(argv);
} else {
  buildIfNeeded({ skip: argv.includes('--no-build') });
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the binary act as plain Node
  const child = spawn(binary, ['.'], { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}
