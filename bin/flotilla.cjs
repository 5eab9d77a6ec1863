#!/usr/bin/env node
// The `flotilla` command: runs the bundled CLI (dist/main/cli.cjs), or says how to build it.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher: require is how it loads the bundle */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'main', 'cli.cjs');
if (!existsSync(cli)) {
  process.stderr.write(`flotilla: the CLI is not built yet (${cli} is missing).\nRun \`npm run build\` in ${root}, then try again.\n`);
  process.exit(1);
}
require(cli);
