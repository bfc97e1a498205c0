// The camera: the rear camera into a <video>, a torch where the track has one, typed failures.
import { err, ok, type Result } from '../core/result.js';

/** Why the camera could not start. */
export type CameraError =
  | { kind: 'permission-denied'; message: string }
  | { kind: 'no-camera'; message: string }
  | { kind: 'in-use'; message: string }
  | { kind: 'unsupported'; message: string }
  | { kind: 'aborted'; message: string }
  | { kind: 'failed'; message: string };

/** A running camera. */
export interface CameraHandle {
  track: MediaStreamTrack;
  stream: MediaStream;
  /** Whether the track offers a torch (most Android rear cameras; not iOS Safari, not desktops). */
  torchSupported: boolean;
  /** Turns the torch on or off; resolves with whether that worked. */
  setTorch(on: boolean): Promise<boolean>;
  /** Stops the track and detaches it from the video. Idempotent. */
  stop(): void;
}

/** Options for `startCamera`. */
export interface CameraOptions {
  /** A camera chosen in settings; without it, or when it is gone, the rear camera is preferred. */
  deviceId?: string;
  /** Aborting stops the camera (or cancels a start in progress). */
  signal?: AbortSignal;
  /**
   * The stream already being opened for `deviceId` (openCamera, called before there was a video to show it in):
   * used instead of asking again.
   */
  opened?: Promise<Result<MediaStream, CameraError>>;
}

// Torch is a Chromium extension of Media Capture, not in TypeScript's DOM types.
type TorchCapabilities = MediaTrackCapabilities & { torch?: boolean };
type TorchConstraintSet = MediaTrackConstraintSet & { torch?: boolean };

/**
 * The constraints used: the given device exactly, else the rear camera (`environment`) if there is one;
 * 1280×720 ideal, enough pixels per QR module at arm's length without slowing the decoder down.
 */
export function cameraConstraints(deviceId?: string): MediaStreamConstraints {
  return {
    audio: false,
    video: {
      ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: 'environment' } }),
      width: { ideal: 1280 },
      height: { ideal: 720 },
    },
  };
}

/** Maps a getUserMedia failure (a DOMException by name) to a CameraError. */
export function cameraError(e: unknown): CameraError {
  const name =
    e instanceof Error || (typeof e === 'object' && e !== null && 'name' in e)
      ? String((e as { name: unknown }).name)
      : '';
  const message = e instanceof Error ? e.message : String(e);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return { kind: 'permission-denied', message };
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return { kind: 'no-camera', message };
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return { kind: 'in-use', message };
    case 'TypeError':
      return { kind: 'unsupported', message };
    default:
      return { kind: 'failed', message };
  }
}

/**
 * Asks for the camera's stream (`deviceId`, else the rear camera): the part of starting it that needs no video
 * element, so the app can begin it while its first screen is still being drawn.
 */
export async function openCamera(deviceId?: string): Promise<Result<MediaStream, CameraError>> {
  const media = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
  if (!media?.getUserMedia) {
    return err({ kind: 'unsupported', message: 'this browser has no camera access here (it needs HTTPS)' });
  }
  try {
    return ok(await media.getUserMedia(cameraConstraints(deviceId)));
  } catch (e) {
    const error = cameraError(e);
    if (error.kind !== 'no-camera' || !deviceId) return err(error);
    // The camera chosen in settings is gone (another phone, a restored backup): scan with the default one.
    try {
      return ok(await media.getUserMedia(cameraConstraints()));
    } catch (e2) {
      return err(cameraError(e2));
    }
  }
}

/** Starts the camera into `video` (muted, inline) and resolves once it plays. */
export async function startCamera(
  video: HTMLVideoElement,
  opts: CameraOptions = {},
): Promise<Result<CameraHandle, CameraError>> {
  const aborted = () => err<CameraError>({ kind: 'aborted', message: 'the camera start was cancelled' });
  if (opts.signal?.aborted) {
    // A stream opened for this start is not wanted now: let go of it as soon as it comes.
    void opts.opened?.then((o) => o.ok && o.value.getTracks().forEach((t) => t.stop()));
    return aborted();
  }
  const opened = await (opts.opened ?? openCamera(opts.deviceId));
  if (!opened.ok) return opened;
  const stream = opened.value;
  const track = stream.getVideoTracks()[0];
  if (!track) {
    stream.getTracks().forEach((t) => t.stop());
    return err({ kind: 'no-camera', message: 'the stream has no video track' });
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    opts.signal?.removeEventListener('abort', stop);
    stream.getTracks().forEach((t) => t.stop());
    if (video.srcObject === stream) video.srcObject = null;
  };
  if (opts.signal?.aborted) {
    stop();
    return aborted();
  }
  opts.signal?.addEventListener('abort', stop, { once: true });

  video.muted = true;
  video.playsInline = true;
  video.setAttribute('playsinline', '');
  video.srcObject = stream;
  try {
    await video.play();
  } catch (e) {
    // play() is interrupted when the camera is stopped meanwhile; otherwise the video cannot show it.
    stop();
    return opts.signal?.aborted
      ? aborted()
      : err({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  }

  const caps: TorchCapabilities = typeof track.getCapabilities === 'function' ? track.getCapabilities() : {};
  const torchSupported = caps.torch === true;
  return ok({
    track,
    stream,
    torchSupported,
    async setTorch(on: boolean) {
      if (!torchSupported || stopped) return false;
      try {
        const torch: TorchConstraintSet = { torch: on };
        await track.applyConstraints({ advanced: [torch] });
        return true;
      } catch {
        return false;
      }
    },
    stop,
  });
}
