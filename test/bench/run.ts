// `npm run bench`: every benchmark against its reference tool, alternately, in one run.
import { report, runPairs, type NoteRow, type Pair } from './harness.js';
import { inspectNotes, inspectPairs } from './suites/inspect.js';
import { keystorePairs } from './suites/keystore.js';
import { pkiNotes, pkiPairs } from './suites/pki.js';
import { startupPairs } from './suites/startup.js';
import { tlsNotes, tlsPairs } from './suites/tls.js';
import { authNotes, authPairs } from './suites/auth.js';

const only = process.argv[2];
const suites: Array<{ name: string; pairs: () => Pair[] | Promise<Pair[]>; notes?: () => Promise<NoteRow[]> }> = [
  { name: 'startup', pairs: startupPairs },
  { name: 'keystore', pairs: keystorePairs },
  { name: 'pki', pairs: pkiPairs, notes: pkiNotes },
  { name: 'inspect', pairs: inspectPairs, notes: inspectNotes },
  { name: 'tls', pairs: tlsPairs, notes: tlsNotes },
  { name: 'auth', pairs: authPairs, notes: authNotes },
];

const results = [];
const notes: NoteRow[] = [];
for (const suite of suites) {
  if (only && suite.name !== only) continue;
  console.log(`== ${suite.name}`);
  results.push(...runPairs(await suite.pairs()));
  if (suite.notes) notes.push(...(await suite.notes()));
}
report(results, notes);
