// Downloads Electron's binary the way electron's own postinstall would, but never fails the
// install: build machines without internet still get a working tree (the browser build).
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');

const installer = path.join(__dirname, '..', 'node_modules', 'electron', 'install.js');
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.log('netloom: ELECTRON_SKIP_BINARY_DOWNLOAD is set; the desktop app will not start, the browser build will (npm run web).');
} else if (fs.existsSync(installer)) {
  const r = spawnSync(process.execPath, [installer], { stdio: 'inherit' });
  if (r.status !== 0) console.warn('netloom: could not download the Electron binary; `npm start` will open the browser build instead.');
}
