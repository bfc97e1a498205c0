// Server settings in the meta table, and the root key that signs bundles (made once, by whichever server is first).
import nacl from 'tweetnacl';
import { fromBase64, toBase64 } from '../../core/bytes.js';
import type { RootSigner } from '../../core/root-sign.js';
import { nodeRootSigner } from '../root-signer.js';
import type { Sql, SqlRunner } from './sql.js';

/** The root signing key pair (tweetnacl: the secret key's last 32 bytes are the public key). */
export interface RootKey extends RootSigner {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
  /** True only for the call that made it. */
  created: boolean;
}

/** Sets a meta value inside a transaction or outside it. */
export async function putMeta(q: SqlRunner, key: string, value: string): Promise<void> {
  await q.run(
    'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, value],
  );
}

/** Key-value settings of the server (public URL, demo state, keys). */
export class MetaRepo {
  constructor(private readonly sql: Sql) {}

  /** A value, or null. */
  async get(key: string): Promise<string | null> {
    const rows = await this.sql.all<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
    return rows[0]?.value ?? null;
  }

  /** Sets a value. */
  set(key: string, value: string): Promise<void> {
    return putMeta(this.sql, key, value);
  }

  /** The root signing key, made once: the first writer wins, so parallel first starts agree on one key. */
  async rootKey(): Promise<RootKey> {
    const existing = await this.get('root.secretKey');
    if (!existing) {
      const pair = nacl.sign.keyPair();
      const made = await this.sql.run(
        'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        ['root.secretKey', toBase64(pair.secretKey)],
      );
      if (made === 1) {
        await this.set('root.createdAt', new Date().toISOString());
        return { ...nodeRootSigner(pair.secretKey), secretKey: pair.secretKey, created: true };
      }
      return this.rootKey();
    }
    const secretKey = fromBase64(existing);
    if (!secretKey || secretKey.length !== 64) throw new Error('meta root.secretKey is damaged');
    return { ...nodeRootSigner(secretKey), secretKey, created: false };
  }
}
