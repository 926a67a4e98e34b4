// Runs `traceocr serve|keys …` through commander with the commands of src/cli/commands
// (the lead wires them into src/cli/main.ts; this keeps the test independent of that).
import { Command } from 'commander';
import { isTraceocrError } from '../src/core/errors.js';
import { registerKeysCommands } from '../src/cli/commands/keys.js';
import { registerServeCommand } from '../src/cli/commands/serve.js';

const program = new Command('traceocr').exitOverride();
registerServeCommand(program);
registerKeysCommands(program);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (isTraceocrError(err)) {
    console.error(`traceocr: ${err.code}: ${err.message}`);
    process.exitCode = err.code === 'CONFIG_INVALID' ? 2 : 1;
  } else {
    process.exitCode = (err as { exitCode?: number }).exitCode ?? 1;
  }
}
