// The bench frames as the page sees them: the list bench/common/frames.mjs writes, and each frame's pixels.

/** A frame of the set, as bench/common/frames.mjs lists it. */
export interface FrameSpec {
  name: string;
  set: string;
  file: string;
  w: number;
  h: number;
}

/** The pixels of the image at `url`. */
export async function loadFrame(url: string): Promise<ImageData> {
  const blob = await (await fetch(url)).blob();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2d context');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}
