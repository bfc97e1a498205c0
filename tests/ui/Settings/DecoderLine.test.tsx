// @vitest-environment happy-dom
// Settings names the decoder the scanner runs, and warns when only the JavaScript fallback, or none, can run.
import { afterEach, describe, expect, it } from 'vitest';
import type { Reader, ReaderStatus } from '../../../src/scanner/index.js';
import { translator } from '../../../src/ui/i18n/index.js';
import { DecoderLine } from '../../../src/ui/Settings/DecoderLine.js';
import { show } from '../render.js';

const NO: ReaderStatus = { available: false, reason: 'no' };
const YES: ReaderStatus = { available: true };

afterEach(() => {
  document.body.innerHTML = '';
});

describe('DecoderLine', () => {
  it.each<[string, Record<Reader, ReaderStatus> | null, string, string, boolean]>([
    [
      'the browser’s own',
      { native: YES, wasm: YES, js: YES },
      'native',
      'Decoder: built into the browser (BarcodeDetector)',
      false,
    ],
    [
      'wasm without BarcodeDetector',
      { native: NO, wasm: YES, js: YES },
      'wasm',
      'Decoder: ZXing C++ (WebAssembly)',
      false,
    ],
    [
      'only the JavaScript fallback',
      { native: NO, wasm: { available: false, reason: 'WebAssembly.instantiate refused by CSP' }, js: YES },
      'js',
      'Decoder: @zxing/library (JavaScript fallback, reads fewer hard codes)',
      true,
    ],
    [
      'none, with each reason',
      {
        native: { available: false, reason: 'no BarcodeDetector' },
        wasm: { available: false, reason: 'no WebAssembly' },
        js: { available: false, reason: 'worker failed' },
      },
      'none',
      'Decoder: none could start (no BarcodeDetector; no WebAssembly; worker failed). Use a scanner gun or manual entry.',
      true,
    ],
    ['not started yet', null, 'unknown', 'Decoder: not started yet (open Scan)', false],
  ])('%s', async (_, engines, decoder, text, warn) => {
    const root = await show(<DecoderLine engines={engines} tr={translator('en')} />);
    const line = root.querySelector('[data-decoder]');
    expect(line?.getAttribute('data-decoder')).toBe(decoder);
    expect(line?.textContent).toBe(text);
    expect(line?.classList.contains('form-note--warn')).toBe(warn);
  });
});
