// The scan screen: the camera with a frame guide, the torch, a paste field, and the trust data's age.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CameraError, CameraHandle } from '../../scanner/index.js';
import { useAppIfLoaded, useShell } from '../context.js';
import { Icon } from '../components/Icon.js';
import { TrustAge } from '../components/TrustAge.js';
import { ModelsLoading } from '../components/ModelsLoading.js';
import { ShiftLine } from './ShiftLine.js';
import { isMessageKey, type MessageKey } from '../i18n/index.js';
import './ScanScreen.css';

type CameraState =
  { kind: 'starting' } | { kind: 'running'; handle: CameraHandle } | { kind: 'failed'; error: CameraError };

const CAMERA_MESSAGES: Partial<Record<CameraError['kind'], MessageKey>> = {
  'permission-denied': 'scan.cameraDenied',
  'no-camera': 'scan.cameraMissing',
};

/** Scans codes from the camera; the scanner gun and pasting work here too (see App). */
export function ScanScreen(): JSX.Element {
  const { scanner, settings, t, scan, decoderReaders, clock, modelsFailed, early } = useShell();
  const app = useAppIfLoaded();
  const tr = t.value;
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<CameraState>({ kind: 'starting' });
  const [torch, setTorch] = useState(false);
  const [paste, setPaste] = useState('');
  const cameraId = settings.settings.value.cameraId;

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    const decoder = early?.takeDecoder() ?? scanner.createDecoder();
    // For Settings: whether the wasm decoder runs here, or only the slower JavaScript fallback.
    void decoder.readers().then((engines) => (decoderReaders.value = engines));
    // The camera runs only while the page is visible: a phone in a pocket must not film or drain its battery.
    const running = scanner.pauseWhenHidden(async (signal) => {
      setCamera({ kind: 'starting' });
      const opened = early?.takeCamera(cameraId);
      const cam = await scanner.startCamera(el, {
        ...(cameraId ? { deviceId: cameraId } : {}),
        ...(opened ? { opened } : {}),
        signal,
      });
      if (!cam.ok) {
        if (cam.error.kind !== 'aborted') setCamera({ kind: 'failed', error: cam.error });
        return null;
      }
      setCamera({ kind: 'running', handle: cam.value });
      setTorch(false);
      const loop = scanner.startScanning(el, {
        decoder,
        signal,
        onText: (text) => scan(text, 'camera'),
      });
      return {
        stop() {
          loop.stop();
          cam.value.stop();
        },
      };
    });
    return () => {
      running.stop();
      decoder.close();
    };
  }, [cameraId]);

  const submitPaste = (e: Event) => {
    e.preventDefault();
    const text = paste.trim();
    if (!text) return;
    setPaste('');
    scan(text, 'gun');
  };

  // The count is read when the screen opens; after that, reported decisions and syncs keep it current.
  useEffect(() => void app?.logbook.refreshReports().catch(() => undefined), [app]);
  const reportsWaiting = app?.logbook.reportsWaiting.value ?? 0;

  const noKeys = app !== null && (app.trust.snapshot.value?.keys.length ?? 0) === 0;
  const { venueName, category: venueCategory } = settings.settings.value;
  const categoryKey = `venue.${venueCategory}`;
  const category = isMessageKey(categoryKey) ? tr(categoryKey) : venueCategory;
  return (
    <section class="scan" aria-labelledby="scan-title">
      <h1 id="scan-title" class="visually-hidden">
        {tr('scan.title')}
      </h1>
      <div class="scan__view">
        <video ref={video} class="scan__video" muted playsInline autoPlay />
        <div class="scan__guide" aria-hidden="true" />
        {camera.kind === 'starting' && <p class="scan__status">{tr('scan.starting')}</p>}
        {camera.kind === 'failed' && (
          <p class="scan__status scan__status--error" role="alert">
            {CAMERA_MESSAGES[camera.error.kind]
              ? tr(CAMERA_MESSAGES[camera.error.kind] as MessageKey)
              : tr('scan.cameraFailed', { detail: camera.error.message })}
          </p>
        )}
        {camera.kind === 'running' && camera.handle.torchSupported && (
          <button
            type="button"
            class={torch ? 'scan__torch scan__torch--on' : 'scan__torch'}
            aria-pressed={torch}
            onClick={() => void camera.handle.setTorch(!torch).then((done) => done && setTorch(!torch))}
          >
            <Icon name="torch" label={tr('scan.torch')} />
          </button>
        )}
      </div>
      <div class="scan__below">
        {noKeys && (
          <p class="notice notice--warn" role="alert">
            {tr('scan.noTrust')}
          </p>
        )}
        {reportsWaiting > 0 && (
          <p class="notice notice--warn" role="status" data-reports-waiting={reportsWaiting}>
            {tr('scan.reportsWaiting', { n: reportsWaiting })}
          </p>
        )}
        <p class="scan__venue">{venueName ? tr('scan.venue', { venue: venueName, category }) : category}</p>
        <ShiftLine
          staff={settings.settings.value.staff}
          tr={tr}
          onSet={(staff) => void settings.update({ staff })}
        />
        {app ? (
          <TrustAge
            snapshot={app.trust.snapshot.value}
            now={clock.value}
            maxOfflineHours={app.checkpoint.policy().maxOfflineHours}
            tr={tr}
          />
        ) : (
          <ModelsLoading failed={modelsFailed.value} tr={tr} />
        )}
        <p class="scan__hint">{tr('scan.hint')}</p>
        <form class="scan__paste" onSubmit={submitPaste}>
          <label class="visually-hidden" for="paste">
            {tr('scan.paste')}
          </label>
          <input
            id="paste"
            value={paste}
            placeholder={tr('scan.pastePlaceholder')}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setPaste(e.currentTarget.value)}
          />
          <button type="submit">{tr('scan.check')}</button>
        </form>
      </div>
    </section>
  );
}
