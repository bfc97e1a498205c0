// The checkpoint model: what is decided, logged and shown for codes, manual entries, amendments and overrides.
import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import type { HealthClaims } from '../../src/core/hcq1/types.js';
import { newIssuerKey, type IssuerSecret } from '../../src/core/issuer.js';
import { zhejiang2020 } from '../../src/core/policy/policies/zhejiang-2020.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { err, ok } from '../../src/core/result.js';
import type { DecisionEntry } from '../../src/core/log.js';
import { createCheckpoint } from '../../src/models/checkpoint.js';
import { createTrustModel } from '../../src/models/trust.js';
import { hashPin } from '../../src/models/pin.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/store/settings.js';
import type { RevocationEntry } from '../../src/core/revocations.js';
import { signedCode } from '../support/codes.js';
import { storedRecord } from '../support/entries.js';

const NOW = Date.UTC(2021, 11, 1, 8); // ms
const nowS = NOW / 1000;

// Codes made two minutes before NOW, for a holder whose subject is 05…05.
const code = (issuer: IssuerSecret, over: Partial<HealthClaims> = {}) =>
  signedCode(issuer, { iat: nowS - 120, subject: new Uint8Array(16).fill(5), ...over }, nowS);

async function setup(
  opts: {
    settings?: Partial<Settings>;
    failLog?: boolean;
    trustAgeMs?: number;
    revocations?: RevocationEntry[];
  } = {},
) {
  const issuer = newIssuerKey('CN-ZJ', nowS - 86400 * 365);
  const logged: DecisionEntry[] = [];
  const feedback: string[] = [];
  const settings = signal<Settings>({ ...DEFAULT_SETTINGS, category: 'museum', ...opts.settings });
  const trust = createTrustModel(
    null,
    async () => undefined,
    () => NOW - (opts.trustAgeMs ?? 3600_000),
  );
  await trust.replace({
    keys: [issuer.key],
    revocations: opts.revocations ?? [],
    authorityKey: null,
    updatedAt: NOW - (opts.trustAgeMs ?? 3600_000),
    source: 'file',
    version: null,
    maxOfflineSeconds: null,
  });
  const model = createCheckpoint({
    settings,
    trust,
    ed25519: naclEd25519,
    now: () => NOW,
    feedback: (d) => feedback.push(d),
    append: async (entry) => {
      if (opts.failLog) return err({ kind: 'quota', message: 'QuotaExceededError' });
      logged.push(entry);
      return ok(storedRecord(entry, `rec-${logged.length}`, logged.length));
    },
  });
  return { issuer, logged, feedback, model, settings };
}

