// Issue 11 item 6, "enrolment tokens in logs", against a real `checkpoint serve` logging at info: the link
// carries its token in the fragment, which no browser sends, so opening it logs no token; an old-style
// `?token=` link is logged redacted; and enrolment with the link still works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../src/core/bytes.js';
import { parseEnrolLink } from '../../src/sync/enrol.js';
import { cliChild, ensureBuilt } from '../support/cli.js';
import { postJson, serveChild, type ServeChild } from '../support/serve.js';
import { deviceKey, sqliteBackend } from '../support/server.js';

beforeAll(() => ensureBuilt(), 120_000);

describe('enrolment links and the server log', () => {
  const backend = sqliteBackend();
  let server: ServeChild;

  beforeAll(async () => {
    server = await serveChild(backend.location(), ['--public-url', 'http://127.0.0.1:1'], {
      LOG_LEVEL: 'info',
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await backend.cleanup();
  });

  it('puts the token in the fragment: a phone opening the link sends the server no token, and enrols', async () => {
    const venue = JSON.parse(
      cliChild(
        ['venue', 'add', '--name', 'Gym', '--category', 'office', '--policy', 'zhejiang-2020'],
        backend.location(),
      ).stdout,
    ) as { enrolUrl: string };
    const url = new URL(venue.enrolUrl);
    expect(url.search).toBe('');
    const link = parseEnrolLink(venue.enrolUrl);
    if (!link.ok) throw new Error(link.error);
    // What the browser asks for when it opens the link (fetch, like a browser, leaves the fragment out).
    await fetch(`${server.url}${url.pathname}${url.search}${url.hash}`, { headers: { accept: 'text/html' } });
    const key = deviceKey();
    const enrolled = await postJson(`${server.url}/api/v1/enrol`, {
      token: link.value.token,
      deviceId: crypto.randomUUID(),
      publicKey: toBase64(key.publicKey),
    });
    expect(enrolled.status).toBe(201);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.stderr()).toContain('/enrol');
    expect(server.stderr()).not.toContain(link.value.token);
  });

  it('logs an old-style ?token= link with the token redacted', async () => {
    const secret = 'aVeryPrivateEnrolmentToken0123456789';
    await fetch(`${server.url}/enrol?token=${secret}&root=0011223344556677`, {
      headers: { accept: 'text/html' },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(server.stderr()).toContain('token=[redacted]');
    expect(server.stderr()).not.toContain(secret);
  });
});
