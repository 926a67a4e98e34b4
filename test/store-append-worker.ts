// Child process of the store tests: appends `batches` batches of 5 observed events to the
// store at LOCATION, item codes prefixed with PREFIX, then prints "done".
// Usage: node --import tsx test/store-append-worker.ts LOCATION PREFIX BATCHES
import { openStore } from '../src/trace/open-store.js';
import type { NewEvent } from '../src/trace/domain.js';

const [location, prefix, batches] = process.argv.slice(2);
if (location === undefined || prefix === undefined || batches === undefined) {
  throw new Error('usage: store-append-worker LOCATION PREFIX BATCHES');
}
const store = await openStore(location);
try {
  for (let n = 0; n < Number(batches); n++) {
    const events: NewEvent[] = Array.from({ length: 5 }, (_, i) => ({ type: 'observed', at: new Date(Date.UTC(2026, 0, 1, 0, n)), station: 'S', item: `${prefix}-${n}-${i}` }));
    await store.append(events);
  }
  process.stdout.write('done\n');
} finally {
  await store.close();
}