describe('scanning a code', () => {
  it('admits a valid green code, logs it with the masked name and pseudonymous subject, then shows it', async () => {
    const { issuer, logged, feedback, model } = await setup();
    await model.scan(code(issuer));
    const view = model.current.value;
    expect(view?.decision).toBe('admit');
    expect(view?.entry).toMatchObject({
      result: 'ok',
      colour: 'green',
      maskedName: '张*三',
      idLast4: '123X',
      iss: 'CN-ZJ',
    });
    expect(view?.entry.subject).toBe('05'.repeat(16));
    expect(view?.issuedAt).toBe(nowS - 120);
    expect(view?.recordId).toBe('rec-1');
    expect(logged).toHaveLength(1);
    expect(feedback).toEqual(['admit']);
  });

  it('denies a yellow code at a museum with the policy’s reasons (001 §2(2))', async () => {
    const { issuer, model } = await setup();
    await model.scan(code(issuer, { colour: 'yellow' }));
    expect(model.current.value?.decision).toBe('deny');
    expect(model.current.value?.reasons.map((r) => r.rule)).toContain('yellow-restricted-venues');
  });

  it('denies a code from an untrusted issuer without showing or logging its claims', async () => {
    const { logged, model } = await setup();
    const stranger = newIssuerKey('CN-ZJ', nowS - 86400);
    await model.scan(code(stranger));
    expect(model.current.value?.decision).toBe('deny');
    expect(model.current.value?.entry).toMatchObject({
      result: 'unknown-key',
      maskedName: null,
      idLast4: null,
      subject: null,
    });
    expect(logged[0]?.result).toBe('unknown-key');
  });

  it('says a QR that is no health code is not one', async () => {
    const { model } = await setup();
    await model.scan('https://example.com/pay?id=1');
    expect(model.current.value).toMatchObject({ decision: 'deny', notHealthCode: true });
  });

  it('logs the same code once when it is seen again within a few seconds', async () => {
    const { issuer, logged, model } = await setup();
    const text = code(issuer);
    await Promise.all([model.scan(text), model.scan(text), model.scan(text)]);
    expect(logged).toHaveLength(1);
  });

  it('logs a code held in front of the camera once, however many frames see it, even after "next"', async () => {
    const { issuer, logged, model } = await setup();
    const held = code(issuer);
    for (let frame = 0; frame < 5; frame++) await model.scan(held, 'camera');
    model.dismiss();
    await model.scan(held, 'camera');
    expect(logged).toHaveLength(1);
    await model.scan(code(issuer, { name: '李*' }), 'camera');
    expect(logged.map((e) => e.maskedName)).toEqual(['张*三', '李*']);
  });

  it('ignores the camera while a decision is on screen, but not the scanner gun', async () => {
    const { issuer, logged, model } = await setup();
    await model.scan(code(issuer), 'camera');
    await model.scan(code(issuer, { name: '李*' }), 'camera');
    expect(logged).toHaveLength(1);
    await model.scan(code(issuer, { name: '王*' }), 'gun');
    expect(logged.map((e) => e.maskedName)).toEqual(['张*三', '王*']);
  });

  it('never shows admit when the log write fails, and says why', async () => {
    const { issuer, feedback, model } = await setup({ failLog: true });
    await model.scan(code(issuer));
    expect(model.current.value).toMatchObject({
      decision: 'deny',
      recordId: null,
      logError: { kind: 'quota' },
    });
    expect(model.current.value?.entry.decision).toBe('admit');
    expect(feedback).toEqual(['deny']);
  });

  it('refuses to admit once the trust data is older than the policy allows', async () => {
    const { issuer, model } = await setup({ trustAgeMs: 25 * 3600_000 });
    await model.scan(code(issuer));
    expect(model.current.value).toMatchObject({ decision: 'deny', trustStale: true });
    expect(model.current.value?.entry.rules).toEqual(['trust-data-too-old']);
  });
});

describe('policies', () => {
  it('uses a policy delivered by a bundle when the settings name it, before the shipped one', async () => {
    const issuer = newIssuerKey('CN-ZJ', nowS - 86400);
    const trust = createTrustModel(
      null,
      async () => undefined,
      () => NOW,
    );
    await trust.replace({
      keys: [issuer.key],
      revocations: [],
      authorityKey: null,
      updatedAt: NOW,
      source: 'file',
      version: null,
      maxOfflineSeconds: null,
    });
    const strict = { ...zhejiang2020, version: 99, rules: [] };
    const model = createCheckpoint({
      settings: signal<Settings>({ ...DEFAULT_SETTINGS, policy: 'zhejiang-2020', category: 'office' }),
      trust,
      ed25519: naclEd25519,
      now: () => NOW,
      feedback: () => undefined,
      findPolicy: (name) => (name === 'zhejiang-2020' ? strict : undefined),
      append: async (entry) => ok(storedRecord(entry, 'r', 1)),
    });
    await model.scan(code(issuer));
    // With no rule at all, nothing admits: the delivered policy (version 99) decided, not the shipped one.
    expect(model.current.value).toMatchObject({ decision: 'deny', entry: { policyVersion: 99 } });
    // Loaded from files, the trust data has no bundle version to name.
    expect(model.policyOrigin()).toEqual({ kind: 'bundle', bundleVersion: null });
  });

  it('says the policy in force is the shipped one when no bundle delivered it', async () => {
    const { model } = await setup();
    expect(model.policyOrigin()).toEqual({ kind: 'shipped' });
    expect(model.policy()).toBe(zhejiang2020);
  });
});

