// The decision models' half of the app: the log database, trust data, verification and policy, built together.
// main.tsx imports it dynamically, beside the shell, so the shell that draws the first screen stays small.
import { bestEd25519 } from '../core/ed25519.js';
import { ok } from '../core/result.js';
import { asksReport } from '../core/report.js';
import type { Verdict } from '../core/policy/vocabulary.js';
import { appDb, type CheckpointDb } from '../store/db.js';
import {
  appendDecision,
  unsyncedCount,
  recordCount,
  recordsPage,
  reportsWaiting,
  searchLast4,
} from '../store/log.js';
import { dayStats } from '../store/day-stats.js';
import { loadClockFloor, saveClockFloor } from '../store/clock-floor.js';
import { loadTrust, saveTrust } from '../store/trust.js';
import type { SettingsModel } from './settings.js';
import { createCheckpoint, type CheckpointModel } from './checkpoint.js';
import { createClockGuard } from './clock-guard.js';
import { createLogbook, type LogbookModel } from './logbook.js';
import { createTrustModel, type TrustGuard, type TrustModel } from './trust.js';
import { deliveredPolicies } from './policy-in-force.js';

/** The models that need the database and the core. */
export interface DecisionModels {
  checkpoint: CheckpointModel;
  trust: TrustModel;
  logbook: LogbookModel;
  log: {
    recordsPage(offset: number, limit: number): ReturnType<typeof recordsPage>;
    searchLast4(last4: string): ReturnType<typeof searchLast4>;
  };
  db: CheckpointDb;
}

/** Opens the database and builds the decision models over it. */
export async function createDecisionModels(
  settings: SettingsModel,
  feedback: (decision: Verdict) => void,
  db: CheckpointDb = appDb(),
): Promise<DecisionModels> {
  // Storage may be refused (private mode, blocked): the app still starts, and every decision then says it was not recorded.
  const [savedTrust, floor, ed25519] = await Promise.all([
    loadTrust(db).catch(() => null),
    loadClockFloor(db).catch(() => 0),
    bestEd25519(),
  ]);
  const guard: TrustGuard = {
    checkSupervisor: (pin) => settings.checkSupervisor(pin),
    async bundleFile(json) {
      // The sync side loads only when a bundle file is given, not in the way of the first scan.
      const [file, storage] = await Promise.all([
        import('../sync/bundle-file.js'),
        import('../sync/storage.js'),
      ]);
      const sync = storage.dexieSyncStorage(db);
      const accepted = await file.acceptBundleFile(json, sync, ed25519);
      if (!accepted.ok) return accepted;
      await settings.fromServer(storage.venueSettings(accepted.value));
      return ok(storage.snapshotOf(accepted.value));
    },
  };
  const trust = createTrustModel(savedTrust, (s) => saveTrust(s, db), Date.now, guard);
  const clock = createClockGuard({
    initial: floor,
    signedTime: () => (trust.snapshot.value?.source === 'bundle' ? trust.snapshot.value.updatedAt : 0),
    save: (ms) => saveClockFloor(ms, db),
  });
  const logbook = createLogbook({
    dayStats: (d) => dayStats(d, db),
    unsyncedCount: () => unsyncedCount(db),
    recordCount: () => recordCount(db),
    reportsWaiting: () => reportsWaiting(db),
  });
  const checkpoint = createCheckpoint({
    settings: settings.settings,
    trust,
    ed25519,
    clock,
    feedback,
    // No log figures are re-read here: only the log screen shows them, and it reads them when it opens (a
    // day's records read after every decision would sit in front of the next person's write).
    // The venue's policy as the signed bundle delivered it: the device decides by the server's rules.
    findPolicy: deliveredPolicies(trust.snapshot),
    // Only a decision that asks for a report re-reads a count: the reports waiting, shown on the scan screen.
    append: async (entry) => {
      const written = await appendDecision(entry, db);
      if (written.ok && asksReport(entry)) void logbook.refreshReports().catch(() => undefined);
      return written;
    },
  });
  return {
    checkpoint,
    trust,
    logbook,
    db,
    log: { recordsPage: (o, l) => recordsPage(o, l, db), searchLast4: (q) => searchLast4(q, 200, db) },
  };
}
