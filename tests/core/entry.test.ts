// The entry rules: what the log keeps of each decision, and what it never keeps.
import { describe, expect, it } from 'vitest';
import {
  amendedEntry,
  codeEntry,
  decideEntry,
  manualEntry,
  MISREAD,
  misreadEntry,
  overrideEntry,
  refusedCodeEntry,
  reportedFields,
  revokedCodeEntry,
  REVOKED_COLOUR,
  TEMPERATURE_REQUIRED,
  TRUST_TOO_OLD,
  withStaff,
  type EntryDecision,
  type EntryPlace,
} from '../../src/core/entry.ts';
import { codeInput } from '../../src/core/entry-input.ts';
import { isoFromSeconds } from '../../src/core/bytes.ts';
import type { HealthClaims, VerifyResult } from '../../src/core/hcq1/types.ts';
import { claims as holderClaims } from '../support/codes.ts';
import { manualDetails } from '../support/entries.ts';
import type { DecisionEntry } from '../../src/core/log.ts';
import { yunnan2020 } from '../../src/core/policy/policies/yunnan-2020.ts';
import { zhejiang2020 } from '../../src/core/policy/policies/zhejiang-2020.ts';
import type { EntryAction } from '../../src/core/policy/vocabulary.ts';

const AT = Date.UTC(2021, 11, 1, 8, 0, 0, 500); // ms, deliberately not on a whole second
const nowS = Math.floor(AT / 1000);
const place: EntryPlace = { policy: zhejiang2020, venueId: 'venue-1', atMs: AT };

// A holder's claims at AT (tests/support/codes.ts), with a subject of 0xab bytes.
const claims = (over: Partial<HealthClaims> = {}): HealthClaims =>
  holderClaims({ subject: new Uint8Array(16).fill(0xab), ...over }, nowS);
const details = manualDetails;

const denied: EntryDecision = {
  decision: 'deny',
  actions: ['hold', 'report'],
  rules: ['red-no-entry'],
  reasons: [],
  colour: 'red',
  awaitsTemperature: false,
};

/** What every entry made at `place` records of where, when and by which policy. */
const AT_PLACE = {
  at: new Date(AT).toISOString(),
  venueId: 'venue-1',
  policy: zhejiang2020.name,
  policyVersion: zhejiang2020.version,
};

/** What an entry without a person holds in each personal field: nothing. */
const NO_PERSON = Object.fromEntries(
  ['iss', 'subject', 'maskedName', 'idLast4', 'temperature', 'override', 'sealed'].map((field) => [
    field,
    null,
  ]),
);

describe('decideEntry', () => {
  it('refuses to decide on trust data older than the policy allows: a deny that asks for fresh trust data', () => {
    const green = codeInput(claims(), 'office', AT);
    expect(decideEntry(zhejiang2020, green, true)).toEqual({
      decision: 'deny',
      actions: ['update-trust'],
      rules: [TRUST_TOO_OLD],
      reasons: [],
      colour: null,
      awaitsTemperature: false,
    });
  });

  it('otherwise records the policy’s decision, its actions and the rules that decided (001 §2(2))', () => {
    const d = decideEntry(zhejiang2020, codeInput(claims({ colour: 'yellow' }), 'museum', AT), false);
    expect(d).toMatchObject({ decision: 'deny', colour: 'yellow' });
    expect(d.actions).toContain('test');
    expect(d.rules).toContain('yellow-restricted-venues');
    expect(d.rules).toEqual(d.reasons.map((r) => r.rule));
  });

  it('admits a green code where the policy lets it in', () => {
    expect(decideEntry(zhejiang2020, codeInput(claims(), 'office', AT), false)).toMatchObject({
      decision: 'admit',
      colour: 'green',
      awaitsTemperature: false,
    });
  });

  // 000 §7(2)3: 對于持綠碼的人員,在體溫檢測正常的情況下,應予以放行
  it('000 §7(2)3 waits for the temperature where the policy admits only with a normal one: a deny asking for it', () => {
    // Green for a day: within 002 §4(1)'s 14 days.
    const green = codeInput(claims({ colourSince: nowS - 86400 }), 'office', AT);
    expect(decideEntry(yunnan2020, green, false)).toMatchObject({
      decision: 'deny',
      actions: ['take-temperature'],
      rules: [TEMPERATURE_REQUIRED],
      colour: 'green',
      awaitsTemperature: true,
    });
    expect(decideEntry(yunnan2020, { ...green, temperature: 36.5 }, false)).toMatchObject({
      decision: 'admit',
      awaitsTemperature: false,
    });
  });
});

