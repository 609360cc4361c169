// `npm run dev:browser`: the real UI over the real core in any browser, for developers. Not shipped.
import { createTestCore } from '../helpers/core.js';
import { startHarness } from './server.js';

const core = createTestCore();
const harness = await startHarness(core.services);
console.log(`Certdesk (browser harness) at ${harness.url}`);
console.log(`Data dir: ${core.dataDir}. File dialogs are asked with a prompt: type a path. Ctrl+C to stop.`);
process.on('SIGINT', () => {
  void harness.close().then(() => {
    core.cleanup();
    process.exit(0);
  });
});
