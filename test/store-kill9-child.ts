// Child process of test/store-kill9.test.ts: imports a JSONL file into a store in batches
// and prints "ACK <batch> <firstLine> <lastLine>" only after each batch has committed.
// Usage: node --import tsx test/store-kill9-child.ts LOCATION FILE BATCH_SIZE
import { createReadStream } from 'node:fs';
import { openStore } from '../src/trace/open-store.js';
import { importEvents } from '../src/trace/import-events.js';

const [location, file, batchSize] = process.argv.slice(2);
if (location === undefined || file === undefined || batchSize === undefined) {
  throw new Error('usage: store-kill9-child LOCATION FILE BATCH_SIZE');
}
const store = await openStore(location);
const r = await importEvents(store, createReadStream(file), {
  format: 'jsonl',
  batchSize: Number(batchSize),
  // Writes to a pipe are synchronous on Linux: the line is out before the next batch starts.
  onBatch: (b) => {
    process.stdout.write(`ACK ${b.index} ${b.firstLine} ${b.lastLine}\n`);
  },
});
process.stdout.write(`DONE ${r.appended} ${r.duplicates}\n`);
await store.close();
