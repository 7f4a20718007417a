// Lets `npm start` and `npm test` work on a fresh clone: installs dependencies first when
// node_modules is missing or older than the lock file.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function ensureInstalled() {
  const root = path.join(__dirname, '..');
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const fresh = fs.existsSync(marker) && fs.statSync(marker).mtimeMs + 2000 >= fs.statSync(lock).mtimeMs; // npm writes both in one install
  if (fresh) return;
  console.log('netloom: installing dependencies (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('netloom: npm ci failed; see the messages above.');
    process.exit(r.status ?? 1);
  }
}

module.exports = { ensureInstalled };
