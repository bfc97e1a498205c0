// What a report says: made only for a decision whose actions include `report`, citing the rule that asked for it
// (001 §2(1) red held and handed over; 003 §17 yellow held and reported; 002 §4(1) red/yellow at a hospital
// admitted escorted and reported), with the person only as the record masks them.
import { describe, expect, it } from 'vitest';
import {
  amendedEntry,
  codeEntry,
  decideEntry,
  overrideEntry,
  type EntryPlace,
} from '../../src/core/entry.ts';
import { codeInput } from '../../src/core/entry-input.ts';
import { chainRecord, type DecisionRecord } from '../../src/core/log.ts';
import { POLICIES, type VenueCategory } from '../../src/core/policy/index.ts';
import type { Colour } from '../../src/core/hcq1/types.ts';
import { amendedBy, filesItsReport, reportFacts, staffOf } from '../../src/core/report.ts';
import { claims } from '../support/codes.ts';

const AT = Date.UTC(2021, 11, 1, 8);

/** The record a device logs for a verified code of `colour` at a `venue` under `policy`. */
function scanned(policy: string, venue: VenueCategory, colour: Colour) {
  const p = POLICIES[policy]!;
  const place: EntryPlace = { policy: p, venueId: 'v', atMs: AT };
  const c = claims({ colour }, AT / 1000);
  const entry = codeEntry(
    place,
    c,
    decideEntry(p, { ...codeInput(c, venue, AT / 1000), temperature: 36.6 }, false),
  );
  return chainRecord(entry, { id: 'r1', deviceId: 'd1', prev: null });
}

describe('reportFacts', () => {
  it.each([
    ['zhejiang-2020', 'mall', 'red', 'red', 'red-no-entry', '001 §2(1)'],
    ['chongqing-2021', 'mall', 'yellow', 'yellow', 'yellow-hold-report', '003 §17'],
    ['yunnan-2020', 'medical', 'red', 'red', 'red-yellow-medical', '002 §4(1), 000 §6(3)1'],
  ] as const)('%s at a %s, %s code: a %s report citing %s', (policy, venue, colour, reported, rule, cite) => {
    const facts = reportFacts(scanned(policy, venue, colour), POLICIES[policy]!);
    expect(facts).toEqual({
      colour: reported,
      maskedName: '张*三',
      idLast4: '123X',
      subject: expect.stringMatching(/^[0-9a-f]{32}$/),
      rule,
      cite,
      staff: null,
    });
  });

  it.each([
    ['zhejiang-2020', 'mall', 'green'],
    ['zhejiang-2020', 'mall', 'yellow'],
  ] as const)('%s at a %s, %s code: no report (no `report` action)', (policy, venue, colour) => {
    expect(reportFacts(scanned(policy, venue, colour), POLICIES[policy]!)).toBeNull();
  });

  it('keeps the rule id with an empty citation when the policy is not known here', () => {
    expect(reportFacts(scanned('zhejiang-2020', 'mall', 'red'), null)).toMatchObject({
      rule: 'red-no-entry',
      cite: '',
    });
  });
});

/** What happens at the door after the scan: a temperature taken, or a supervisor's decision. */
type Step = { temperature: number } | { override: 'admit' | 'deny' };

/**
 * The records a device logs for one person: the scan of a `colour` code at a `venue` (with `temperature` if
 * taken at once, else none), then each step as an amendment of the record before it.
 */
function decision(
  policy: string,
  venue: VenueCategory,
  colour: Colour,
  temperature: number | null,
  steps: readonly Step[],
): DecisionRecord[] {
  const p = POLICIES[policy]!;
  const c = claims({ colour }, AT / 1000);
  const input = { ...codeInput(c, venue, AT / 1000), ...(temperature === null ? {} : { temperature }) };
  const first = codeEntry({ policy: p, venueId: 'v', atMs: AT }, c, decideEntry(p, input, false));
  const records = [chainRecord(first, { id: 'r0', deviceId: 'd1', prev: null })];
  for (const [i, step] of steps.entries()) {
    const was = records[records.length - 1]!;
    const atMs = AT + (i + 1) * 1000;
    const next =
      'override' in step
        ? overrideEntry(was, was.id, atMs, step.override, 'supervisor')
        : amendedEntry(
            was,
            was.id,
            atMs,
            { ...input, ...step },
            decideEntry(p, { ...input, ...step }, false),
          );
    records.push(chainRecord(next, { id: `r${i + 1}`, deviceId: 'd1', prev: was }));
  }
  return records;
}

