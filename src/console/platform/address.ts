// The console's address bar: the one-time sign-in token arrives in the fragment (#signin=<token>), which never
// reaches a server log; once read, it leaves the address bar and the history.

/** Reads `#signin=<token>` from the address and replaces the address without it; null when there is none. */
export function takeSignInToken(
  location: Pick<Location, 'hash' | 'pathname' | 'search'>,
  history: Pick<History, 'replaceState'>,
): string | null {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('signin');
  if (token === null) return null;
  params.delete('signin');
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return token.trim() || null;
}
