// Services for rendering screens in happy-dom: the app's own models over a Dexie database on fake IndexedDB,
// with a stand-in only for the camera. Components below the screens are tested with plain props instead.
import { computed, signal } from '@preact/signals';
import { createDecisionModels } from '../../src/models/decision-models.js';
import { createSettingsModel } from '../../src/models/settings.js';
import { newIssuerKey, type IssuerSecret } from '../../src/core/issuer.js';
import { err } from '../../src/core/result.js';
import type { HealthClaims } from '../../src/core/hcq1/types.js';
import type { CheckpointDb, StoredRecord } from '../../src/store/db.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/store/settings.js';
import type { AppServices, ScannerPort, Screen } from '../../src/ui/context.js';
import { translator } from '../../src/ui/i18n/index.js';
import { freshDb } from '../support/db.js';
import { nowSeconds, signedCode } from '../support/codes.js';

/** What a test can look at and change around the rendered app. */
export interface TestRig {
  services: AppServices;
  /** The device's database (fake IndexedDB), where the screens' decisions are logged. */
  db: CheckpointDb;
  /** The records logged so far, in chain order. */
  records(): Promise<StoredRecord[]>;
  issuer: IssuerSecret;
  cameraStarts: number;
}

/** Builds the services with `settings` over the defaults and a trusted Zhejiang issuer. */
export async function rig(settings: Partial<Settings> = {}): Promise<TestRig> {
  const issuer = newIssuerKey('CN-ZJ', Math.floor(Date.now() / 1000) - 86400 * 30);
  const db = freshDb();
  const settingsModel = createSettingsModel({ ...DEFAULT_SETTINGS, ...settings }, async () => undefined);
  const models = await createDecisionModels(settingsModel, () => undefined, db);
  await models.trust.replace({
    keys: [issuer.key],
    revocations: [],
    authorityKey: null,
    updatedAt: Date.now() - 3600_000,
    source: 'file',
    version: null,
    maxOfflineSeconds: null,
  });
  const state = { cameraStarts: 0 };
  const scanner: ScannerPort = {
    createDecoder: () => ({
      decode: async () => ({ status: 'aborted' }),
      readers: async () => ({
        native: { available: false, reason: 'BarcodeDetector is not available' },
        wasm: { available: true },
        js: { available: true },
      }),
      close() {},
    }),
    startCamera: async () => {
      state.cameraStarts++;
      return err({ kind: 'permission-denied', message: 'denied in test' });
    },
    startScanning: () => ({ stop() {} }),
    pauseWhenHidden: (start) => {
      const ctl = new AbortController();
      void start(ctl.signal);
      return { stop: () => ctl.abort() };
    },
    listenScannerGun: () => ({ stop() {} }),
  };
  const services: AppServices = {
    ...models,
    settings: settingsModel,
    scanner,
    screen: signal<Screen>('scan'),
    t: computed(() => translator(settingsModel.settings.value.language)),
    persistence: signal('granted'),
    updateReady: signal(false),
    applyUpdate: () => undefined,
    clock: signal(Date.now()),
    version: 'test',
    models: signal(models),
    modelsFailed: signal(null),
    decoderReaders: signal(null),
    scan: (text, from) => void models.checkpoint.scan(text, from),
  };
  return {
    services,
    db,
    records: () => db.records.orderBy('[deviceId+seq]').toArray(),
    issuer,
    get cameraStarts() {
      return state.cameraStarts;
    },
  };
}

/** A green Zhejiang health code signed by `issuer`, made 5 minutes ago for 李*华 (…0421); `over` changes its claims. */
export function healthCode(issuer: IssuerSecret, over: Partial<HealthClaims> = {}): string {
  return signedCode(issuer, { iat: nowSeconds() - 300, name: '李*华', idLast4: '0421', ...over });
}
