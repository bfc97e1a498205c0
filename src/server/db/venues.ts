// Venues and the settings their devices apply; a venue travels in its devices' bundles, so adding one is a trust change.
import { randomUUID } from 'node:crypto';
import { asNumber, columns, type Row } from './columns.js';
import type { Sql } from './sql.js';
import { bumpVersion } from './trust.js';

/** A venue and the settings its devices apply. */
export interface Venue {
  id: string;
  name: string;
  category: string;
  policy: string;
  settings: Record<string, unknown>;
  createdAt: number;
}

const VENUE = columns<Venue>()(['id', 'name', 'category', 'policy', 'settings', 'createdAt'], {
  settings: (v) => JSON.parse(String(v)) as Record<string, unknown>,
  createdAt: asNumber,
});

/** The venues table. */
export class VenueRepo {
  constructor(private readonly sql: Sql) {}

  /** Adds a venue. */
  async add(v: Omit<Venue, 'id' | 'createdAt'>, now = Date.now()): Promise<Venue> {
    const id = randomUUID();
    await this.sql.tx(async (q) => {
      const version = await bumpVersion(q);
      await q.run(
        'INSERT INTO venues (id, name, category, policy, settings, created_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [id, v.name, v.category, v.policy, JSON.stringify(v.settings), now, version],
      );
    });
    return { ...v, id, createdAt: now };
  }

  /** A venue by id, or null. */
  async get(id: string): Promise<Venue | null> {
    const [row] = await this.sql.all<Row>(`SELECT ${VENUE.list()} FROM venues WHERE id = $1`, [id]);
    return row ? VENUE.read(row) : null;
  }

  /** Every venue, oldest first. */
  async list(): Promise<Venue[]> {
    const rows = await this.sql.all<Row>(`SELECT ${VENUE.list()} FROM venues ORDER BY created_at, id`);
    return rows.map(VENUE.read);
  }
}
