// Suppressing repeats: a code held in front of the camera is seen on every frame but is one scan. The checkpoint
// model holds the app's one filter, where the camera, the scanner gun and a paste meet.

/** Decides whether a decoded text is a new scan or the same code seen again. */
export interface RepeatFilter {
  /** True when `text` should be acted on; false when it was seen within the window. */
  accept(text: string): boolean;
}

/** The default window: long enough for a person to take their phone away, short enough to rescan on purpose. */
export const DEFAULT_REPEAT_MS = 3000;

/**
 * A filter that rejects a text seen less than `windowMs` ago. The window runs from the LAST sighting,
 * not the first: a code left in front of the camera keeps being seen and is logged once, not every
 * `windowMs`; it counts again only after it has been out of view for the whole window. Without this the
 * decision log would hold the same person several times for one pass through the door.
 */
export function createRepeatFilter(
  windowMs = DEFAULT_REPEAT_MS,
  now: () => number = () => Date.now(),
): RepeatFilter {
  const lastSeen = new Map<string, number>();
  return {
    accept(text) {
      const t = now();
      for (const [k, seen] of lastSeen) if (t - seen >= windowMs) lastSeen.delete(k);
      const fresh = !lastSeen.has(text);
      lastSeen.set(text, t);
      return fresh;
    },
  };
}
