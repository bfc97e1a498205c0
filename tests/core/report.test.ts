// What a report says: made only for a decision whose actions include `report`, citing the rule that asked for it
// (001 §2(1) red held and handed over; 003 §17 yellow held and reported; 002 §4(1) red/yellow at a hospital
// admitted escorted and reported), with the person only as the record masks them.
import { describe, expect, it } from 'vitest';
import { codeEntry, decideEntry, type EntryPlace } from '../../src/core/entry.ts';
import { codeInput } from '../../src/core/entry-input.ts';
import { chainRecord } from '../../src/core/log.ts';
import { POLICIES, type VenueCategory } from '../../src/core/policy/index.ts';
import type { Colour } from '../../src/core/hcq1/types.ts';
import { reportFacts, staffOf } from '../../src/core/report.ts';
import { claims } from '../support/codes.ts';

const AT = Date.UTC(2021, 11, 1, 8);

/** The record a device logs for a verified code of `colour` at a `venue` under `policy`. */
function scanned(policy: string, venue: VenueCategory, colour: Colour) {
  const p = POLICIES[policy]!;
  const place: EntryPlace = { policy: p, venueId: 'v', atMs: AT };
  const c = claims({ colour }, AT / 1000);
  const entry = codeEntry(place, c, decideEntry(p, codeInput(c, venue, AT / 1000), false));
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
