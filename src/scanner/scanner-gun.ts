// USB/Bluetooth scanner guns: keyboards that type a whole code in a burst and press Enter. Also paste.

/** Timing that tells a gun from a person. */
export interface GunTiming {
  /** Longest gap between two keys of a burst (default 50 ms; people rarely sustain under ~80 ms). */
  maxGapMs?: number;
  /**
   * Longest single hiccup tolerated inside a burst, and before its Enter (default 250 ms). A gun's keys
   * can be delayed now and then (Bluetooth, a busy phone); one late key must not cut the code in two.
   */
  maxPauseMs?: number;
  /** Shortest text taken as a scan (default 8; an HCQ1 text is hundreds of characters). */
  minLength?: number;
  /**
   * Longest stall inside a gun's burst that joins its two halves (default 2000 ms). Past `maxPauseMs` a busy phone
   * may still hold a gun's keys back; the read goes on, marked as cut. Past this the first half is dropped, and the
   * read that ends the burst is marked as cut too: it lost its beginning.
   */
  maxStallMs?: number;
}

/** What a key did to the parser. */
export type GunKeyResult =
  /** A scan; `cut` when the gun stalled inside it or its beginning was lost: if it is no whole code, read again. */
  | { kind: 'text'; text: string; cut?: true }
  /** Inside a fast burst: the key belongs to a scan and should not reach the page. */
  | { kind: 'burst' }
  | { kind: 'idle' };

/** A key as the parser needs it (a subset of KeyboardEvent). */
export interface GunKey {
  key: string;
  /** Milliseconds, any monotonic origin (KeyboardEvent.timeStamp). */
  time: number;
  repeat?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

/** The timing logic alone: feed it keydowns, it returns a text when a fast burst ends with Enter. */
export interface GunParser {
  key(k: GunKey): GunKeyResult;
  reset(): void;
}

// Keys a gun may send between characters (Shift for upper case) without breaking the burst.
const IGNORED_KEYS = new Set(['Shift', 'CapsLock']);

/**
 * Creates the parser. Gaps up to `maxGapMs` are fast. A slow gap (up to `maxPauseMs`) is tolerated once
 * between fast ones, but two slow gaps in a row, a gap over `maxPauseMs`, or a slow gap after the first
 * key mean a person is typing: the burst starts again at that key. Enter ends a burst; it is a scan when
 * it is at least `minLength` long and at most one gap in ten was slow. Held keys (auto-repeat) and
 * shortcuts (Ctrl/Alt/Meta) reset it. A longer gap after a gun's burst (at least `minLength` fast keys) is a
 * stall, not a person: the burst goes on if fast keys follow, and its scan is marked as cut.
 */
export function createGunParser(timing: GunTiming = {}): GunParser {
  const maxGap = timing.maxGapMs ?? 50;
  const maxPause = Math.max(timing.maxPauseMs ?? 250, maxGap);
  const maxStall = Math.max(timing.maxStallMs ?? 2000, maxPause);
  const minLength = timing.minLength ?? 8;
  let buf = '';
  let last = -Infinity;
  let slowGaps = 0;
  let lastGapSlow = false;
  let cut = false;
  const reset = () => {
    buf = '';
    last = -Infinity;
    slowGaps = 0;
    lastGapSlow = false;
    cut = false;
  };
  const isGunBurst = () => buf.length >= minLength && slowGaps * 10 <= buf.length - 1;
  return {
    key(k) {
      if (IGNORED_KEYS.has(k.key)) return buf.length >= 2 ? { kind: 'burst' } : { kind: 'idle' };
      if (k.repeat || k.ctrlKey || k.altKey || k.metaKey) {
        reset();
        return { kind: 'idle' };
      }
      const gap = k.time - last;
      if (k.key === 'Enter') {
        const text = buf;
        const scan = isGunBurst() && gap <= maxPause;
        const wasCut = cut;
        reset();
        if (!scan) return { kind: 'idle' };
        return wasCut ? { kind: 'text', text, cut: true } : { kind: 'text', text };
      }
      if (k.key.length !== 1) {
        reset();
        return { kind: 'idle' };
      }
      if (gap > maxGap) {
        const hiccup = gap <= maxPause && buf.length >= 2 && !lastGapSlow;
        // A gun's burst held back longer than a hiccup: the keys after it belong to the same read, or, after a
        // very long stall, the read lost its beginning. Either way what Enter ends is cut. A slow key right after
        // a stall is a person typing, and starts afresh as before.
        const stalled = !hiccup && !lastGapSlow && isGunBurst();
        if (hiccup) slowGaps++;
        else if (stalled && gap <= maxStall) cut = true;
        else {
          buf = '';
          slowGaps = 0;
          cut = stalled;
        }
        lastGapSlow = hiccup || stalled;
      } else lastGapSlow = false;
      buf += k.key;
      last = k.time;
      return buf.length >= 2 ? { kind: 'burst' } : { kind: 'idle' };
    },
    reset,
  };
}

/** Options for `listenScannerGun`. */
export interface GunOptions extends GunTiming {
  signal?: AbortSignal;
}

// Inputs where typing is text entry; a gun aimed at a focused checkbox or button is still a scan.
const NON_TEXT_INPUTS = new Set([
  'button',
  'checkbox',
  'radio',
  'submit',
  'reset',
  'range',
  'color',
  'file',
  'image',
]);

/** Whether `target` is a field the user types into (keys and pastes there are theirs, not the gun's). */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!target || typeof (target as Partial<Element>).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const field = el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
  if (!field) return false;
  if (field.tagName === 'INPUT') return !NON_TEXT_INPUTS.has((field as HTMLInputElement).type);
  return true;
}

