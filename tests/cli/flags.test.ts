// Flag values shared by the admin commands.
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/commands/flags.js';

describe('parseDuration', () => {
  it('reads days, hours, minutes and seconds, and refuses anything else', () => {
    expect(parseDuration('28d')).toBe(28 * 86_400_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('28 days')).toBeNull();
  });
});