describe('reportedFields', () => {
  const input = codeInput(claims(), 'taxi', AT);
  it.each([
    ['nothing reported', {}, {}],
    ['a mask worn', { mask: true }, { mask: true }],
    ['a mask taken back', { mask: false }, { mask: false }],
    ['an emergency', { emergency: true }, { emergency: true }],
    [
      'a negative test, its sampling time in ISO 8601',
      { paperTest: { result: 'negative' as const, sampledAt: nowS - 7200 } },
      { paperTest: { result: 'negative', sampledAt: isoFromSeconds(nowS - 7200) } },
    ],
  ])('keeps %s', (_case, reported, expected) => {
    expect(reportedFields({ ...input, ...reported })).toEqual(expected);
  });

  it('keeps that a family member declared for the person', () => {
    const person = { kind: 'manual' as const, reason: 'elderly' as const, declared: [], proxy: true };
    expect(reportedFields({ ...input, person })).toEqual({ proxy: true });
  });
});

describe('refusedCodeEntry', () => {
  it.each<[Exclude<VerifyResult, 'ok'>, EntryAction[]]>([
    ['bad-signature', ['verify-identity']],
    ['issuer-mismatch', ['verify-identity']],
    ['expired', ['re-register']],
    ['not-yet-valid', ['re-register']],
    ['revoked', ['re-register']],
    ['key-not-valid', []],
    ['unknown-key', []],
    ['malformed', []],
    ['unsupported', []],
  ])(
    'logs %s as a deny with actions %j, the result as its rule, and no claims (spec §3)',
    (result, actions) => {
      expect(refusedCodeEntry(place, result)).toEqual({
        ...AT_PLACE,
        source: 'scan',
        result,
        colour: null,
        decision: 'deny',
        actions,
        rules: [`hcq1:${result}`],
        ...NO_PERSON,
      });
    },
  );

  it('gives every entry its own list of actions', () => {
    const a = refusedCodeEntry(place, 'expired');
    a.actions.push('hold');
    expect(refusedCodeEntry(place, 'expired').actions).toEqual(['re-register']);
  });
});

describe('codeEntry', () => {
  it('keeps the code’s colour, issuer, pseudonymous subject (hex), masked name and ID ending: no document number', () => {
    const e = codeEntry(place, claims(), denied);
    expect(e).toEqual({
      ...AT_PLACE,
      source: 'scan',
      result: 'ok',
      colour: 'green',
      decision: 'deny',
      actions: ['hold', 'report'],
      rules: ['red-no-entry'],
      iss: 'CN-ZJ',
      subject: 'ab'.repeat(16),
      maskedName: '张*三',
      idLast4: '123X',
      temperature: null,
      override: null,
      sealed: null,
    });
  });

  it('keeps that a family member declared the code (hc.px)', () => {
    expect(codeEntry(place, claims({ proxy: true }), denied).proxy).toBe(true);
  });
});

describe('revokedCodeEntry', () => {
  // 003 §14: a revocation means the status changed after the code was made; its colour is the one now in force.
  it('logs a revoked code decided by its revocation’s colour: result revoked, that colour, the policy’s rules after it', () => {
    const e = revokedCodeEntry(place, claims(), { ...denied, colour: 'yellow' }, 'yellow');
    expect(e).toMatchObject({
      result: 'revoked',
      colour: 'yellow',
      decision: 'deny',
      actions: ['hold', 'report'],
      rules: [REVOKED_COLOUR, 'red-no-entry'],
      maskedName: '张*三',
    });
  });
});

describe('manualEntry', () => {
  it('keeps the masked forms, the sealed box and the temperature, and the colour the rules saw', () => {
    expect(manualEntry(place, details, denied)).toMatchObject({
      source: 'manual',
      result: 'manual',
      colour: 'red',
      decision: 'deny',
      rules: ['red-no-entry'],
      iss: null,
      subject: null,
      maskedName: '李*',
      idLast4: '0018',
      temperature: 36.4,
      sealed: 'c2VhbGVk',
      mask: true,
    });
  });

  it('keeps a family member’s declaration and every answer of the form, no as well as yes', () => {
    const declaration = { fever: false, contact: false, 'risk-area': false, abroad: true };
    const e = manualEntry(place, { ...details, proxy: true, declaration }, denied);
    expect(e).toMatchObject({ proxy: true, declaration });
  });
});

