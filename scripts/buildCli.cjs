// Bundles the CLI (src/cli/netloom.ts, with core) into one Node file: out/cli/netloom.js.
// Part of `npm run build`; bin/netloom.cjs also runs it when the bundle is missing.
const path = require('node:path');

const root = path.join(__dirname, '..');
const outfile = path.join(root, 'out/cli/netloom.js');

function buildCli() {
  require('esbuild').buildSync({
    entryPoints: [path.join(root, 'src/cli/netloom.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}

module.exports = { buildCli, outfile };

if (require.main === module) {
  buildCli();
  console.log(`built ${path.relative(root, outfile)}`);
}
