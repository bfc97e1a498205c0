// Services for rendering screens in happy-dom: the real models over in-memory stand-ins for storage and camera.
import { computed, signal } from '@preact/signals';
import { createCheckpoint } from '../../src/models/checkpoint.js';
import { createLogbook } from '../../src/models/logbook.js';
import { createSettingsModel } from '../../src/models/settings.js';
import { createTrustModel } from '../../src/models/trust.js';
import { naclEd25519 } from '../../src/core/ed25519.js';
import { newIssuerKey, type IssuerSecret } from '../../src/core/issuer.js';
import { err, ok } from '../../src/core/result.js';
import type { HealthClaims } from '../../src/core/hcq1/types.js';
import type { DecisionEntry } from '../../src/core/log.js';
import type { StoredRecord } from '../../src/store/db.js';
import type { DayStats } from '../../src/store/log.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/store/settings.js';
import type { AppServices, ModelServices, ScannerPort, Screen } from '../../src/ui/context.js';
import { translator } from '../../src/ui/i18n/index.js';
import { nowSeconds, signedCode } from '../support/codes.js';

/** What a test can look at and change around the rendered app. */
export interface TestRig {
  services: AppServices;
  logged: DecisionEntry[];
  issuer: IssuerSecret;
  failLog(on: boolean): void;
  cameraStarts: number;
}

function stats(entries: readonly DecisionEntry[]): DayStats {
  const s: DayStats = {
    admitted: 0,
    denied: 0,
    hourly: Array.from({ length: 24 }, () => ({ admitted: 0, denied: 0 })),
  };
  for (const e of entries) {
    const h = s.hourly[new Date(e.at).getHours()];
    if (e.decision === 'admit') {
      s.admitted++;
      if (h) h.admitted++;
    } else {
      s.denied++;
      if (h) h.denied++;
    }
  }
  return s;
}

/** Builds the services with `settings` over the defaults and a trusted Zhejiang issuer. */
export async function rig(settings: Partial<Settings> = {}): Promise<TestRig> {
  const now = Math.floor(Date.now() / 1000);
  const issuer = newIssuerKey('CN-ZJ', now - 86400 * 30);
  const logged: DecisionEntry[] = [];
  let failing = false;
  const settingsModel = createSettingsModel({ ...DEFAULT_SETTINGS, ...settings }, async () => undefined);
  const trust = createTrustModel(null, async () => undefined);
  await trust.replace({
    keys: [issuer.key],
    revocations: [],
    authorityKey: null,
    updatedAt: Date.now() - 3600_000,
    source: 'file',
    version: null,
    maxOfflineSeconds: null,
  });
  const stored = (): StoredRecord[] =>
    logged.map((e, i) => ({
      ...e,
      id: `r${i + 1}`,
      deviceId: 'd',
      seq: i + 1,
      prevHash: '',
      hash: '',
      synced: 0,
    }));
  const logbook = createLogbook({
    dayStats: async () => stats(logged),
    pendingCount: async () => logged.length,
    recordCount: async () => logged.length,
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
  const checkpoint = createCheckpoint({
    settings: settingsModel.settings,
    trust,
    ed25519: naclEd25519,
    feedback: () => undefined,
    append: async (entry) => {
      if (failing) return err({ kind: 'quota', message: 'QuotaExceededError' });
      logged.push(entry);
      const rec = stored()[logged.length - 1];
      return rec ? ok(rec) : err({ kind: 'failed', message: 'lost' });
    },
  });
  const models: ModelServices = {
    checkpoint,
    trust,
    logbook,
    log: {
      recordsPage: async (o, l) =>
        stored()
          .reverse()
          .slice(o, o + l),
      searchLast4: async (q) => stored().filter((r) => r.idLast4 === q),
    },
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
    scan: (text, from) => void checkpoint.scan(text, from),
  };
  return {
    services,
    logged,
    issuer,
    failLog: (on) => (failing = on),
    get cameraStarts() {
      return state.cameraStarts;
    },
  };
}

/** A green Zhejiang health code signed by `issuer`, made 5 minutes ago for 李*华 (…0421); `over` changes its claims. */
export function healthCode(issuer: IssuerSecret, over: Partial<HealthClaims> = {}): string {
  return signedCode(issuer, { iat: nowSeconds() - 300, name: '李*华', idLast4: '0421', ...over });
}
