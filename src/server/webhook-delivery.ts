// Delivers reports to venues' webhook recipients from the durable outbox (db/webhooks.ts): POST JSON
// `{ report }`, signed over the raw body with the server's root key (Ed25519), retried with backoff. Any number
// of servers may run this loop on one database: each attempt is claimed by exactly one of them.
import { rootSign, type RootSigning } from '../core/root-sign.js';
import { toBase64 } from '../core/bytes.js';
import { WEBHOOK_REPORT_HEADER, WEBHOOK_SIGNATURE_HEADER, type WebhookBody } from '../core/console-wire.js';
import type { ServerDb } from './db/index.js';
import type { ClaimedDelivery } from './db/webhooks.js';

/** How the loop runs; tests shorten the times. */
export interface DeliveryOptions {
  /** How often the outbox is looked at (one indexed MIN query when nothing is due). */
  pollMs?: number;
  /** How long one POST may take. */
  timeoutMs?: number;
  /** How long a claimed attempt is held before another server may try again (longer than timeoutMs). */
  leaseMs?: number;
  /** Where failures are told (pino's warn in `serve`). */
  onError?: (detail: { reportId: string; url: string; attempt: number; error: string }) => void;
}

/** The signature header's value for a body: `ed25519=<base64 signature>` by the root key. */
export function webhookSignature(body: string, root: RootSigning): string {
  return `ed25519=${toBase64(rootSign(root, new TextEncoder().encode(body)))}`;
}

/** Attempts one claimed delivery; returns null on success, else why it failed. */
async function attempt(db: ServerDb, claimed: ClaimedDelivery, root: RootSigning, timeoutMs: number) {
  const report = await db.reports.get(claimed.reportId);
  if (!report) return 'the report no longer exists';
  const body = JSON.stringify({ report } satisfies WebhookBody);
  try {
    const res = await fetch(claimed.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [WEBHOOK_REPORT_HEADER]: report.id,
        [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(body, root),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return e instanceof Error ? `${e.name}: ${cause ?? e.message}` : String(e);
  }
}

/** Delivers what is due now, once; returns how many attempts were made. */
export async function deliverDue(
  db: ServerDb,
  opts: DeliveryOptions = {},
  now = Date.now(),
): Promise<number> {
  const due = await db.webhooks.nextDue();
  if (due === null || due > now) return 0;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const claimed = await db.webhooks.claim(now, opts.leaseMs ?? Math.max(30_000, timeoutMs * 3));
  if (claimed.length === 0) return 0;
  const root = await db.meta.rootKey();
  await Promise.all(
    claimed.map(async (c) => {
      const error = await attempt(db, c, root, timeoutMs);
      if (error === null) return db.webhooks.delivered(c.id);
      opts.onError?.({ reportId: c.reportId, url: c.url, attempt: c.attempt, error });
      return db.webhooks.failed(c, error);
    }),
  );
  return claimed.length;
}

/** Runs the delivery loop until the signal aborts; resolves when the last round has finished. */
export async function runWebhookDelivery(
  db: ServerDb,
  signal: AbortSignal,
  opts: DeliveryOptions = {},
): Promise<void> {
  const pollMs = opts.pollMs ?? 1000;
  while (!signal.aborted) {
    let made = 0;
    try {
      made = await deliverDue(db, opts);
    } catch (e) {
      // The database away for a moment (restart, failover): the outbox keeps everything; try again later.
      opts.onError?.({
        reportId: '',
        url: '',
        attempt: 0,
        error: e instanceof Error ? e.message : String(e),
      });
    }
    // A full round may have left more due: look again at once; otherwise wait for the next poll.
    if (made === 0) await pause(pollMs, signal);
  }
}

// Waits `ms`, or less when the signal aborts.
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
