// @vitest-environment happy-dom
// The camera: constraints asked for, failures as typed errors, torch, stopping (directly or by signal).
import { afterEach, describe, expect, it } from 'vitest';
import { cameraConstraints, cameraError, startCamera } from '../../src/scanner/camera.js';

interface FakeTrack {
  stopped: boolean;
  applied: MediaTrackConstraints[];
  stop(): void;
  getCapabilities(): Record<string, unknown>;
  applyConstraints(c: MediaTrackConstraints): Promise<void>;
}

function fakeStream(
  caps: Record<string, unknown> = {},
  applyFails = false,
): { stream: MediaStream; track: FakeTrack } {
  const track: FakeTrack = {
    stopped: false,
    applied: [],
    stop() {
      this.stopped = true;
    },
    getCapabilities: () => caps,
    applyConstraints(c) {
      if (applyFails) return Promise.reject(new DOMException('no', 'OverconstrainedError'));
      this.applied.push(c);
      return Promise.resolve();
    },
  };
  // happy-dom's srcObject accepts only its own MediaStream; the instance's methods stand in for the camera.
  const stream: MediaStream = Object.assign(Object.create(MediaStream.prototype) as MediaStream, {
    getVideoTracks: () => [track],
    getTracks: () => [track],
  });
  return { stream, track };
}

let asked: MediaStreamConstraints[] = [];
function fakeMedia(result: () => Promise<MediaStream>) {
  asked = [];
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: {
      getUserMedia: (c: MediaStreamConstraints) => {
        asked.push(c);
        return result();
      },
    },
  });
}

afterEach(() => {
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: undefined });
});

describe('cameraConstraints', () => {
  it('asks for the rear camera at 1280×720 ideally, no audio', () => {
    expect(cameraConstraints()).toEqual({
      audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  });

  it('asks for exactly the camera chosen in settings', () => {
    expect(cameraConstraints('cam-2').video).toMatchObject({ deviceId: { exact: 'cam-2' } });
    expect(cameraConstraints('cam-2').video).not.toHaveProperty('facingMode');
  });
});

describe('cameraError', () => {
  it.each([
    ['NotAllowedError', 'permission-denied'],
    ['SecurityError', 'permission-denied'],
    ['NotFoundError', 'no-camera'],
    ['OverconstrainedError', 'no-camera'],
    ['NotReadableError', 'in-use'],
    ['AbortError', 'in-use'],
    ['TypeError', 'unsupported'],
    ['SomethingElse', 'failed'],
  ])('maps %s to %s', (name, kind) => {
    expect(cameraError(new DOMException('m', name))).toEqual({ kind, message: 'm' });
  });
});

describe('startCamera', () => {
  it('plays the stream in the video, muted and inline, and reports the torch', async () => {
    const { stream, track } = fakeStream({ torch: true });
    fakeMedia(() => Promise.resolve(stream));
    const video = document.createElement('video');
    const r = await startCamera(video);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(asked).toEqual([cameraConstraints()]);
    expect(video.srcObject).toBe(stream);
    expect(video.muted).toBe(true);
    expect(video.hasAttribute('playsinline')).toBe(true);
    expect(r.value.torchSupported).toBe(true);
    expect(await r.value.setTorch(true)).toBe(true);
    expect(track.applied).toEqual([{ advanced: [{ torch: true }] }]);
  });

  it('says the torch is unsupported where the track has none, and setTorch does nothing', async () => {
    const { stream, track } = fakeStream({});
    fakeMedia(() => Promise.resolve(stream));
    const r = await startCamera(document.createElement('video'));
    expect(r.ok && r.value.torchSupported).toBe(false);
    expect(r.ok && (await r.value.setTorch(true))).toBe(false);
    expect(track.applied).toEqual([]);
  });

  it('resolves setTorch with false when the track refuses', async () => {
    const { stream } = fakeStream({ torch: true }, true);
    fakeMedia(() => Promise.resolve(stream));
    const r = await startCamera(document.createElement('video'));
    expect(r.ok && (await r.value.setTorch(true))).toBe(false);
  });

  it('returns a typed error when permission is denied', async () => {
    fakeMedia(() => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')));
    expect(await startCamera(document.createElement('video'))).toEqual({
      ok: false,
      error: { kind: 'permission-denied', message: 'Permission denied' },
    });
  });

  it('falls back to the default camera when the one chosen in settings is gone', async () => {
    const { stream } = fakeStream();
    let calls = 0;
    fakeMedia(() =>
      calls++ === 0
        ? Promise.reject(new DOMException('gone', 'OverconstrainedError'))
        : Promise.resolve(stream),
    );
    const r = await startCamera(document.createElement('video'), { deviceId: 'old-phone-cam' });
    expect(r.ok).toBe(true);
    expect(asked).toEqual([cameraConstraints('old-phone-cam'), cameraConstraints()]);
  });

  it('does not retry another camera when permission is denied for the chosen one', async () => {
    fakeMedia(() => Promise.reject(new DOMException('no', 'NotAllowedError')));
    const r = await startCamera(document.createElement('video'), { deviceId: 'cam-2' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'permission-denied' } });
    expect(asked).toHaveLength(1);
  });

  it('returns "unsupported" where there is no getUserMedia (e.g. plain HTTP)', async () => {
    const r = await startCamera(document.createElement('video'));
    expect(r).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
  });

  it('stops the track and detaches it on stop, or when the signal aborts', async () => {
    for (const how of ['stop', 'signal'] as const) {
      const { stream, track } = fakeStream();
      fakeMedia(() => Promise.resolve(stream));
      const ctl = new AbortController();
      const video = document.createElement('video');
      const r = await startCamera(video, { signal: ctl.signal });
      if (!r.ok) throw new Error('camera did not start');
      if (how === 'stop') r.value.stop();
      else ctl.abort();
      expect(track.stopped).toBe(true);
      expect(video.srcObject).toBeNull();
    }
  });

  it('plays a stream already opened for it instead of asking again, and stops it when cancelled first', async () => {
    const { stream, track } = fakeStream();
    fakeMedia(() => Promise.reject(new Error('must not be asked')));
    const video = document.createElement('video');
    video.play = () => Promise.resolve();
    const started = await startCamera(video, { opened: Promise.resolve({ ok: true, value: stream }) });
    expect(started.ok).toBe(true);
    expect(asked).toEqual([]);
    expect(video.srcObject).toBe(stream);

    const other = fakeStream();
    const ctl = new AbortController();
    ctl.abort();
    const r = await startCamera(video, {
      signal: ctl.signal,
      opened: Promise.resolve({ ok: true, value: other.stream }),
    });
    expect(r).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    await Promise.resolve();
    expect(other.track.stopped).toBe(true);
    expect(track.stopped).toBe(false);
  });

  it('stops a camera that finished starting after the signal aborted', async () => {
    const { stream, track } = fakeStream();
    let release: (s: MediaStream) => void = () => undefined;
    fakeMedia(() => new Promise((r) => (release = r)));
    const ctl = new AbortController();
    const p = startCamera(document.createElement('video'), { signal: ctl.signal });
    ctl.abort();
    release(stream);
    expect(await p).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    expect(track.stopped).toBe(true);
  });
});
