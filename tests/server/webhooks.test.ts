// Webhook delivery of reports (issue 13), on SQLite and PostgreSQL: from a durable outbox, signed over the raw
// body by the server's root key, retried with backoff, claimed by one server per attempt, and delivered once
// even when the server is SIGKILLed between a failed attempt and its retry and started again.
import { beforeAll, describe, expect, it } from 'vitest';
import { signBatch, uploadOf } from '../../src/core/batch.js';
import { fromBase64, toBase64 } from '../../src/core/bytes.js';
import type { WebhookBody } from '../../src/core/console-wire.js';
import type { DecisionEntry } from '../../src/core/log.js';
import type { ServerDb } from '../../src/server/db/index.js';
import { retryDelayMs } from '../../src/server/db/webhooks.js';
import { deliverDue } from '../../src/server/webhook-delivery.js';
import { chain } from '../support/chains.js';
import { ingest } from '../support/console.js';
import { cli, cliChild, ensureBuilt, locationArgs } from '../support/cli.js';
import { entry } from '../support/entries.js';
import { postJson, serveChild } from '../support/serve.js';
import { BACKENDS, suiteDb, enrolDevice, type EnrolledDevice } from '../support/server.js';
import { receiver, signedByRoot } from '../support/webhooks.js';
import { until } from '../support/wait.js';

/** A red code held and reported (001 §2(1), rule red-no-entry). */
const red = (seq: number): DecisionEntry =>
  entry(new Date(Date.now() - 60_000 + seq).toISOString(), {
    colour: 'red',
    decision: 'deny',
    actions: ['hold', 'report', 'escort'],
    rules: ['red-no-entry'],
  });

const uploadReports = (db: ServerDb, d: EnrolledDevice, n = 1) => ingest(db, d, red, n);

const outboxRow = async (db: ServerDb) =>
  (
    await db.sql.all<{ attempts: number; state: string; last_error: string | null; next_at: number }>(
      'SELECT attempts, state, last_error, next_at FROM report_outbox',
    )
  )[0];

describe.each(BACKENDS)('webhooks on $name', ({ make }) => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('backs off 1 s, 2 s, 4 s … up to 5 minutes', () => {
    expect([1, 2, 3, 4, 9, 10, 19].map(retryDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 256_000, 300_000, 300_000,
    ]);
  });

  describe('in process', () => {
    const t = suiteDb(make);

    it('delivers a new report signed by the root key, retries a 500 after the backoff, and shows the state', async () => {
      const hook = await receiver([500]);
      try {
        const d = await enrolDevice(t.db);
        await t.db.webhooks.addRecipient(d.venueId, hook.url);
        await uploadReports(t.db, d);
        const [report] = (await t.db.reports.list({ venue: d.venueId }, null)).reports;
        expect(report?.delivery).toEqual({ state: 'pending', attempts: 0, lastError: null });
        const t0 = Date.now();
        expect(await deliverDue(t.db, {}, t0)).toBe(1);
        expect((await t.db.reports.get(report!.id))?.delivery).toEqual({
          state: 'pending',
          attempts: 1,
          lastError: 'HTTP 500',
        });
        expect(await deliverDue(t.db, {}, t0 + 999)).toBe(0);
        expect(await deliverDue(t.db, {}, Date.now() + 1000)).toBe(1);
        expect((await t.db.reports.get(report!.id))?.delivery).toEqual({
          state: 'delivered',
          attempts: 2,
          lastError: null,
        });
        const root = (await t.db.meta.rootKey()).publicKey;
        expect(hook.got.map((g) => [g.status, g.reportId, signedByRoot(g, root)])).toEqual([
          [500, report!.id, true],
          [200, report!.id, true],
        ]);
        expect((JSON.parse(hook.got[1]!.body) as WebhookBody).report).toMatchObject({
          id: report!.id,
          colour: 'red',
          cite: '001 §2(1)',
        });
        expect(signedByRoot({ ...hook.got[1]!, body: hook.got[1]!.body + ' ' }, root)).toBe(false);
      } finally {
        await hook.close();
      }
    });

    it.each([
      [['--url', 'ftp://example.org/hook'], 2, 'expected an http or https URL'],
      [['--url', 'not a url'], 2, 'not an absolute URL'],
      [['--url', 'https://example.org/hook', '--venue', 'no-such-venue'], 1, 'no venue no-such-venue'],
    ])('venue webhook %j: exit %i, "%s"', async (args, code, message) => {
      const d = await enrolDevice(t.db);
      const flags = args.includes('--venue') ? args : [...args, '--venue', d.venueId];
      const run = await cli(['venue', 'webhook', ...flags, ...locationArgs(t.backend.location())]);
      expect([run.code, run.stderr]).toEqual([code, expect.stringContaining(message)]);
    });

    it('gives each attempt to one claimer only, however many servers ask at once', async () => {
      const d = await enrolDevice(t.db);
      await t.db.webhooks.addRecipient(d.venueId, 'http://127.0.0.1:9/never');
      await uploadReports(t.db, d, 3);
      const others = await Promise.all([t.backend.open(), t.backend.open(), t.backend.open()]);
      try {
        const now = Date.now() + 1;
        const claims = await Promise.all([t.db, ...others].map((s) => s.webhooks.claim(now, 60_000, 10)));
        const ids = claims.flat().map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toHaveLength(3);
      } finally {
        await Promise.all(others.map((o) => o.close()));
      }
    });
  });

  it('delivers exactly once across a SIGKILL between a failed attempt and its retry', async () => {
    const backend = make();
    const hook = await receiver([500]);
    const db = await backend.open();
    let server = await serveChild(backend.location());
    try {
      const d = await enrolDevice(db);
      cliChild([
        'venue',
        'webhook',
        '--venue',
        d.venueId,
        '--url',
        hook.url,
        ...locationArgs(backend.location()),
      ]);
      const signed = await signBatch(
        d.id,
        chain(d.id, d.venueId, 1, null, red),
        d.key.signer,
        new Date().toISOString(),
      );
      if (!signed.ok) throw new Error(signed.error.kind);
      expect((await postJson(`${server.url}/api/v1/batches`, uploadOf(signed.value))).status).toBe(200);
      // The first attempt is answered 500; once the server has written that down, it dies before the retry.
      const failed = await until(async () => {
        const row = await outboxRow(db);
        return row?.last_error === 'HTTP 500' ? row : null;
      });
      await server.stop('SIGKILL');
      expect(hook.got.map((g) => g.status)).toEqual([500]);
      expect(failed).toMatchObject({ attempts: 1, state: 'pending' });

      server = await serveChild(backend.location());
      await until(async () => (await outboxRow(db))?.state === 'delivered');
      // Nothing more comes: the outbox says delivered, in the database every server reads.
      await new Promise((r) => setTimeout(r, 1500));
      const root = fromBase64(
        ((await (await fetch(`${server.url}/api/v1/root`)).json()) as { publicKey: string }).publicKey,
      )!;
      const accepted = hook.got.filter((g) => g.status === 200);
      expect(accepted).toHaveLength(1);
      expect(hook.got).toHaveLength(2);
      expect(signedByRoot(accepted[0]!, root)).toBe(true);
      const [report] = (await db.reports.list({}, null)).reports;
      expect(accepted[0]!.reportId).toBe(report!.id);
      expect(report!.delivery).toEqual({ state: 'delivered', attempts: 2, lastError: null });
      expect(toBase64(root)).toBe(toBase64((await db.meta.rootKey()).publicKey));
    } finally {
      await server.stop('SIGKILL');
      await hook.close();
      await db.close();
      await backend.cleanup();
    }
  }, 60_000);
});