describe('amending a decision', () => {
  it('turns an admit into a deny when a fever is entered at a supermarket (fever is yellow, 001 §1(2)), as a new record that amends the first', async () => {
    const { issuer, logged, model } = await setup({ settings: { category: 'supermarket' } });
    await model.scan(code(issuer));
    expect(model.current.value?.decision).toBe('admit');
    await model.amendTemperature(38.1);
    expect(model.current.value?.decision).toBe('deny');
    expect(logged[1]).toMatchObject({ temperature: 38.1, decision: 'deny', amends: 'rec-1' });
  });

  it('keeps an admit with a normal temperature', async () => {
    const { issuer, model } = await setup({ settings: { category: 'office' } });
    await model.scan(code(issuer));
    await model.amendTemperature(36.5);
    expect(model.current.value).toMatchObject({ decision: 'admit', entry: { temperature: 36.5 } });
  });

  it('lets a supervisor override only with the right PIN and a reason, logged as an override', async () => {
    const { issuer, logged, model, settings } = await setup();
    await model.scan(code(issuer, { colour: 'yellow' }));
    expect(await model.override('admit', 'staff member', '1234')).toEqual(err('no-pin-set'));
    settings.value = { ...settings.value, supervisorPin: hashPin('1234') };
    expect(await model.override('admit', 'staff member', '9999')).toEqual(err('bad-pin'));
    expect(await model.override('admit', '  ', '1234')).toEqual(err('no-reason'));
    expect(await model.override('admit', 'staff member', '1234')).toEqual(ok(undefined));
    expect(model.current.value?.decision).toBe('admit');
    expect(logged[1]).toMatchObject({
      decision: 'admit',
      amends: 'rec-1',
      override: { decision: 'admit', engineDecision: 'deny', reason: 'staff member' },
      actions: [],
    });
  });
});

describe('manual entry', () => {
  it('decides an elderly person with a mask by the same engine and logs only masked, sealed data', async () => {
    const { logged, model } = await setup({ settings: { category: 'public-transport' } });
    await model.decideManual(
      { kind: 'manual', reason: 'elderly', declared: [] },
      { maskedName: '李*', idLast4: '0018', sealed: 'c2VhbGVk', temperature: 36.4, mask: true, proxy: true },
    );
    expect(model.current.value?.decision).toBe('admit');
    expect(model.current.value?.proxy).toBe(true);
    expect(logged[0]).toMatchObject({
      source: 'manual',
      result: 'manual',
      maskedName: '李*',
      sealed: 'c2VhbGVk',
    });
  });

  it('denies a manual entry that declares contact with a case', async () => {
    const { model } = await setup({ settings: { category: 'public-transport' } });
    await model.decideManual(
      { kind: 'manual', reason: 'elderly', declared: ['contact'] },
      { maskedName: '李*', idLast4: '0018', sealed: 'x', temperature: null, mask: true, proxy: false },
    );
    expect(model.current.value?.decision).toBe('deny');
  });
});

