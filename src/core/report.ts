// What a report says about a decision whose actions include `report` (003 §17, 001 §2(1), 000 §4(5)4): the
// colour found, the person as the record masks them, and the rule that asked for the report with its citation.
import type { DecisionRecord } from './log.js';
import type { Policy } from './policy/types.js';
import type { Report } from './console-wire.js';

/** The facts of a report, all taken from the record (and the rule's citation from its policy). */
export type ReportFacts = Pick<
  Report,
  'colour' | 'maskedName' | 'idLast4' | 'subject' | 'rule' | 'cite' | 'staff'
>;

/** True when the decision asks staff to report the person. */
export const asksReport = (record: Pick<DecisionRecord, 'actions'>): boolean =>
  record.actions.includes('report');

/**
 * True when `record` files its decision's report: it asks for one and none of the records it amends did (those
 * it amends directly or through other amendments, `earlier`). One report per person at the door, whether the
 * `report` action came with the first record or only with an amendment (Yunnan's hospital waits for the
 * temperature before it reports, 002 §4(1), 000 §6(3)1).
 */
export const filesReport = (
  record: Pick<DecisionRecord, 'actions'>,
  earlier: readonly Pick<DecisionRecord, 'actions'>[],
): boolean => asksReport(record) && !earlier.some(asksReport);

/**
 * Whether `record` files its decision's report ({@link filesReport}), the records it amends found through `find`;
 * only a record that asks for a report looks any up.
 */
export async function filesItsReport<R extends Pick<DecisionRecord, 'id' | 'amends' | 'actions'>>(
  record: R,
  find: (id: string) => Promise<R | undefined> | R | undefined,
): Promise<boolean> {
  return asksReport(record) && filesReport(record, await amendedBy(record, find));
}

/** How many amendments deep a decision is followed back; a longer (or cyclic) chain is cut there. */
export const MAX_AMENDS_DEPTH = 64;

/**
 * The records `record` amends, nearest first, as far as `find` knows them: a record not found, a cycle or
 * {@link MAX_AMENDS_DEPTH} ends the walk.
 */
export async function amendedBy<R extends Pick<DecisionRecord, 'id' | 'amends'>>(
  record: R,
  find: (id: string) => Promise<R | undefined> | R | undefined,
): Promise<R[]> {
  const chain: R[] = [];
  const seen = new Set([record.id]);
  for (let next = record.amends; next && !seen.has(next) && chain.length < MAX_AMENDS_DEPTH;) {
    const found = await find(next);
    if (!found) break;
    chain.push(found);
    seen.add(next);
    next = found.amends;
  }
  return chain;
}

/**
 * The staff member a record names: the optional `staff` field (a name or number chosen at shift start), as
 * text or as an object with an `id` or `name`; null when the record names nobody.
 */
export function staffOf(record: object): string | null {
  const staff = (record as { staff?: unknown }).staff;
  if (typeof staff === 'string') return staff || null;
  if (staff && typeof staff === 'object') {
    const { id, name } = staff as { id?: unknown; name?: unknown };
    if (typeof id === 'string' && id) return id;
    if (typeof name === 'string' && name) return name;
  }
  return null;
}

/**
 * The report a record makes, or null when its actions include no `report`. `policy` is the policy the record
 * names (null when unknown: the rule id is kept, its citation left empty).
 */
export function reportFacts(record: DecisionRecord, policy: Policy | null): ReportFacts | null {
  if (!asksReport(record)) return null;
  const rules = policy?.rules ?? [];
  const cited = [...rules, ...(policy?.classify ?? [])];
  const reporting = record.rules.find((id) =>
    rules.some((r) => r.id === id && r.effect.actions.includes('report')),
  );
  const rule = reporting ?? record.rules[0] ?? 'unknown';
  return {
    // Every shipped rule that reports is about a red or a yellow code; anything else is filed as yellow, the
    // lower of the two, rather than lost.
    colour: record.colour === 'red' ? 'red' : 'yellow',
    maskedName: record.maskedName,
    idLast4: record.idLast4,
    subject: record.subject,
    rule,
    cite: cited.find((r) => r.id === rule)?.cite ?? '',
    staff: staffOf(record),
  };
}
