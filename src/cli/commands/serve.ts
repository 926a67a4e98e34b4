import { Command, InvalidArgumentError } from 'commander';
import { loadServeConfig, startService } from '../../integrate/index.js';

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is an integer 0..65535');
  return n;
}

/**
 * Registers `traceocr serve [--config FILE] [--port N] [--store PATH_OR_URL]`: the HTTP API,
 * MQTT, webhooks and hot folder in one process, until SIGINT/SIGTERM.
 *
 * @example
 * traceocr serve --config traceocr.yaml --port 8080 --store postgres://postgres@127.0.0.1/test
 */
export function registerServeCommand(program: Command): void {
  program.command('serve')
    .description('run the HTTP API, hot folder, MQTT and webhooks (config file + TRACEOCR_* environment + flags)')
    .option('--config <file>', 'YAML or JSON configuration file')
    .option('--port <n>', 'HTTP port (overrides the file)', parsePort)
    .option('--store <pathOrUrl>', 'SQLite file or postgres:// URL (overrides the file)')
    .action(async (opts: { config?: string; port?: number; store?: string }) => {
      const config = loadServeConfig({
        ...(opts.config ? { file: opts.config } : {}),
        env: process.env,
        overrides: { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.store ? { store: opts.store } : {}) },
      });
      const service = await startService(config);
      console.error(`traceocr serve: listening on ${service.url} (API docs at ${service.url}/docs)`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await service.close();
    });
}
