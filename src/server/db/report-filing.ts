// Filing reports at ingest: one per decision whose actions include `report` (003 §17, 001 §2(1), 000 §4(5)4),
// in the ingest transaction, with a row per webhook recipient in the outbox.
import { randomUUID } from 'node:crypto';
import type { DecisionRecord } from '../../core/log.js';
import { POLICIES } from '../../core/policy/index.js';
import { amendedBy, filesReport, reportFacts } from '../../core/report.js';
import { inList, type SqlRunner } from './sql.js';
import { enqueueDeliveries } from './webhooks.js';

/** Takes the next change number; the counter row stays locked to commit, so numbers appear in commit order. */
export async function nextSeq(q: SqlRunner): Promise<number> {
  const [row] = await q.all<{ seq: number }>(
    'UPDATE report_clock SET seq = seq + 1 WHERE id = 1 RETURNING seq',
  );
  return Number(row?.seq);
}

// A stored record's id, actions and what it amends (records of this batch are stored before reports are filed).
async function storedRecord(q: SqlRunner, id: string): Promise<DecisionRecord | undefined> {
  const [row] = await q.all<{ body: string }>('SELECT body FROM records WHERE id = $1', [id]);
  return row ? (JSON.parse(row.body) as DecisionRecord) : undefined;
}

/** True when a record of these asks for a report (most batches: none, and then no report is looked at). */
export const reportable = (records: readonly DecisionRecord[]): boolean =>
  records.some((r) => reportFacts(r, POLICIES[r.policy] ?? null) !== null);

/**
 * Files a report for each fresh record whose actions include `report`, inside the ingest transaction, under
 * the venue the server enrolled the device for: one per decision. A record already reported (replayed) files
 * nothing; neither does an amendment (temperature, override) of a decision an earlier record of which asked for
 * a report: it is the same person at the door. An amendment that is the first to ask (Yunnan's hospital, once
 * the temperature is taken) files it.
 */
export async function fileReports(
  q: SqlRunner,
  records: readonly DecisionRecord[],
  deviceId: string,
  venueId: string,
  now: number,
): Promise<number> {
  let filed = 0;
  let region: string | null = null;
  for (const record of [...records].sort((a, b) => a.seq - b.seq)) {
    const facts = reportFacts(record, POLICIES[record.policy] ?? null);
    if (!facts) continue;
    const earlier = await amendedBy(record, (id) => storedRecord(q, id));
    if (!filesReport(record, earlier)) continue;
    const reported = [
      ...new Set([record.id, ...earlier.map((r) => r.id), ...(record.amends ? [record.amends] : [])]),
    ];
    const held = inList(q.dialect, 'record_id', reported, 1, 'text');
    if ((await q.all(`SELECT id FROM reports WHERE ${held.sql}`, held.params)).length > 0) continue;
    if (region === null) {
      const [venue] = await q.all<{ policy: string }>('SELECT policy FROM venues WHERE id = $1', [venueId]);
      region = (venue && POLICIES[venue.policy]?.region) ?? '';
    }
    const id = randomUUID();
    const at = Date.parse(record.at);
    const inserted = await q.run(
      `INSERT INTO reports (id, record_id, venue_id, region, device_id, at_ms, colour, masked_name, id_last4,
         subject, rule, cite, staff, state, created_at, changed_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'new', $14, $15)
       ON CONFLICT (record_id) DO NOTHING`,
      [
        id,
        record.id,
        venueId,
        region,
        deviceId,
        Number.isNaN(at) ? now : at,
        facts.colour,
        facts.maskedName,
        facts.idLast4,
        facts.subject,
        facts.rule,
        facts.cite,
        facts.staff,
        now,
        await nextSeq(q),
      ],
    );
    if (inserted !== 1) continue;
    await enqueueDeliveries(q, id, venueId, now);
    filed++;
  }
  return filed;
}
