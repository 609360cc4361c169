// The Electron audit: Doyensec's Electronegativity over the code that runs in the app (main, preload,
// the core, shared, the renderer's sources and its page with the CSP). Every finding above
// informational fails the audit unless an entry of ALLOWED below matches it; every entry must still
// match a finding, so the list cannot go stale. A file the tool cannot parse fails the audit too
// (it would not have been checked).
// Usage: node scripts/electron-audit.mjs [--json]   (exit 0 clean, 1 findings or errors)
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** What the tool reads: the app's code as written (bundles would hide which line is meant). */
const INPUTS = ['electron/main', 'electron/preload', 'electron/core', 'shared', 'renderer/src', 'renderer/index.html'];

/**
 * Reviewed findings. Each names the check, the file and a piece of the flagged code, and says why it is
 * acceptable here. Remove an entry when its finding goes away (a stale entry fails the audit).
 */
export const ALLOWED = [
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'renderer/index.html',
    sample: "script-src 'self'",
    why:
      "csp-evaluator's generic note that 'self' can be abused through JSONP, Angular or uploaded files. The page's " +
      "origin is app://, which serves only the built renderer from inside the asar (electron/main/app-protocol.ts): " +
      'no JSONP endpoint, no template framework evaluating strings, no user files. Everything else is none.',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main/main.ts',
    sample: 'grants.mayOpen(url) && void shell.openExternal(url)',
    why:
      'A link the page opens goes to the OS browser only when it is http(s) (isExternalLink in lockWebContents, ' +
      'test/unit/main/security.test.ts) and a core result handed that exact URL to the page this session ' +
      '(RendererGrants.mayOpen); every other URL is denied and opens nothing.',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main/main.ts',
    sample: 'isExternalLink(url) && void shell.openExternal(url)',
    why: 'The core\'s "open in the browser" port (OAuth authorization pages): isExternalLink admits http and https only.',
  },
  {
    id: 'AUXCLICK_JS_CHECK',
    file: 'electron/main/main.ts',
    sample: 'new BrowserWindow(',
    why:
      'A middle click on a link asks for a new window, which setWindowOpenHandler denies for every URL ' +
      '(electron/main/security.ts, lockWebContents); nothing can open inside the app.',
  },
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'electron/main/main.ts',
    sample: "preload: join(__dirname, '..', 'preload', 'preload.cjs')",
    why:
      'The preload is reviewed: under contextIsolation and sandbox it exposes window.certdesk, one named method per ' +
      'contract operation with no generic invoke, send or ipcRenderer (electron/preload/preload.ts).',
  },
];

/**
 * Not run: AvailableSecurityFixesGlobalCheck fetches Electron's release list from the network and caches it in the
 * system temp folder, so its verdict depends on the day and the machine; Electron's version is kept current by the
 * dependency audit instead (README, Installers).
 */
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];

const SEVERITY_ORDER = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];

/**
 * Runs the tool over a copy of INPUTS (one folder, so its global checks see the whole app); `extra` adds
 * files to that copy (path relative to the repository: contents), for a test that proves a finding fails.
 */
export async function audit({ extra = {} } = {}) {
  const electronVersion = require('electron/package.json').version;
  const stage = mkdtempSync(join(tmpdir(), 'certdesk-audit-'));
  try {
    for (const input of INPUTS) cpSync(join(root, input), join(stage, input), { recursive: true });
    for (const [path, text] of Object.entries(extra)) writeFileSync(join(stage, path), text);
    const mod = require('@doyensec/electronegativity');
    const run = mod.default ?? mod;
    // The tool prints notes about fetching translations and release lists; they are not findings.
    const log = console.log;
    console.log = () => undefined;
    let result;
    try {
      result = await run(
        { input: stage, electronVersionOverride: electronVersion, isRelative: true, customScan: [], excludeFromScan: EXCLUDED_CHECKS },
        false,
      );
    } finally {
      console.log = log;
    }
    const findings = result.issues.map((i) => ({
      id: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: i.file.replaceAll('\\', '/'),
      line: i.location.line,
      sample: String(i.sample ?? ''),
      description: i.description,
    }));
    return { electronVersion, checks: result.globalChecks + result.atomicChecks, errors: result.errors, findings };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Splits findings into allowed and not, and lists allowlist entries that matched nothing. */
export function judge(findings) {
  const used = new Set();
  const failing = [];
  const allowed = [];
  for (const f of findings) {
    if (SEVERITY_ORDER.indexOf(f.severity) <= 0) continue;
    const entry = ALLOWED.find((a) => a.id === f.id && a.file === f.file && f.sample.includes(a.sample));
    if (entry) {
      used.add(entry);
      allowed.push({ ...f, why: entry.why });
    } else failing.push(f);
  }
  return { failing, allowed, stale: ALLOWED.filter((a) => !used.has(a)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await audit();
  const verdict = judge(report.findings);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ ...report, ...verdict }, null, 2));
  else {
    console.log(`electronegativity: ${report.checks} checks, Electron ${report.electronVersion}, ${report.findings.length} findings (${verdict.allowed.length} reviewed)`);
    for (const e of report.errors) console.log(`  could not parse ${e.file}: ${e.message}`);
    for (const f of verdict.failing) console.log(`  ${f.severity} ${f.id} ${f.file}:${f.line} ${f.description}\n    ${f.sample.slice(0, 160)}`);
    for (const a of verdict.stale) console.log(`  stale allowlist entry: ${a.id} ${a.file} "${a.sample}"`);
  }
  process.exitCode = report.errors.length || verdict.failing.length || verdict.stale.length ? 1 : 0;
}
