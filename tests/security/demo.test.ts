// Issue 11 item 5, "demo issuer trusted everywhere", against a real `checkpoint serve --demo` on SQLite and
// PostgreSQL: the demo issuer is trusted by the demo venue's devices only, and by nobody once the server runs
// without --demo; /demo hands out one link however often it is viewed, built from the server's address, not
// from the Host header; --demo refuses an address beyond this machine unless forced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nacl from 'tweetnacl';
import { fromBase64, toBase64 } from '../../src/core/bytes.js';
import { acceptBundle, bundleRequestBytes, type TrustState } from '../../src/core/bundle.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { verifyHcq1 } from '../../src/core/hcq1/verify.js';
import { RevocationSet } from '../../src/core/revocations.js';
import { TrustSet } from '../../src/core/trust.js';
import type { ServerDb } from '../../src/server/db/index.js';
import { CLI, ensureBuilt, ROOT } from '../support/cli.js';
import { freePort, postJson, serveChild, type ServeChild } from '../support/serve.js';
import { BACKENDS, type Backend } from '../support/server.js';

beforeAll(() => ensureBuilt(), 120_000);

/** GET with any Host header (fetch will not send one of ours). */
function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A phone enrolled over HTTP for a venue, holding the trust its first bundle gave it. */
interface Phone {
  id: string;
  secretKey: Uint8Array;
  root: Uint8Array;
  venueId: string;
  trust: TrustState;
}

async function enrolPhone(server: ServeChild, db: ServerDb, venueId: string): Promise<Phone> {
  const pair = nacl.sign.keyPair();
  const id = crypto.randomUUID();
  const { token } = await db.devices.createEnrolToken(venueId, 60_000);
  const res = await postJson(`${server.url}/api/v1/enrol`, {
    token,
    deviceId: id,
    publicKey: toBase64(pair.publicKey),
  });
  expect(res.status).toBe(201);
  const root = fromBase64(String(res.json.rootKey))!;
  const trust = await acceptBundle(null, res.json.bundle, root, naclEd25519, venueId);
  if (!trust.ok) throw new Error(trust.error.kind);
  return { id, secretKey: pair.secretKey, root, venueId, trust: trust.value };
}

async function refresh(server: ServeChild, phone: Phone): Promise<void> {
  const at = new Date().toISOString();
  const since = phone.trust.version;
  const signature = toBase64(nacl.sign.detached(bundleRequestBytes(phone.id, since, at), phone.secretKey));
  const res = await postJson(`${server.url}/api/v1/bundle`, { deviceId: phone.id, since, at, signature });
  expect(res.status).toBe(200);
  const next = await acceptBundle(phone.trust, res.json.bundle, phone.root, naclEd25519);
  if (!next.ok) throw new Error(next.error.kind);
  phone.trust = next.value;
}

/** What a phone decides of a code with the trust it holds: ok, or why not. */
async function verdict(phone: Phone, code: string): Promise<string> {
  const v = await verifyHcq1(code, {
    trust: TrustSet.from(phone.trust.issuers),
    revocations: RevocationSet.from(phone.trust.revocations),
    now: Math.floor(Date.now() / 1000),
    ed25519: naclEd25519,
  });
  return v.result;
}

/** The demo page's sample codes, by label. */
function samplesOf(page: string): Record<string, string> {
  const json = /<script type="application\/json" id="samples">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '[]';
  const samples = JSON.parse(json) as { label: string; text: string }[];
  return Object.fromEntries(samples.map((s) => [s.label, s.text]));
}

describe.each(BACKENDS)('the demo, on $name', ({ make }) => {
  let backend: Backend;
  let db: ServerDb;
  let server: ServeChild;
  let samples: Record<string, string>;
  let demoPhone: Phone;
  let otherPhone: Phone;

  beforeAll(async () => {
    backend = make();
    db = await backend.open();
    server = await serveChild(backend.location(), ['--demo']);
    samples = samplesOf((await get(server.port, '/demo', `127.0.0.1:${server.port}`)).body);
    const other = await db.venues.add({
      name: 'Office',
      category: 'office',
      policy: 'zhejiang-2020',
      settings: {},
    });
    demoPhone = await enrolPhone(server, db, String(server.started.demoVenue));
    otherPhone = await enrolPhone(server, db, other.id);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await db.close();
    await backend.cleanup();
  });

  it("is trusted by the demo venue's phones and by no other venue's", async () => {
    expect(Object.keys(samples).sort()).toEqual(['expired', 'forged', 'green', 'red', 'revoked', 'yellow']);
    expect(await verdict(demoPhone, samples.green!)).toBe('ok');
    expect(await verdict(demoPhone, samples.revoked!)).toBe('revoked');
    expect(await verdict(otherPhone, samples.green!)).toBe('unknown-key');
    await refresh(server, otherPhone);
    expect(await verdict(otherPhone, samples.green!)).toBe('unknown-key');
  });

  it('hands out one enrolment link however often /demo is viewed, never one built from the Host header', async () => {
    const tokens = async () =>
      Number((await db.sql.all<{ n: number }>('SELECT COUNT(*) AS n FROM enrol_tokens'))[0]?.n);
    const before = await tokens();
    const links = new Set<string>();
    for (let i = 0; i < 21; i++) {
      const page = await get(server.port, '/demo', 'attacker.example');
      expect(page.status).toBe(200);
      links.add(/id="enrol-link" href="([^"]+)"/.exec(page.body)![1]!);
    }
    expect(links.size).toBe(1);
    expect([...links][0]).not.toContain('attacker.example');
    expect(await tokens()).toBeLessThanOrEqual(before + 1);
  });

  it('vanishes when the server starts without --demo: no page, and the demo phones stop trusting its codes', async () => {
    await server.stop();
    server = await serveChild(backend.location());
    expect((await get(server.port, '/demo', `127.0.0.1:${server.port}`)).status).toBe(404);
    await refresh(server, demoPhone);
    expect(await verdict(demoPhone, samples.green!)).not.toBe('ok');
  });
});

describe('serve --demo beyond this machine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-demo-host-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (extra: string[]) => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [CLI, 'serve', '--demo', '--host', '0.0.0.0', '--port', String(port), '--data', dir, ...extra],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let listening = false;
    child.stdout.on('data', (d: Buffer) => {
      if (!d.toString().includes('"url"')) return;
      listening = true;
      child.kill('SIGTERM');
    });
    return new Promise<{ exit: number | null; listening: boolean; err: string }>((resolve) =>
      child.once('exit', (code) => resolve({ exit: listening ? null : code, listening, err })),
    );
  };

  it('is refused with a usage error unless --allow-public-demo says so', async () => {
    const refused = await run([]);
    expect(refused).toMatchObject({ exit: 2, listening: false });
    expect(refused.err).toContain('--allow-public-demo');
    expect(await run(['--allow-public-demo'])).toMatchObject({ listening: true });
  }, 30_000);
});