describe('what staff see at the door', () => {
  // 001 §2(2): “黄码”人员在全程正确佩戴口罩情况下,允许乘坐出租车、网约车等交通工具。
  it('001 §2(2) offers "mask worn" for a yellow code in a taxi, and admits once it is reported, keeping it in the record', async () => {
    const { issuer, logged, model } = await setup({ settings: { category: 'taxi' } });
    await model.scan(code(issuer, { colour: 'yellow' }));
    expect(model.current.value).toMatchObject({ decision: 'deny', situations: ['mask'] });
    await model.reportSituation('mask', true);
    expect(model.current.value).toMatchObject({ decision: 'admit', outcome: 'admit' });
    expect(logged[1]).toMatchObject({ decision: 'admit', mask: true, amends: 'rec-1' });
    await model.reportSituation('mask', false);
    expect(logged[2]).toMatchObject({ decision: 'deny', mask: false, amends: 'rec-2' });
  });

  it('offers nothing where nothing staff see changes the decision (a yellow code at a museum, 001 §2(2))', async () => {
    const { issuer, model } = await setup({ settings: { category: 'museum' } });
    await model.scan(code(issuer, { colour: 'yellow' }));
    expect(model.current.value?.situations).toEqual([]);
  });

  // 003 §18: 黄码急诊就医人员按照疑似新冠病例做好院感防控,提供诊疗服务。
  it('003 §18 admits a yellow-code emergency at a hospital for care, escorted and reported', async () => {
    const { issuer, logged, model } = await setup({
      settings: { policy: 'chongqing-2021', category: 'medical' },
    });
    await model.scan(code(issuer, { colour: 'yellow' }));
    expect(model.current.value?.situations).toEqual(['emergency', 'test']);
    await model.reportSituation('emergency', true);
    expect(model.current.value).toMatchObject({ decision: 'admit', outcome: 'admit-escorted' });
    expect(logged[1]).toMatchObject({ emergency: true, actions: ['report', 'escort'] });
  });

  // 003 §18: 其他黄码就医人员,应该持有24小时核酸检测阴性证明
  it('003 §18 admits a yellow code at a hospital with a negative test sampled at the HH:MM staff read off it', async () => {
    const { issuer, logged, model } = await setup({
      settings: { policy: 'chongqing-2021', category: 'medical' },
    });
    await model.scan(code(issuer, { colour: 'yellow' }));
    expect(await model.reportTest('7h30')).toEqual(err('bad-time'));
    expect(logged).toHaveLength(1);
    const sampled = new Date(NOW - 2 * 3600_000);
    const clock = `${String(sampled.getHours()).padStart(2, '0')}:${String(sampled.getMinutes()).padStart(2, '0')}`;
    expect(await model.reportTest(clock)).toEqual(ok(undefined));
    expect(model.current.value).toMatchObject({ decision: 'admit', outcome: 'admit-escorted' });
    expect(logged[1]?.paperTest).toEqual({
      result: 'negative',
      sampledAt: sampled.toISOString().replace('.000', ''),
    });
    await model.reportTest(null);
    expect(model.current.value?.decision).toBe('deny');
    expect(logged[2]).not.toHaveProperty('paperTest');
  });

  // 000 §7(2)3: 對于持綠碼的人員,在體溫檢測正常的情況下,應予以放行
  it('000 §7(2)3 shows no admit before a temperature where the policy requires one, and no sound', async () => {
    const { issuer, logged, feedback, model } = await setup({
      settings: { policy: 'yunnan-2020', category: 'office' },
    });
    await model.scan(code(issuer, { colourSince: nowS - 86400 }));
    expect(model.current.value).toMatchObject({ decision: 'deny', awaitingTemperature: true });
    expect(logged[0]).toMatchObject({ decision: 'deny', actions: ['take-temperature'] });
    expect(feedback).toEqual([]);
    await model.amendTemperature(36.5);
    expect(model.current.value).toMatchObject({ decision: 'admit', awaitingTemperature: false });
    expect(logged[1]).toMatchObject({ decision: 'admit', temperature: 36.5, amends: 'rec-1' });
    expect(feedback).toEqual(['admit']);
  });
});

describe('a revoked code', () => {
  const revoked = (colour?: 'yellow' | 'red'): RevocationEntry => ({
    iss: 'CN-ZJ',
    subject: new Uint8Array(16).fill(5),
    before: nowS - 60,
    ...(colour ? { colour } : {}),
  });

  // 003 §14: the status changed after the code was made; the revocation gives the colour now in force.
  it('003 §17 is decided by the colour its revocation gives: yellow at a Chongqing mall is held and reported', async () => {
    const { issuer, logged, model } = await setup({
      settings: { policy: 'chongqing-2021', category: 'mall' },
      revocations: [revoked('yellow')],
    });
    await model.scan(code(issuer));
    expect(model.current.value).toMatchObject({
      decision: 'deny',
      entry: { result: 'revoked', colour: 'yellow' },
    });
    expect(logged[0]?.actions).toEqual(['hold', 'report']);
    expect(logged[0]?.rules).toEqual(['hcq1:revoked', 'yellow-hold-report']);
  });

  it('without a colour, is refused and the person asked for their current code', async () => {
    const { issuer, logged, model } = await setup({ revocations: [revoked()] });
    await model.scan(code(issuer));
    expect(model.current.value).toMatchObject({
      decision: 'deny',
      entry: { result: 'revoked', colour: null },
    });
    expect(logged[0]?.rules).toEqual(['hcq1:revoked']);
  });
});