const admitted: DecisionEntry = codeEntry(place, claims(), {
  decision: 'admit',
  actions: [],
  rules: ['green-free'],
  reasons: [],
  colour: 'green',
  awaitsTemperature: false,
});
const later = AT + 30_000;

describe('amendedEntry', () => {
  const input = codeInput(claims(), 'office', AT);

  it('decides again with the temperature, as a new entry that amends the recorded one', () => {
    const e = amendedEntry(admitted, 'rec-1', later, { ...input, temperature: 38.1 }, denied);
    expect(e).toEqual({
      ...admitted,
      at: new Date(later).toISOString(),
      decision: 'deny',
      actions: ['hold', 'report'],
      rules: ['red-no-entry'],
      temperature: 38.1,
      amends: 'rec-1',
    });
  });

  it('keeps what staff reported, and drops what they took back', () => {
    const masked = amendedEntry(admitted, 'rec-1', later, { ...input, mask: true, emergency: true }, denied);
    expect(masked).toMatchObject({ mask: true, emergency: true });
    const { emergency: _e, ...without } = { ...input, mask: true, emergency: true };
    expect(amendedEntry(masked, 'rec-2', later, without, denied)).not.toHaveProperty('emergency');
  });

  it('keeps a revoked code’s first rule through an amendment', () => {
    const revoked = revokedCodeEntry(place, claims(), denied, 'red');
    expect(amendedEntry(revoked, 'rec-1', later, input, denied).rules).toEqual([
      REVOKED_COLOUR,
      'red-no-entry',
    ]);
  });

  it('amends nothing when the first decision was not recorded', () => {
    expect(amendedEntry(admitted, null, later, input, denied)).not.toHaveProperty('amends');
  });
});

describe('overrideEntry', () => {
  const deny = codeEntry(place, claims({ colour: 'yellow' }), { ...denied, colour: 'yellow' });

  it('logs an admit over a deny as an override, with the trimmed reason and without the deny’s instructions', () => {
    expect(overrideEntry(deny, 'rec-1', later, 'admit', '  staff member ')).toEqual({
      ...deny,
      at: new Date(later).toISOString(),
      decision: 'admit',
      actions: [],
      override: { decision: 'admit', engineDecision: 'deny', reason: 'staff member' },
      amends: 'rec-1',
    });
  });

  it('keeps the actions of the decision it overrides when it denies', () => {
    expect(overrideEntry(admitted, 'rec-1', later, 'deny', 'refused to wear a mask')).toMatchObject({
      decision: 'deny',
      actions: [],
      override: { decision: 'deny', engineDecision: 'admit' },
    });
    expect(overrideEntry(deny, 'rec-1', later, 'deny', 'stays denied').actions).toEqual(['hold', 'report']);
  });

  it('keeps what the policy first decided through a second override', () => {
    const first = overrideEntry(deny, 'rec-1', later, 'admit', 'staff member');
    const second = overrideEntry(first, 'rec-2', later + 1000, 'deny', 'wrong person');
    expect(second.override).toEqual({ decision: 'deny', engineDecision: 'deny', reason: 'wrong person' });
    expect(second.amends).toBe('rec-2');
  });
});

describe('misreadEntry', () => {
  it('logs a read that was not a whole code as a misread: no person, no colour, nobody admitted (issue 11 item 4)', () => {
    expect(misreadEntry(place)).toEqual({
      ...AT_PLACE,
      source: 'scan',
      result: 'misread',
      colour: null,
      decision: 'deny',
      actions: [],
      rules: [MISREAD],
      ...NO_PERSON,
    });
  });
});

describe('withStaff', () => {
  const entry = refusedCodeEntry(place, 'expired');
  it.each([
    ['writes the staff member on shift on the entry, trimmed', ' 工号 017 ', { staff: '工号 017' }],
    ['leaves the entry without the field when nobody is named', '  ', {}],
  ])('%s', (_, staff, expected) => {
    const stamped = withStaff(entry, staff);
    expect(stamped).toEqual({ ...entry, ...expected });
    expect('staff' in stamped).toBe('staff' in expected);
  });
});
