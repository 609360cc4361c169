/**
 * Child process for the fault-injection test: imports and deletes an entry in a loop through
 * updateKeystoreFile until it is killed. Prints a line after every completed update.
 */
import { readFileSync } from 'node:fs';
import { updateKeystoreFile } from '../../../../electron/core/keystore/keystore-file.js';
import { deleteEntry, importKeyPair } from '../../../../electron/core/keystore/operations.js';

async function main(): Promise<void> {
  const [path, storePassword, keyFile, certFile] = process.argv.slice(2) as [string, string, string, string];
  const key = readFileSync(keyFile);
  const cert = readFileSync(certFile);
  for (let n = 1; ; n++) {
    await updateKeystoreFile(path, storePassword, (ks) =>
      ks.entries.some((e) => e.alias === 'loop') ? deleteEntry(ks, 'loop') : importKeyPair(ks, key, [cert], { alias: 'loop' }).keystore,
    );
    process.stdout.write(`${n}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
