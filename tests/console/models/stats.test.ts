// A venue's hourly figures arranged for the charts: today and the 14 days before it, oldest first, 24 hours
// each in local time, missing hours as zeros, each day with its totals.
import { describe, expect, it } from 'vitest';
import { byDay, localDay, totals } from '../../../src/console/models/stats.js';
import { hour } from '../fake-api.js';

const local = (d: number, h: number) => new Date(2026, 10, d, h).toISOString();
const NOW = new Date(2026, 10, 20, 15, 30).getTime();

describe('byDay', () => {
  it('gives today and the 14 days before it, oldest first, 24 hours each', () => {
    const days = byDay([], NOW, 14);
    expect(days).toHaveLength(15);
    expect(days[0]?.day).toBe('2026-11-06');
    expect(days[14]?.day).toBe('2026-11-20');
    expect(days.every((d) => d.hours.length === 24)).toBe(true);
    expect(days[14]?.hours[9]?.hour).toBe(local(20, 9));
  });

  it('puts each hour in its local day and hour and adds up the day', () => {
    const days = byDay(
      [
        hour(local(20, 9), { admits: 40, denies: 3, reports: 1 }),
        hour(local(20, 10), { admits: 12, overrides: 1, manual: 2 }),
        hour(local(19, 23), { denies: 5 }),
      ],
      NOW,
      14,
    );
    const today = days[14]!;
    expect(today.hours[9]).toMatchObject({ admits: 40, denies: 3, reports: 1 });
    expect(today.total).toEqual({ admits: 52, denies: 3, overrides: 1, manual: 2, reports: 1 });
    expect(days[13]?.hours[23]?.denies).toBe(5);
    expect(totals(days)).toEqual({ admits: 52, denies: 8, overrides: 1, manual: 2, reports: 1 });
  });

  it('leaves out hours before the first day, after today, or unreadable', () => {
    const days = byDay(
      [hour(local(5, 9), { admits: 1 }), hour(local(21, 9), { admits: 1 }), hour('yesterday', { admits: 1 })],
      NOW,
      14,
    );
    expect(totals(days).admits).toBe(0);
  });

  it('writes local dates as YYYY-MM-DD', () => {
    expect(localDay(new Date(2026, 0, 5, 23, 59).getTime())).toBe('2026-01-05');
  });
});
