// The soak through the app's screens: opening the log, searching it by last 4, and decisions from pasted codes.
// Each is timed in the page, from the DOM event to the animation frame that paints the result.

/**
 * Opens the log from the navigation bar: ms from the click to the frames that paint the screen, its first
 * record row, and today's figures (the hourly chart; on later opens it is there from the start).
 */
export function openLog(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const seen = { screen: null, rows: null, stats: null };
        const t0 = performance.now();
        const paint = (key) =>
          // The time inside the frame's callbacks (its timestamp is the frame's start, which can precede the tap).
          requestAnimationFrame(() => {
            seen[key] ??= performance.now() - t0;
            if (seen.screen === null || seen.rows === null || seen.stats === null) return;
            observer.disconnect();
            clearTimeout(timer);
            resolve(seen);
          });
        const asked = new Set();
        const check = () => {
          for (const [key, selector] of [
            ['screen', '.log'],
            ['rows', '.log [data-record]'],
            ['stats', '.log .chart'],
          ])
            if (!asked.has(key) && document.querySelector(selector)) {
              asked.add(key);
              paint(key);
            }
        };
        const observer = new MutationObserver(check);
        observer.observe(document, { subtree: true, childList: true, attributes: true });
        const timer = setTimeout(
          () => reject(new Error(`the log not shown within 60 s: ${JSON.stringify(seen)}`)),
          60_000,
        );
        document.querySelectorAll('.nav__item')[2].click();
      }),
  );
}

/** Leaves the log for the scan screen. */
export async function openScan(page) {
  await page.locator('.nav__item').nth(0).click();
  await page.locator('#paste').waitFor();
}

/**
 * Types `last4` into the log's search field (one input event, as a paste): ms from the event to the frame that
 * paints the found rows (each row shows its last 4), and how many were found.
 */
export function searchLog(page, last4) {
  return page.evaluate(
    (q) =>
      new Promise((resolve, reject) => {
        const input = document.querySelector('.log__search input');
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
        const total = () => document.querySelector('.log__total')?.textContent ?? '';
        const shown = () => {
          if (!/^\d+$/.test(total())) return false;
          const rows = [...document.querySelectorAll('.log [data-record]')];
          return Number(total()) === 0 || (rows.length > 0 && rows.every((r) => r.textContent.includes(q)));
        };
        const t0 = performance.now();
        const timer = setTimeout(() => reject(new Error(`search ${q}: nothing shown within 30 s`)), 30_000);
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => resolve({ ms: performance.now() - t0, found: Number(total()) }));
        });
        observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
        setValue.call(input, q);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    last4,
  );
}

/** Empties the log's search field and waits for the whole log to be listed again. */
export async function clearSearch(page) {
  await page.fill('.log__search input', '');
  await page.waitForFunction(() => !/^\d+$/.test(document.querySelector('.log__total')?.textContent ?? ''));
  await page.locator('.log [data-record]').first().waitFor();
}

/**
 * On the scan screen: each code pasted into the paste field and checked (the form submitted, as the "Check"
 * button does), its decision awaited and dismissed at once, as staff tap "next". Resolves with the decisions
 * seen by kind, and the ms the stretch took.
 */
export function pasteDecisions(page, codes) {
  return page.evaluate(async (texts) => {
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const until = async (ok, what) => {
      const deadline = performance.now() + 30_000;
      while (!ok()) {
        if (performance.now() > deadline) throw new Error(`${what} within 30 s`);
        await new Promise((r) => setTimeout(r, 1));
      }
    };
    const kinds = {};
    const t0 = performance.now();
    for (const text of texts) {
      const input = document.querySelector('#paste');
      setValue.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      // The field's state is the app's (Preact): the form sends what it rendered, so let it render first.
      await until(() => document.querySelector('#paste')?.value === text, 'the pasted code not rendered');
      await new Promise((r) => setTimeout(r, 0));
      document.querySelector('#paste').form.requestSubmit();
      await until(() => document.querySelector('[data-decision]'), 'no decision');
      const el = document.querySelector('[data-decision]');
      const kind = `${el.getAttribute('data-decision')}/${el.getAttribute('data-result')}`;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      await frame();
      document.querySelector('.result__buttons .button--big').click();
      await until(() => !document.querySelector('[data-decision]'), 'the decision not dismissed');
    }
    return { kinds, ms: performance.now() - t0 };
  }, codes);
}
