import pino from 'pino';
import type { Logger } from 'pino';
import type { Reader } from '../read/index.js';
import { createReader } from '../read/index.js';
import { openStore } from '../trace/index.js';
import type { Store } from '../trace/index.js';
import { createServer } from './create-server.js';
import type { TraceocrServer } from './create-server.js';
import { createHotFolder } from './hot-folder.js';
import type { HotFolder } from './hot-folder.js';
import { openIntegrateDb } from './integrate-db.js';
import type { IntegrateDb } from './integrate-db.js';
import type { ServeConfig } from './serve-config.js';

/** Options of {@link startService}. */
export interface StartServiceOptions {
  readonly logger?: Logger;
  /** A reader to use instead of loading the models (tests, benches). */
  readonly reader?: Reader;
}

/** The running `traceocr serve`: HTTP API, outbox (MQTT, webhooks), hot folder. */
export interface RunningService {
  readonly server: TraceocrServer;
  readonly store: Store;
  readonly idb: IntegrateDb;
  readonly hotFolder: HotFolder | undefined;
  /** `http://host:port` it listens on. */
  readonly url: string;
  /** Stops accepting, finishes what runs, closes everything it opened. */
  close(): Promise<void>;
}

/**
 * Opens the store and the service's tables, loads the reader, listens, and starts the hot folder.
 *
 * @example
 * const service = await startService(loadServeConfig({ file: 'traceocr.yaml', env: process.env }));
 * process.once('SIGTERM', () => void service.close());
 */
export async function startService(config: Readonly<ServeConfig>, options: StartServiceOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const store = await openStore(config.store);
  const opened: (() => Promise<void>)[] = [() => store.close()];
  const closeOpened = async (): Promise<void> => {
    for (const c of opened.reverse()) await c().catch((err: unknown) => logger.warn({ err }, 'close failed'));
  };
  try {
    const idb = await openIntegrateDb(config.store);
    opened.push(() => idb.close());
    const reader = options.reader ?? (await createReader({ ...(config.read.profile ? { profile: config.read.profile } : {}) }));
    if (!options.reader) opened.push(() => reader.close());
    const server = await createServer({ config, store, idb, reader, logger });
    opened.push(() => server.close());
    const address = await server.app.listen({ port: config.http.port, host: config.http.host });
    const hotFolder = config.hotFolder.root
      ? createHotFolder({ root: config.hotFolder.root, reads: server.reads, idb, logger, stableMs: config.hotFolder.stableMs, pollMs: config.hotFolder.pollMs })
      : undefined;
    if (hotFolder) opened.push(() => hotFolder.close());
    logger.info({ address, store: store.location, mqtt: config.mqtt.url ?? 'off', hotFolder: config.hotFolder.root ?? 'off' }, 'traceocr serve listening');
    return { server, store, idb, hotFolder, url: address, close: closeOpened };
  } catch (err) {
    await closeOpened();
    throw err;
  }
}
