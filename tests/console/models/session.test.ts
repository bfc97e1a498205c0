// The console session: a sign-in link's token is exchanged for a session once; without one the page asks
// whether a session is open; a used or expired link says so; signing out and a session the server ended both
// return to sign-in.
import { describe, expect, it } from 'vitest';
import { createConsoleApi } from '../../../src/console/api.js';
import { createSession } from '../../../src/console/models/session.js';
import { AUTHORITY, fakeApi, MANAGER } from '../fake-api.js';

function setUp(state: Parameters<typeof fakeApi>[0] = {}) {
  const fake = fakeApi(state);
  const session = createSession(createConsoleApi({ fetch: fake.fetch, onSignedOut: () => session.ended() }));
  return { fake, session };
}

describe('console session', () => {
  it('signs in with a link token, once', async () => {
    const { fake, session } = setUp({ tokens: new Map([['tok-authority', AUTHORITY]]) });
    await session.start('tok-authority');
    expect(session.state.value).toBe('signed-in');
    expect(session.me.value).toEqual(AUTHORITY);
    await session.signOut();
    await session.start('tok-authority');
    expect(session.state.value).toBe('signed-out');
    expect(session.error.value?.code).toBe('bad-token');
    expect(fake.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /session',
      'DELETE /session',
      'POST /session',
    ]);
  });

  it('without a token, asks whether a session is open', async () => {
    const open = setUp({ me: MANAGER });
    await open.session.start(null);
    expect(open.session.me.value?.role).toBe('manager');
    const none = setUp();
    await none.session.start(null);
    expect(none.session.state.value).toBe('signed-out');
    // No session yet is not an error to show: it is simply the sign-in screen.
    expect(none.session.error.value).toBeNull();
  });

  it('returns to sign-in when the server ends the session (revoked, expired)', async () => {
    const { fake, session } = setUp({ me: MANAGER });
    await session.start(null);
    fake.state.me = null;
    await createConsoleApi({ fetch: fake.fetch, onSignedOut: () => session.ended() }).summary();
    expect(session.state.value).toBe('signed-out');
    expect(session.me.value).toBeNull();
  });

  it('shows a network failure while checking the session', async () => {
    const session = createSession(
      createConsoleApi({ fetch: () => Promise.reject(new TypeError('offline')) }),
    );
    await session.start(null);
    expect(session.error.value?.code).toBe('network');
  });
});