describe('filesItsReport: one report per person at the door, from the first record that asks for one', () => {
  it.each([
    // 002 §4(1), 000 §6(3)1 (Yunnan): a hospital admits red escorted and reported, once the temperature is in
    // (000 §7(2)3): the scan asks for a temperature and no report; the temperature's amendment files it.
    ['yunnan-2020', 'medical', 'red', null, [{ temperature: 36.6 }], [1]],
    ['yunnan-2020', 'medical', 'yellow', null, [{ temperature: 36.6 }], [1]],
    // A fever keeps red from the hospital's door too: held and reported, filed by the amendment.
    ['yunnan-2020', 'medical', 'red', null, [{ temperature: 38.4 }], [1]],
    // The supervisor's deny after it keeps the report's actions: the decision is reported once.
    ['yunnan-2020', 'medical', 'red', null, [{ temperature: 36.6 }, { override: 'deny' }], [1]],
    // Temperature taken at the scan: the scan files it; taking it again does not file again.
    ['yunnan-2020', 'medical', 'red', 36.6, [{ temperature: 36.8 }], [0]],
    // 001 §2(1) (Zhejiang): red held and reported at the scan; an override admit then a new temperature, which
    // asks again two amendments later, files nothing more.
    ['zhejiang-2020', 'mall', 'red', null, [{ override: 'deny' }], [0]],
    ['yunnan-2020', 'mall', 'red', 36.6, [{ override: 'admit' }, { temperature: 36.7 }], [0]],
    // 003 §17 (Chongqing): yellow found, held and reported.
    ['chongqing-2021', 'mall', 'yellow', null, [], [0]],
    ['zhejiang-2020', 'mall', 'green', null, [{ override: 'deny' }], []],
  ] as const)(
    '%s at a %s, %s code (temperature %s), then %j: filed by record(s) %j',
    async (policy, venue, colour, temperature, steps, filed) => {
      const records = decision(policy, venue, colour, temperature, steps);
      const byId = new Map(records.map((r) => [r.id, r]));
      const filing: number[] = [];
      for (const [i, r] of records.entries())
        if (await filesItsReport(r, (id) => byId.get(id))) filing.push(i);
      expect(filing).toEqual(filed);
      if (policy === 'yunnan-2020' && venue === 'medical' && temperature === null)
        expect(records[0]!.actions).not.toContain('report');
    },
  );

  it('follows amendments back until a record is missing, and stops at a cycle', async () => {
    const r = (id: string, amends?: string) => ({ id, ...(amends ? { amends } : {}) });
    const known = new Map([r('a'), r('b', 'a'), r('c', 'b'), r('x', 'y'), r('y', 'x')].map((x) => [x.id, x]));
    const ids = async (id: string) => (await amendedBy(known.get(id)!, (k) => known.get(k))).map((x) => x.id);
    expect(await ids('c')).toEqual(['b', 'a']);
    expect(await ids('x')).toEqual(['y']);
    expect(await amendedBy(r('d', 'gone'), (k) => known.get(k))).toEqual([]);
  });
});

describe('staffOf', () => {
  it.each([
    [{ staff: 'No. 7' }, 'No. 7'],
    [{ staff: { id: 's-12', name: 'Wang' } }, 's-12'],
    [{ staff: { name: 'Wang' } }, 'Wang'],
    [{ staff: '' }, null],
    [{ staff: 42 }, null],
    [{}, null],
  ])('%j names %j', (record, staff) => {
    expect(staffOf(record)).toBe(staff);
  });
});
