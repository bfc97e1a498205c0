// The sign-in token arrives in the fragment (#signin=…), never sent to a server; once read, it leaves the
// address bar and the history entry, so neither a screenshot nor the back button shows it.
import { describe, expect, it, vi } from 'vitest';
import { takeSignInToken } from '../../../src/console/platform/address.js';

describe('takeSignInToken', () => {
  it.each([
    ['#signin=abc123', 'abc123', '/console/'],
    ['#signin=abc123&tab=reports', 'abc123', '/console/#tab=reports'],
    ['#signin=', null, '/console/'],
  ])('%s gives %s and leaves %s', (hash, token, address) => {
    const history = { replaceState: vi.fn() };
    expect(takeSignInToken({ hash, pathname: '/console/', search: '' }, history)).toBe(token);
    expect(history.replaceState).toHaveBeenCalledWith(null, '', address);
  });

  it('leaves an address without a token alone', () => {
    const history = { replaceState: vi.fn() };
    expect(takeSignInToken({ hash: '', pathname: '/console', search: '?x=1' }, history)).toBeNull();
    expect(history.replaceState).not.toHaveBeenCalled();
  });
});
