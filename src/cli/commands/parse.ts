import { Option, type Command } from 'commander';
import { parseScan } from '../../codes/index.js';
import type { ScanParseResult } from '../../codes/index.js';

/** Where `traceocr parse` writes; the process streams unless a test passes its own. */
export interface ParseCommandIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stdin?: AsyncIterable<string | Buffer>;
}

/**
 * Printable spellings of the control characters in scanner data, for a shell command
 * line: `<GS>`, `{GS}`, `\x1d`, `\u001d` (and the same for RS and EOT). Real control
 * characters pass through unchanged.
 */
export function unescapeScanData(arg: string): string {
  const names: Record<string, string> = { GS: '\u001d', RS: '\u001e', EOT: '\u0004', FNC1: '\u001d' };
  return arg
    .replace(/<(GS|RS|EOT|FNC1)>|\{(GS|RS|EOT|FNC1)\}/gi, (_, a?: string, b?: string) => names[(a ?? b ?? '').toUpperCase()]!)
    .replace(/\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})/g, (_, x?: string, u?: string) => String.fromCharCode(parseInt(x ?? u ?? '0', 16)));
}

/** The JSON line printed for one argument. */
export function formatParseResult(r: ScanParseResult): string {
  return JSON.stringify({
    ok: r.ok,
    scheme: r.scheme,
    fields: r.fields,
    elements: r.elements,
    checks: r.checks.map((c) => ({ name: c.name, ok: c.ok, message: c.message ?? '' })),
  });
}

async function* stdinLines(stdin: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  let buf = '';
  for await (const chunk of stdin) {
    buf += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      yield buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
    }
  }
  if (buf !== '') yield buf;
}

/**
 * Registers `traceocr parse [--format json] DATA...`: parses scanner data or code text
 * (GS1 element strings, bracketed GS1, GS1 Digital Link, HIBC, ISBT 128, ISO 15434/MH10)
 * and prints one JSON object per argument. Exit code 1 when any argument is not ok.
 *
 * @example traceocr parse ']d20109506000134352<GS>10L24B1187' '+A123BJC5D6E71G'
 */
export function registerParseCommand(program: Command, io: ParseCommandIo = { stdout: process.stdout, stdin: process.stdin }): void {
  program
    .command('parse')
    .description('Parse scanned code data (GS1, GS1 Digital Link, HIBC, ISBT 128, ISO 15434 / MH10.8.2) into fields and named checks; one JSON object per argument.')
    .argument('<data...>', 'scan data; "-" reads one scan per line from stdin')
    .addOption(new Option('-f, --format <format>', 'output format (one JSON object per line)').choices(['json']).default('json'))
    .addHelpText('after', `
Control characters: scanners send GS (0x1D), RS (0x1E) and EOT (0x04) as real characters,
and those are accepted as they arrive. On a command line, write them as <GS> <RS> <EOT>,
{GS} {RS} {EOT}, or \\x1d \\x1e \\x04 (also \\u001d). A symbology identifier prefix
(]d2, ]C1, ]Q3, ]e0, ]d1, ...) is honoured.

Examples:
  traceocr parse '(01)09506000134352(17)280430(10)L24B1187'
  traceocr parse ']d20109506000134352172804301<GS>0L24B1187'
  traceocr parse '[)><RS>06<GS>1PABC-123<GS>SSN42<GS>9D2447<RS><EOT>'
  traceocr parse '+A123BJC5D6E71G'`)
    .action(async (data: string[]) => {
      let anyBad = false;
      const emit = (raw: string): void => {
        const r = parseScan(unescapeScanData(raw));
        if (!r.ok) anyBad = true;
        io.stdout.write(`${formatParseResult(r)}\n`);
      };
      for (const arg of data) {
        if (arg === '-' && io.stdin) {
          for await (const line of stdinLines(io.stdin)) if (line !== '') emit(line);
        } else emit(arg);
      }
      if (anyBad) process.exitCode = 1;
    });
}
