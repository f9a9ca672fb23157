// Worker entry used only when running from TypeScript sources (tests, `npm run serve` through tsx):
// Node 20 does not carry tsx's loader hooks into worker threads, so register them here and then
// load the real entry, passed as `--nightdeck-ts-entry=<file URL>` in the worker's argv.
import { register } from 'tsx/esm/api';

const flag = '--nightdeck-ts-entry=';
const entry = process.argv.find((arg) => arg.startsWith(flag))?.slice(flag.length);
if (!entry) throw new Error('ts-worker-bootstrap: no --nightdeck-ts-entry given');
register();
await import(entry);
