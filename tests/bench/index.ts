// `npm run bench [-- --quick]`: runs every *.bench.ts under tests/bench (each in its own process, in
// path order), passing the arguments through. Exits non-zero when any of them fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

function benchFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? benchFiles(join(dir, e.name)) : e.name.endsWith('.bench.ts') ? [join(dir, e.name)] : []));
}

let failed = 0;
const files = benchFiles(__dirname);
for (const file of files) {
  console.log(`\n=== ${relative(join(__dirname, '..', '..'), file)}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`${file}: exit ${r.status ?? r.signal}`);
  }
}
console.log(`\n${files.length - failed} benches passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
