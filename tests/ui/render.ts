// Rendering the app, or one component with plain props, into happy-dom and waiting for it to settle.
import { h, render, type VNode } from 'preact';
import { act } from 'preact/test-utils';
import { App } from '../../src/ui/App.js';
import type { ShellServices } from '../../src/ui/context.js';

/** Renders the whole app over `services` into a fresh container. */
export async function mount(services: ShellServices): Promise<HTMLElement> {
  document.body.innerHTML = '<div id="app"></div>';
  const root = document.getElementById('app') as HTMLElement;
  await act(() => render(h(App, { services }), root));
  return root;
}

/** Renders one component (with plain props, no app context) into a fresh container. */
export async function show(vnode: VNode): Promise<HTMLElement> {
  document.body.innerHTML = '<div id="app"></div>';
  const root = document.getElementById('app') as HTMLElement;
  await act(() => render(vnode, root));
  return root;
}

/** Lets promises, effects and lazily imported screens finish. */
export async function settle(ms = 30): Promise<void> {
  for (let i = 0; i < 3; i++) await act(() => new Promise<void>((r) => setTimeout(r, ms)));
}

/** Clicks an element and settles. */
export async function click(el: Element | null | undefined): Promise<void> {
  if (!el) throw new Error('nothing to click');
  await act(() => (el as HTMLElement).click());
  await settle();
}

/** Types into an input (sets its value and fires input and change) and settles. */
export async function type(el: Element | null | undefined, value: string): Promise<void> {
  if (!el) throw new Error('nothing to type into');
  const input = el as HTMLInputElement;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await settle();
}

/** The text of the first element each selector finds in `root` (null where none), by selector: one `toEqual`. */
export function textsOf(root: ParentNode, selectors: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(selectors.map((s) => [s, root.querySelector(s)?.textContent ?? null]));
}

/** Settles until `selector` matches inside `root` (lazily loaded screens), or fails after about 2.5 s. */
export async function waitFor(root: ParentNode, selector: string): Promise<Element> {
  for (let i = 0; i < 50; i++) {
    const el = root.querySelector(selector);
    if (el) return el;
    await settle(15);
  }
  throw new Error(`${selector} did not appear`);
}
