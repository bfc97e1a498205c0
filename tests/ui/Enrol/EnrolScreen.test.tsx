// @vitest-environment happy-dom
// The enrolment screen enrols at once and says clearly how it went: ready, link used, server unreachable.
import { describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { EnrolScreen, type EnrolScreenProps } from '../../../src/ui/Enrol/EnrolScreen.js';

const HREF = 'http://server.test/enrol?token=abc123456&root=0011223344556677';

async function mount(enrol: EnrolScreenProps['enrol'], onDone = vi.fn()) {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<EnrolScreen href={HREF} language="en" enrol={enrol} onDone={onDone} autoContinueMs={0} />, root);
  });
  await act(async () => undefined);
  return { root, onDone };
}

describe('EnrolScreen', () => {
  it('enrols on opening and offers to start scanning', async () => {
    const enrol = vi.fn(async () => ({ ok: true as const, value: { venueName: 'Demo mall' } }));
    const { root, onDone } = await mount(enrol);
    expect(enrol).toHaveBeenCalledWith(HREF);
    expect(root.querySelector('[data-enrol]')!.getAttribute('data-enrol')).toBe('done');
    expect(root.textContent).toContain('Enrolled for Demo mall');
    act(() => root.querySelector<HTMLButtonElement>('.enrol__start')!.click());
    expect(onDone).toHaveBeenCalled();
  });

  it('goes on to scanning by itself shortly after enrolling', async () => {
    vi.useFakeTimers();
    const onDone = vi.fn();
    const root = document.createElement('div');
    await act(async () => {
      render(
        <EnrolScreen
          href={HREF}
          language="en"
          enrol={async () => ({ ok: true, value: { venueName: 'Mall' } })}
          onDone={onDone}
        />,
        root,
      );
    });
    await act(async () => undefined);
    expect(onDone).not.toHaveBeenCalled();
    await act(async () => void vi.advanceTimersByTime(1600));
    expect(onDone).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it("shows the server's sentence for a used link, without a retry", async () => {
    const { root } = await mount(async () => ({
      ok: false,
      error: {
        kind: 'refused',
        error: 'token-used',
        message: 'This enrolment link has already been used. Ask for a new one.',
      },
    }));
    expect(root.querySelector('[role=alert]')!.textContent).toBe(
      'This enrolment link has already been used. Ask for a new one.',
    );
    expect(root.querySelector('button')).toBeNull();
  });

  it('offers a retry when the server cannot be reached, and succeeds on it', async () => {
    let calls = 0;
    const enrol = async () =>
      ++calls === 1
        ? ({ ok: false, error: { kind: 'network', message: 'Failed to fetch' } } as const)
        : ({ ok: true, value: { venueName: 'Mall' } } as const);
    const { root } = await mount(enrol);
    expect(root.textContent).toContain('cannot be reached');
    await act(async () => root.querySelector<HTMLButtonElement>('button')!.click());
    await act(async () => undefined);
    expect(root.textContent).toContain('Enrolled for Mall');
  });
});
