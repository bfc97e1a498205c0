// @vitest-environment happy-dom
// A log row says when, what was decided and for whom, and marks overrides and records not yet synced.
import { afterEach, describe, expect, it } from 'vitest';
import { chainRecord } from '../../../src/core/log.js';
import type { StoredRecord } from '../../../src/store/db.js';
import { translator } from '../../../src/ui/i18n/index.js';
import { RecordRow } from '../../../src/ui/Log/RecordRow.js';
import { show } from '../render.js';
import { entry } from '../../support/entries.js';

const AT = new Date(2026, 10, 20, 8, 5, 9).toISOString();

function record(over: Partial<StoredRecord> = {}): StoredRecord {
  return { ...chainRecord(entry(AT), { id: 'r1', deviceId: 'd', prev: null }), synced: 1, ...over };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('RecordRow', () => {
  it('is a busy placeholder while its page loads', async () => {
    const root = await show(<RecordRow record={undefined} language="en" tr={translator('en')} />);
    expect(root.querySelector('.row--loading')?.getAttribute('aria-busy')).toBe('true');
  });

  it('shows the time in 24 h, the decision, the masked name and the last 4', async () => {
    const root = await show(<RecordRow record={record()} language="en" tr={translator('en')} />);
    expect(root.querySelector('.row')?.className).toBe('row row--admit');
    expect(root.querySelector('.row__time')?.textContent).toBe('08:05:09');
    expect(root.querySelector('.row__decision')?.textContent).toBe('ADMIT');
    expect(root.querySelector('.row__who')?.textContent).toBe('张* · 1234');
    expect(root.querySelector('.row__tags')?.textContent).toBe('');
  });

  it('marks an override and a record still waiting to sync, in the chosen language', async () => {
    const over = record({
      decision: 'deny',
      synced: 0,
      override: { decision: 'deny', engineDecision: 'admit', reason: 'known to staff' },
    });
    const root = await show(<RecordRow record={over} language="zh-CN" tr={translator('zh-CN')} />);
    expect(root.querySelector('.row')?.className).toBe('row row--deny');
    expect(root.querySelector('.row__tags em')?.textContent).toBe(translator('zh-CN')('log.override'));
    expect(root.querySelector('.row__tags [aria-label]')?.getAttribute('aria-label')).toBe(
      translator('zh-CN')('log.pending'),
    );
  });
});