/** The code in a pasted text, or null when it is not an HCQ1 code. */
export function pastedCode(raw: string): string | null {
  // Line breaks and tabs come from copying out of documents; a space is part of the Base45 alphabet.
  const text = raw.replace(/^[\r\n\t]+|[\r\n\t]+$/g, '');
  return text.startsWith('HCQ1:') ? text : null;
}

/**
 * Captures scanner-gun input on `target` with no field focused, and HCQ1 texts pasted outside fields; `onText`
 * learns whether the gun's read was cut (see createGunParser).
 * Keys typed into a text field are ignored (the user is typing there). Once a burst is recognised its
 * keys have their default prevented, so a focused button is not pressed by the gun's space or Enter.
 */
export function listenScannerGun(
  target: Window | Document,
  onText: (text: string, cut: boolean) => void,
  opts: GunOptions = {},
): { stop(): void } {
  const parser = createGunParser(opts);
  const ctl = new AbortController();
  const stop = () => ctl.abort();
  if (opts.signal?.aborted) return { stop };
  opts.signal?.addEventListener('abort', stop, { once: true, signal: ctl.signal });

  const onKey = (e: Event) => {
    const k = e as KeyboardEvent;
    if (isTextEntry(k.target)) {
      parser.reset();
      return;
    }
    const r = parser.key({
      key: k.key,
      time: k.timeStamp,
      repeat: k.repeat,
      ctrlKey: k.ctrlKey,
      altKey: k.altKey,
      metaKey: k.metaKey,
    });
    if (r.kind === 'idle') return;
    k.preventDefault();
    if (r.kind === 'text') onText(r.text, r.cut === true);
  };
  const onPaste = (e: Event) => {
    const p = e as ClipboardEvent;
    if (isTextEntry(p.target)) return;
    const code = pastedCode(p.clipboardData?.getData('text/plain') ?? '');
    if (code === null) return;
    p.preventDefault();
    onText(code, false);
  };
  target.addEventListener('keydown', onKey, { capture: true, signal: ctl.signal });
  target.addEventListener('paste', onPaste, { capture: true, signal: ctl.signal });
  return { stop };
}
