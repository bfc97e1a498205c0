// @zxing/library's QR reader, in a module of its own: the worker imports it only when the JS engine runs.
// Deep imports: the package index pulls in every format and the DOM readers (~400 kB); QR needs a fraction.
import BinaryBitmap from '@zxing/library/esm/core/BinaryBitmap.js';
import DecodeHintType from '@zxing/library/esm/core/DecodeHintType.js';
import HybridBinarizer from '@zxing/library/esm/core/common/HybridBinarizer.js';
import QRCodeReader from '@zxing/library/esm/core/qrcode/QRCodeReader.js';
import RGBLuminanceSource from '@zxing/library/esm/core/RGBLuminanceSource.js';

/** Returns a function that reads one QR code from grey levels (one byte per pixel) with HybridBinarizer and TRY_HARDER. */
export function createQrReader(): (grey: Uint8ClampedArray, width: number, height: number) => string | null {
  const reader = new QRCodeReader();
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  return (grey, width, height) => {
    try {
      const source = new RGBLuminanceSource(grey, width, height);
      const text = reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints).getText();
      return text === '' ? null : text;
    } catch {
      // The library throws NotFound/Checksum/Format exceptions for "no code here".
      return null;
    } finally {
      reader.reset();
    }
  };
}
