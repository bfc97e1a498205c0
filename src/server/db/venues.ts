// Venues and the settings their devices apply; a venue travels in its devices' bundles, so adding one is a trust change.
import { randomUUID } from 'node:crypto';
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

interface VenueRow {
  id: string;
  name: string;
  category: string;
  policy: string;
  settings: string;
  created_at: number;
}

const COLUMNS = 'id, name, category, policy, settings, created_at';

const venueOf = (r: VenueRow): Venue => ({
  id: r.id,
  name: r.name,
  category: r.category,
  policy: r.policy,
  settings: JSON.parse(r.settings) as Record<string, unknown>,
  createdAt: Number(r.created_at),
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
    const rows = await this.sql.all<VenueRow>(`SELECT ${COLUMNS} FROM venues WHERE id = $1`, [id]);
    return rows[0] ? venueOf(rows[0]) : null;
  }

  /** Every venue, oldest first. */
  async list(): Promise<Venue[]> {
    const rows = await this.sql.all<VenueRow>(`SELECT ${COLUMNS} FROM venues ORDER BY created_at, id`);
    return rows.map(venueOf);
  }
}
