import { Command, Option } from 'commander';
import { API_ROLES, createApiKey, listApiKeys, openIntegrateDb, revokeApiKey } from '../../integrate/index.js';
import type { ApiRole } from '../../integrate/index.js';
import { DEFAULT_STORE_LOCATION } from '../../trace/index.js';
import { TraceocrError } from '../../core/errors.js';

const storeOption = (): Option => new Option('--store <pathOrUrl>', 'SQLite file or postgres:// URL').default(process.env['TRACEOCR_STORE'] || DEFAULT_STORE_LOCATION);

/**
 * Registers `traceocr keys create --role R [--label L] [--store …]` (prints the new key once;
 * only its hash is kept), `keys list` and `keys revoke ID`.
 *
 * @example
 * traceocr keys create --role operator --label line-3-camera
 */
export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('manage API keys of `traceocr serve`');
  keys.command('create')
    .description('create an API key and print it once')
    .addOption(new Option('--role <role>', 'what the key may do').choices([...API_ROLES]).makeOptionMandatory())
    .option('--label <label>', 'who or what uses it (shown in corrections and logs)')
    .addOption(storeOption())
    .action(async (opts: { role: ApiRole; label?: string; store: string }) => {
      const idb = await openIntegrateDb(opts.store);
      try {
        const created = await createApiKey(idb, opts.role, opts.label);
        console.log(created.key);
        console.error(`created ${created.role} key ${created.id}${created.label ? ` (${created.label})` : ''}; it is shown only now`);
      } finally {
        await idb.close();
      }
    });
  keys.command('list')
    .description('list keys (id, role, label, revoked) — never the keys themselves')
    .addOption(storeOption())
    .action(async (opts: { store: string }) => {
      const idb = await openIntegrateDb(opts.store);
      try {
        for (const k of await listApiKeys(idb)) console.log([k.id, k.role, k.label ?? '-', k.createdAt.toISOString(), k.revoked ? 'revoked' : 'active'].join('\t'));
      } finally {
        await idb.close();
      }
    });
  keys.command('revoke')
    .description('revoke a key by id')
    .argument('<id>')
    .addOption(storeOption())
    .action(async (id: string, opts: { store: string }) => {
      const idb = await openIntegrateDb(opts.store);
      try {
        if (!(await revokeApiKey(idb, id))) throw new TraceocrError('NOT_FOUND', `no active key ${id}`);
        console.error(`revoked ${id}`);
      } finally {
        await idb.close();
      }
    });
}
