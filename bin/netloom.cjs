#!/usr/bin/env node
// `npx netloom …`: runs the bundled CLI (out/cli/netloom.js), building it first if needed.
const fs = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '../out/cli/netloom.js');
if (!fs.existsSync(built)) require('../scripts/buildCli.cjs').buildCli();
require(built).run();
