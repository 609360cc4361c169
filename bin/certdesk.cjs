#!/usr/bin/env node
'use strict';
// The `certdesk` binary: runs the bundled CLI that `npm install` / `npm run build` produces.
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli', 'certdesk.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('certdesk: the CLI is not built yet; run `npm run build` in the Certdesk folder.\n');
  process.exit(2);
}
// Node 22.1+ can cache compiled code between runs (start-up is most of a short command's time);
// on older Node the CLI keeps V8's code cache for the bundle a command loads itself (electron/cli/load.ts).
const nodeModule = require('node:module');
if (typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache();
require(bundle);
