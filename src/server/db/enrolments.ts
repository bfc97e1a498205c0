// A venue's enrolment links as its manager sees them: listed (never the token, only its hash as the id) and
// expired on request. Tokens are made by DeviceRepo.createEnrolToken.
import type { Enrolment } from '../../core/console-wire.js';
import type { Sql } from './sql.js';

/** Enrolment links of venues. */
export class EnrolmentRepo {
  constructor(private readonly sql: Sql) {}

  /** A venue's enrolment links, newest first; the id is the token's SHA-256, which cannot open anything. */
  async ofVenue(venueId: string): Promise<Enrolment[]> {
    const rows = await this.sql.all<{
      token_hash: string;
      created_at: number;
      expires_at: number;
      used_at: number | null;
    }>(
      `SELECT token_hash, created_at, expires_at, used_at FROM enrol_tokens WHERE venue_id = $1
       ORDER BY created_at DESC, token_hash`,
      [venueId],
    );
    return rows.map((r) => ({
      id: r.token_hash,
      createdAt: new Date(Number(r.created_at)).toISOString(),
      expiresAt: new Date(Number(r.expires_at)).toISOString(),
      used: r.used_at !== null,
    }));
  }

  /** Expires an unused link of a venue now; false when the venue has no such link. */
  async expire(venueId: string, id: string, now = Date.now()): Promise<boolean> {
    const [row] = await this.sql.all<{ token_hash: string }>(
      'SELECT token_hash FROM enrol_tokens WHERE token_hash = $1 AND venue_id = $2',
      [id, venueId],
    );
    if (!row) return false;
    await this.sql.run(
      'UPDATE enrol_tokens SET expires_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1',
      [now, id],
    );
    return true;
  }
}
