#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { isTraceocrError } from '../core/errors.js';
import { registerReadCommand } from './read-command.js';
import { registerParseCommand } from './commands/parse.js';
import { registerServeCommand } from './commands/serve.js';
import { registerKeysCommands } from './commands/keys.js';
import { registerTraceCommands } from './commands/trace.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Builds the `traceocr` command-line program. */
export function createProgram(): Command {
  const program = new Command('traceocr')
    .description('Reads serial numbers, lots, GTINs and date codes off manufactured goods and keeps the traceability record.')
    .version(pkg.version)
    .exitOverride()
    .showHelpAfterError();
  registerReadCommand(program);
  registerParseCommand(program);
  registerServeCommand(program);
  registerKeysCommands(program);
  registerTraceCommands(program);
  return program;
}

async function main(argv: readonly string[]): Promise<void> {
  try {
    await createProgram().parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and --version end with exitCode 0; every other commander error is a usage error (2).
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (isTraceocrError(err)) {
      console.error(`traceocr: ${err.code}: ${err.message}`);
      process.exitCode = err.code === 'USAGE' || err.code === 'PROFILE_NOT_FOUND' || err.code === 'PROFILE_INVALID' || err.code === 'CONFIG_INVALID' ? 2 : 1;
      return;
    }
    console.error(`traceocr: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exitCode = 1;
  }
}

await main(process.argv);
