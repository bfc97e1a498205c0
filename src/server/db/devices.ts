// Enrolled devices and the one-time tokens that enrol them; only a token's hash is ever stored.
import { createHash, randomBytes } from 'node:crypto';
import { toBase64 } from '../../core/bytes.js';
import { err, ok, type Result } from '../../core/result.js';
import { asNumber, asNumberOrNull, columns, type Row } from './columns.js';
import { isUniqueViolation, type Sql } from './sql.js';

/** An enrolled device as the server knows it. */
export interface Device {
  id: string;
  venueId: string;
  publicKey: string;
  label: string | null;
  enrolledAt: number;
  disabledAt: number | null;
  lastSeenAt: number | null;
  lastSeq: number;
  /** Records received from it since enrolment (purges do not lower it). */
  received: number;
}

/** A device with its open chain problems counted (for `checkpoint device list`). */
export type DeviceSummary = Device & { openGaps: number; forks: number };

/** Why enrolment was refused. */
export type EnrolError = 'token-unknown' | 'token-used' | 'token-expired' | 'device-exists';

const DEVICE = columns<Device>()(
  ['id', 'venueId', 'publicKey', 'label', 'enrolledAt', 'disabledAt', 'lastSeenAt', 'lastSeq', 'received'],
  {
    enrolledAt: asNumber,
    disabledAt: asNumberOrNull,
    lastSeenAt: asNumberOrNull,
    lastSeq: asNumber,
    received: asNumber,
  },
);

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Devices and enrolment tokens. */
export class DeviceRepo {
  constructor(private readonly sql: Sql) {}

  /** A new one-time enrolment token for a venue; only its hash is stored. */
  async createEnrolToken(
    venueId: string,
    ttlMs: number,
    now = Date.now(),
  ): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = now + ttlMs;
    await this.sql.run(
      'INSERT INTO enrol_tokens (token_hash, venue_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [sha256Hex(token), venueId, now, expiresAt],
    );
    return { token, expiresAt };
  }

  /** True when a token is unused and still valid at `at`. */
  async tokenUsable(token: string, at = Date.now()): Promise<boolean> {
    const [row] = await this.sql.all<{ n: number }>(
      'SELECT COUNT(*) AS n FROM enrol_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2',
      [sha256Hex(token), at],
    );
    return Number(row?.n) > 0;
  }

  /** Uses a token to register a device's public key; the token works once and before it expires. */
  async enrol(
    args: { token: string; deviceId: string; publicKey: Uint8Array; label: string | null },
    now = Date.now(),
  ): Promise<Result<Device, EnrolError>> {
    const hash = sha256Hex(args.token);
    try {
      return await this.sql.tx(async (q) => {
        const [t] = await q.all<{ venue_id: string; expires_at: number; used_at: number | null }>(
          'SELECT venue_id, expires_at, used_at FROM enrol_tokens WHERE token_hash = $1',
          [hash],
        );
        if (!t) return err('token-unknown');
        if (t.used_at !== null) return err('token-used');
        if (Number(t.expires_at) <= now) return err('token-expired');
        const [existing] = await q.all<{ id: string }>('SELECT id FROM devices WHERE id = $1', [
          args.deviceId,
        ]);
        if (existing) return err('device-exists');
        // The conditional update is the one-time guarantee when two phones race with the same link.
        const used = await q.run(
          'UPDATE enrol_tokens SET used_at = $1, device_id = $2 WHERE token_hash = $3 AND used_at IS NULL',
          [now, args.deviceId, hash],
        );
        if (used !== 1) return err('token-used');
        await q.run(
          'INSERT INTO devices (id, venue_id, public_key, label, enrolled_at) VALUES ($1, $2, $3, $4, $5)',
          [args.deviceId, t.venue_id, toBase64(args.publicKey), args.label, now],
        );
        const [row] = await q.all<Row>(`SELECT ${DEVICE.list()} FROM devices WHERE id = $1`, [args.deviceId]);
        return ok(DEVICE.read(row!));
      });
    } catch (e) {
      // Two tokens enrolling one device id at the same moment: the loser finds the id taken.
      if (isUniqueViolation(e)) return err('device-exists');
      throw e;
    }
  }

  /** A device by id, or null. */
  async get(id: string): Promise<Device | null> {
    const [row] = await this.sql.all<Row>(`SELECT ${DEVICE.list()} FROM devices WHERE id = $1`, [id]);
    return row ? DEVICE.read(row) : null;
  }

  /** Every device, with its open chain problems counted. */
  async list(): Promise<DeviceSummary[]> {
    const rows = await this.sql.all<Row & { open_gaps: number; forks: number }>(
      `SELECT ${DEVICE.list('d')},
         (SELECT COUNT(*) FROM chain_events e WHERE e.device_id = d.id AND e.kind = 'gap' AND e.resolved_at IS NULL) AS open_gaps,
         (SELECT COUNT(*) FROM chain_events e WHERE e.device_id = d.id AND e.kind = 'fork') AS forks
       FROM devices d ORDER BY d.enrolled_at, d.id`,
    );
    return rows.map((r) => ({ ...DEVICE.read(r), openGaps: Number(r.open_gaps), forks: Number(r.forks) }));
  }

  /** Disables a device: its later uploads and bundle requests are refused. Null when there is no such device. */
  async disable(id: string, now = Date.now()): Promise<Device | null> {
    await this.sql.run('UPDATE devices SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL', [
      now,
      id,
    ]);
    return this.get(id);
  }
}
