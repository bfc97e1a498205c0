// Waiting in tests for what another process or a timer does: poll until it shows, or fail after a limit.

/** Polls `probe` every 15 ms until it gives a value, and answers that value; throws after `ms`. */
export async function until<T>(probe: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 15));
  }
}
