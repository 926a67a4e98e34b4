import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { TraceocrError } from '../core/errors.js';
import type { IntegrateDb } from './integrate-db.js';

/** Roles of API keys, from least to most trusted. */
export const API_ROLES = ['viewer', 'operator', 'reviewer', 'admin'] as const;
/** One of {@link API_ROLES}. */
export type ApiRole = (typeof API_ROLES)[number];

/**
 * What each role may do. `operator` submits reads, `reviewer` corrects them, `viewer` queries,
 * `admin` does everything (keys, stations). Operators and reviewers may also query: a station
 * screen shows what it just read.
 */
const GRANTS: Record<ApiRole, ReadonlySet<ApiPermission>> = {
  viewer: new Set(['query']),
  operator: new Set(['query', 'submit']),
  reviewer: new Set(['query', 'review']),
  admin: new Set(['query', 'submit', 'review', 'admin']),
};

/** A permission a route requires. */
export type ApiPermission = 'query' | 'submit' | 'review' | 'admin';

/** Does a role hold a permission? */
export function hasPermission(role: ApiRole, permission: ApiPermission): boolean {
  return GRANTS[role].has(permission);
}

/** Is this string a role? */
export function isApiRole(value: string): value is ApiRole {
  return (API_ROLES as readonly string[]).includes(value);
}

/** A key as the record keeps it (never the key itself). */
export interface ApiKeyInfo {
  readonly id: string;
  readonly role: ApiRole;
  readonly label: string | null;
  readonly createdAt: Date;
}

/** Result of {@link createApiKey}: the key is shown once and never stored. */
export interface CreateApiKeyResult extends ApiKeyInfo {
  readonly key: string;
}

const KEY_PREFIX = 'tok_';

/**
 * SHA-256 of a key. A plain fast hash is right here (unlike passwords): keys are 256 random
 * bits, so there is nothing to brute-force, and every request must verify one quickly.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Creates a key with a role; returns it once (only its hash is stored). */
export async function createApiKey(idb: IntegrateDb, role: ApiRole, label?: string): Promise<CreateApiKeyResult> {
  if (!isApiRole(role)) throw new TraceocrError('INPUT_INVALID', `unknown role ${JSON.stringify(role)}; one of ${API_ROLES.join(', ')}`);
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const id = randomUUID();
  const createdMs = Date.now();
  await idb.write((db) => db.insertInto('integrate_api_keys').values({
    id, key_hash: hashApiKey(key), role, label: label ?? null, created_ms: createdMs, revoked_ms: null,
  }).execute());
  return { id, role, label: label ?? null, createdAt: new Date(createdMs), key };
}

/** Looks a presented key up; undefined when unknown or revoked. */
export async function verifyApiKey(idb: IntegrateDb, key: string): Promise<ApiKeyInfo | undefined> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return undefined;
  const row = await idb.db.selectFrom('integrate_api_keys').selectAll().where('key_hash', '=', hashApiKey(key)).executeTakeFirst();
  if (row === undefined || row.revoked_ms !== null || !isApiRole(row.role)) return undefined;
  return { id: row.id, role: row.role, label: row.label, createdAt: new Date(Number(row.created_ms)) };
}

/** Lists keys (without hashes). */
export async function listApiKeys(idb: IntegrateDb): Promise<(ApiKeyInfo & { revoked: boolean })[]> {
  const rows = await idb.db.selectFrom('integrate_api_keys').selectAll().orderBy('created_ms').execute();
  return rows.filter((r) => isApiRole(r.role)).map((r) => ({
    id: r.id, role: r.role as ApiRole, label: r.label, createdAt: new Date(Number(r.created_ms)), revoked: r.revoked_ms !== null,
  }));
}

/** Revokes a key by id; false when no such key. */
export async function revokeApiKey(idb: IntegrateDb, id: string): Promise<boolean> {
  const res = await idb.write((db) => db.updateTable('integrate_api_keys').set({ revoked_ms: Date.now() }).where('id', '=', id).where('revoked_ms', 'is', null).executeTakeFirst());
  return Number(res.numUpdatedRows) > 0;
}
