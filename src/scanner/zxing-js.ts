// @zxing/library's QR reader, in a module of its own: the worker imports it only when the JS engine runs.
// Deep imports: the package index pulls in every format and the DOM readers (~400 kB); QR needs a fraction.
import BinaryBitmap from '@zxing/library/esm/core/BinaryBitmap.js';
import DecodeHintType from '@zxing/library/esm/core/DecodeHintType.js';
import GlobalHistogramBinarizer from '@zxing/library/esm/core/common/GlobalHistogramBinarizer.js';
import HybridBinarizer from '@zxing/library/esm/core/common/HybridBinarizer.js';
import QRCodeReader from '@zxing/library/esm/core/qrcode/QRCodeReader.js';
import RGBLuminanceSource from '@zxing/library/esm/core/RGBLuminanceSource.js';

/**
 * Returns a function that reads one QR code from grey levels (one byte per pixel) with TRY_HARDER and the
 * HybridBinarizer ('local') or the GlobalHistogramBinarizer ('global').
 */
export function createQrReader(): (
  grey: Uint8ClampedArray,
  width: number,
  height: number,
  binarizer?: 'local' | 'global',
) => string | null {
  const reader = new QRCodeReader();
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  return (grey, width, height, binarizer = 'local') => {
    try {
      const source = new RGBLuminanceSource(grey, width, height);
      const bits =
        binarizer === 'global' ? new GlobalHistogramBinarizer(source) : new HybridBinarizer(source);
      const text = reader.decode(new BinaryBitmap(bits), hints).getText();
      return text === '' ? null : text;
    } catch {
      // The library throws NotFound/Checksum/Format exceptions for "no code here".
      return null;
    } finally {
      reader.reset();
    }
  };
}
