// Which decoder the scanner runs here: the wasm engine, the browser's own, or only the slower JavaScript fallback.
import type { JSX } from 'preact';
import { ALL_READERS, type Reader, type ReaderStatus } from '../../scanner/index.js';
import type { Translate } from '../i18n/index.js';

/** The decoder line of Settings, with `data-decoder` naming the engine in use (for support and tests). */
export function DecoderLine(props: {
  engines: Record<Reader, ReaderStatus> | null;
  tr: Translate;
}): JSX.Element {
  const { engines, tr } = props;
  // The worker tries the engines in ALL_READERS order and decodes with the first that runs.
  const inUse = engines ? ALL_READERS.find((e) => engines[e].available) : undefined;
  const reasons = engines
    ? ALL_READERS.map((e) => engines[e])
        .flatMap((s) => (s.available ? [] : [s.reason]))
        .join('; ')
    : '';
  const engine = !engines
    ? tr('settings.decoder.unknown')
    : inUse
      ? tr(`settings.decoder.${inUse}`)
      : tr('settings.decoder.none', { reason: reasons });
  return (
    <p
      class={engines && inUse !== 'native' && inUse !== 'wasm' ? 'form-note form-note--warn' : 'form-note'}
      data-decoder={engines ? (inUse ?? 'none') : 'unknown'}
    >
      {tr('settings.decoder', { engine })}
    </p>
  );
}
