// `npm test`: builds the app, runs the unit/process tests and the end-to-end browser tests,
// then prints one closing line `N passed, N failed` counted from vitest's JSON reports
// (so a run that executed no test shows as `0 passed`).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureInstalled } = require('./ensureInstalled.cjs');

ensureInstalled();

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'test-results');
fs.mkdirSync(outDir, { recursive: true });
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const onlyUnit = process.argv.includes('--unit');

function run(args, label) {
  console.log(`\n▶ ${label}`);
  const r = spawnSync(npx, args, { cwd: root, stdio: 'inherit', env: process.env });
  return r.status ?? 1;
}

function count(reportFile) {
  try {
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    return { passed: report.numPassedTests ?? 0, failed: (report.numFailedTests ?? 0) + (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0), suitesFailed: report.numFailedTestSuites ?? 0 };
  } catch {
    return { passed: 0, failed: 1, suitesFailed: 1, missing: true };
  }
}

const suites = [
  { label: 'unit and process tests', args: ['vitest', 'run'], report: path.join(outDir, 'unit.json') },
];
if (!onlyUnit) {
  suites.push({ label: 'end-to-end tests (browser build in Chromium)', args: ['vitest', 'run', '--config', 'vitest.e2e.config.mts'], report: path.join(outDir, 'e2e.json'), needsBuild: true });
}

let passed = 0;
let failed = 0;
let exitCode = 0;
for (const suite of suites) {
  fs.rmSync(suite.report, { force: true });
  if (suite.needsBuild && run(['electron-vite', 'build'], 'build (electron-vite)') !== 0) {
    console.error('Build failed: end-to-end tests not run.');
    failed += 1;
    exitCode = 1;
    continue;
  }
  const status = run([...suite.args, '--reporter=default', '--reporter=json', `--outputFile.json=${suite.report}`], suite.label);
  const c = count(suite.report);
  if (c.missing) console.error(`No test report from ${suite.label}.`);
  passed += c.passed;
  failed += c.failed + (c.failed === 0 && c.suitesFailed ? c.suitesFailed : 0);
  if (status !== 0) exitCode = 1;
}
if (failed > 0) exitCode = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exitCode);
