// The console session: signing in with the link's one-time token, who is signed in (role, label, venues),
// signing out, and noticing when the server has ended the session (expired or revoked).
import { signal, type ReadonlySignal } from '@preact/signals';
import type { Me } from '../../core/console-wire.js';
import type { ApiError, ConsoleApi } from '../api.js';

/** Where the session stands. */
export type SessionState = 'checking' | 'signing-in' | 'signed-in' | 'signed-out';

/** The session as the console reads and changes it. */
export interface SessionModel {
  state: ReadonlySignal<SessionState>;
  me: ReadonlySignal<Me | null>;
  /** Why the last sign-in failed (bad-token: the link is used or expired), or null. */
  error: ReadonlySignal<ApiError | null>;
  /** Signs in with the token of a sign-in link, or, without one, asks the server whether a session is open. */
  start(token: string | null, signal?: AbortSignal): Promise<void>;
  signOut(): Promise<void>;
  /** The server refused the session (401): back to the sign-in screen. */
  ended(): void;
}

/** The session model over the console API. */
export function createSession(api: Pick<ConsoleApi, 'me' | 'signIn' | 'signOut'>): SessionModel {
  const state = signal<SessionState>('checking');
  const me = signal<Me | null>(null);
  const error = signal<ApiError | null>(null);
  const ended = () => {
    me.value = null;
    state.value = 'signed-out';
  };
  return {
    state,
    me,
    error,
    async start(token, abort) {
      state.value = token ? 'signing-in' : 'checking';
      error.value = null;
      const r = token ? await api.signIn(token, abort) : await api.me(abort);
      if (abort?.aborted) return;
      if (r.ok) {
        me.value = r.value;
        state.value = 'signed-in';
        return;
      }
      // Only a failed sign-in is news; no session yet is simply the sign-in screen.
      if (token || r.error.code !== 'signed-out') error.value = r.error;
      ended();
    },
    async signOut() {
      await api.signOut();
      error.value = null;
      ended();
    },
    ended,
  };
}
