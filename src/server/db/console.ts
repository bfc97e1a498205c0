// The console's people: one-time sign-in grants, the sessions they open, and the audit log of every change.
// Only SHA-256 hashes of grant tokens and session ids are stored; the database is the only state.
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { ConsoleRole } from '../../core/console-wire.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Sql } from './sql.js';

/** How long a sign-in link may wait to be used. */
export const GRANT_TTL_MS = 15 * 60_000;

/** A signed-in console user: what they may see, and the label the audit log knows them by. */
export interface ConsoleSession {
  idHash: string;
  role: ConsoleRole;
  /** A manager's venues; empty for the authority, which sees all. */
  venueIds: string[];
  label: string;
  expiresAt: number;
}

/** One row of the audit log: who changed what, when. */
export interface AuditEntry {
  at: number;
  label: string;
  role: ConsoleRole | 'admin';
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

/** What a grant gives when it is used. */
export interface Grant {
  role: ConsoleRole;
  venueIds: string[];
  label: string;
  sessionTtlMs: number;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

interface SessionRow {
  id_hash: string;
  role: ConsoleRole;
  venue_ids: string;
  label: string;
  expires_at: number;
}

/** Grants, sessions and the audit log. */
export class ConsoleRepo {
  constructor(private readonly sql: Sql) {}

  /** A new one-time sign-in token (to put in a link); only its hash is stored. */
  async grant(g: Grant, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + GRANT_TTL_MS;
    await this.sql.run(
      `INSERT INTO console_grants (token_hash, role, venue_ids, label, session_ttl_ms, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [sha256Hex(token), g.role, JSON.stringify(g.venueIds), g.label, g.sessionTtlMs, now, expiresAt],
    );
    return { token, expiresAt };
  }

  /** Uses a grant's token, once and in time, to open a session; returns the session id (the cookie's value). */
  async signIn(
    token: string,
    now = Date.now(),
  ): Promise<Result<{ id: string; session: ConsoleSession }, 'bad-token'>> {
    const hash = sha256Hex(token);
    return this.sql.tx(async (q) => {
      // The conditional update is the one-time guarantee when the link is opened twice at once.
      const used = await q.all<{
        role: ConsoleRole;
        venue_ids: string;
        label: string;
        session_ttl_ms: number;
      }>(
        `UPDATE console_grants SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1
         RETURNING role, venue_ids, label, session_ttl_ms`,
        [now, hash],
      );
      const g = used[0];
      if (!g) return err('bad-token');
      const id = randomBytes(32).toString('base64url');
      const session: ConsoleSession = {
        idHash: sha256Hex(id),
        role: g.role,
        venueIds: JSON.parse(g.venue_ids) as string[],
        label: g.label,
        expiresAt: now + Number(g.session_ttl_ms),
      };
      await q.run(
        `INSERT INTO console_sessions (id_hash, role, venue_ids, label, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [session.idHash, session.role, g.venue_ids, session.label, now, session.expiresAt],
      );
      return ok({ id, session });
    });
  }

  /** The live session a cookie's id opens, or null (unknown, expired or revoked). */
  async session(id: string, now = Date.now()): Promise<ConsoleSession | null> {
    const [row] = await this.sql.all<SessionRow>(
      `SELECT id_hash, role, venue_ids, label, expires_at FROM console_sessions
       WHERE id_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
      [sha256Hex(id), now],
    );
    if (!row) return null;
    return {
      idHash: row.id_hash,
      role: row.role,
      venueIds: JSON.parse(row.venue_ids) as string[],
      label: row.label,
      expiresAt: Number(row.expires_at),
    };
  }

  /** Ends one session (signing out). */
  async endSession(idHash: string, now = Date.now()): Promise<void> {
    await this.sql.run(
      'UPDATE console_sessions SET revoked_at = $1 WHERE id_hash = $2 AND revoked_at IS NULL',
      [now, idHash],
    );
  }

  /** Revokes the sessions and unused grants of a label (or all); returns how many. */
  async revoke(which: { label: string } | { all: true }, now = Date.now()): Promise<number> {
    const byLabel = 'label' in which;
    const filter = byLabel ? ' AND label = $2' : '';
    const params = byLabel ? [now, which.label] : [now];
    return this.sql.tx(
      async (q) =>
        (await q.run(
          `UPDATE console_sessions SET revoked_at = $1 WHERE revoked_at IS NULL${filter}`,
          params,
        )) +
        (await q.run(
          `UPDATE console_grants SET revoked_at = $1 WHERE revoked_at IS NULL AND used_at IS NULL${filter}`,
          params,
        )),
    );
  }

  /** Writes an audit-log row. */
  async audit(e: AuditEntry): Promise<void> {
    await this.sql.run(
      'INSERT INTO audit_log (id, at, label, role, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [uuidv7(), e.at, e.label, e.role, e.action, e.target, JSON.stringify(e.detail)],
    );
  }

  /** The audit log, newest first. */
  async auditLog(limit = 200): Promise<AuditEntry[]> {
    const rows = await this.sql.all<{
      at: number;
      label: string;
      role: AuditEntry['role'];
      action: string;
      target: string;
      detail: string;
    }>(
      `SELECT at, label, role, action, target, detail FROM audit_log ORDER BY at DESC, id DESC LIMIT ${limit}`,
    );
    return rows.map((r) => ({
      ...r,
      at: Number(r.at),
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }
}
