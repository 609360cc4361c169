/**
 * A second Certdesk process for the lock tests (bundled by the test, run with node):
 *   hold PATH            takes PATH's file lock, prints "locked", and keeps it until killed
 *   add DATADIR NAME N   adds N records to the "notes" collection, one update each
 */
import { z } from 'zod';
import { withFileLock } from '../../../../electron/core/store/file-lock.js';
import { createMetadataStore } from '../../../../electron/core/store/metadata-store.js';

const [mode, a, b, c] = process.argv.slice(2);

async function main(): Promise<void> {
  if (mode === 'hold' && a) {
    await withFileLock(a, async () => {
      process.stdout.write('locked\n');
      await new Promise(() => setInterval(() => undefined, 1000));
    });
  } else if (mode === 'add' && a && b) {
    const notes = createMetadataStore(a).collection({ file: 'notes.json', version: 1, record: z.object({ name: z.string() }) });
    for (let i = 0; i < Number(c ?? 1); i++) await notes.update((records) => ({ records: [...records, { name: `${b}-${i}` }], value: undefined }));
    process.stdout.write('done\n');
  } else {
    throw new Error('usage: hold PATH | add DATADIR NAME N');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
