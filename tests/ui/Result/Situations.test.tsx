// @vitest-environment happy-dom
// The situations on the decision screen: only those offered, one tap each, the test with the time read off it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { err, ok } from '../../../src/core/result.js';
import { translator } from '../../../src/ui/i18n/index.js';
import { Situations, clockOf } from '../../../src/ui/Result/Situations.js';
import { entry } from '../../support/entries.js';
import { click, settle, show, type } from '../render.js';

afterEach(() => {
  document.body.innerHTML = '';
});

const noop = async () => ok(undefined);
const AT = '2021-12-01T08:00:00.000Z';

describe('Situations', () => {
  it('shows nothing when nothing staff see would change the decision', async () => {
    const root = await show(
      <Situations offered={[]} entry={entry(AT)} tr={translator('en')} onSituation={vi.fn()} onTest={noop} />,
    );
    expect(root.innerHTML).toBe('');
  });

  it.each([
    ['en', ['Mask worn', 'Medical emergency', 'Negative test shown']],
    ['zh-CN', ['已正确佩戴口罩', '急诊就医', '出示阴性核酸证明']],
    ['zh-TW', ['已正確佩戴口罩', '急診就醫', '出示陰性核酸證明']],
  ] as const)('names its buttons in %s', async (language, names) => {
    const root = await show(
      <Situations
        offered={['mask', 'emergency', 'test']}
        entry={entry(AT)}
        tr={translator(language)}
        onSituation={vi.fn()}
        onTest={noop}
      />,
    );
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual(names);
  });

  it('reports a situation with one tap, and takes it back from a pressed button', async () => {
    const onSituation = vi.fn();
    const root = await show(
      <Situations
        offered={['mask', 'emergency']}
        entry={entry(AT, { mask: true })}
        tr={translator('en')}
        onSituation={onSituation}
        onTest={noop}
      />,
    );
    const [mask, emergency] = [...root.querySelectorAll('button')];
    expect(mask?.getAttribute('aria-pressed')).toBe('true');
    await click(mask);
    await click(emergency);
    expect(onSituation.mock.calls).toEqual([
      ['mask', false],
      ['emergency', true],
    ]);
  });

  it('reports a negative test with the time typed in, and says so when the time is no HH:MM', async () => {
    const onTest = vi.fn(async (clock: string | null) =>
      clock === '07:30' ? ok(undefined) : err('bad-time' as const),
    );
    const root = await show(
      <Situations
        offered={['test']}
        entry={entry(AT)}
        tr={translator('en')}
        onSituation={vi.fn()}
        onTest={onTest}
      />,
    );
    await act(() => (root.querySelector('form') as HTMLFormElement).requestSubmit());
    await settle();
    expect(root.querySelector('[role=alert]')?.textContent).toBe(
      'Enter the sampling time as HH:MM, e.g. 07:30',
    );
    await type(root.querySelector('input[name=testAt]'), '07:30');
    await act(() => (root.querySelector('form') as HTMLFormElement).requestSubmit());
    await settle();
    expect(onTest.mock.calls).toEqual([[''], ['07:30']]);
    expect(root.querySelector('[role=alert]')).toBeNull();
  });

  it('shows a test already reported with its time, pressed, and takes it back', async () => {
    const sampledAt = new Date(2021, 11, 1, 7, 30).toISOString();
    const onTest = vi.fn(noop);
    const root = await show(
      <Situations
        offered={['test']}
        entry={entry(AT, { paperTest: { result: 'negative', sampledAt } })}
        tr={translator('en')}
        onSituation={vi.fn()}
        onTest={onTest}
      />,
    );
    expect(clockOf(sampledAt)).toBe('07:30');
    expect(root.textContent).toContain('Negative test sampled 07:30');
    expect(root.querySelector('button')?.getAttribute('aria-pressed')).toBe('true');
    await act(() => (root.querySelector('form') as HTMLFormElement).requestSubmit());
    await settle();
    expect(onTest).toHaveBeenCalledWith(null);
  });
});
