// The cost of durable commits in SQLite (issue 11 item 11): WAL with synchronous = FULL (what `serve` uses: a
// batch is on disk before the device is told) against NORMAL (can lose the last commits on power loss).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (ms) => Number(ms.toFixed(3));

// Median ms of one commit: `rows` rows of a ~500-byte record each, `commits` times, on a fresh file.
function commitMs(synchronous, rows, commits) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-commit-'));
  const db = new Database(join(dir, 'c.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    const body = 'x'.repeat(500);
    const tx = db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(body);
    });
    tx();
    const times = [];
    for (let c = 0; c < commits; c++) {
      const t0 = performance.now();
      tx();
      times.push(performance.now() - t0);
    }
    return round(median(times));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median commit times (ms), FULL and NORMAL, of one record and of a 500-record batch, in the temp directory. */
export function sqliteCommitCost(quick) {
  const commits = quick ? 20 : 200;
  return {
    one_record_full_ms: commitMs('FULL', 1, commits),
    one_record_normal_ms: commitMs('NORMAL', 1, commits),
    batch_500_full_ms: commitMs('FULL', 500, Math.ceil(commits / 4)),
    batch_500_normal_ms: commitMs('NORMAL', 500, Math.ceil(commits / 4)),
    where: tmpdir(),
  };
}

// `node bench/common/sqlite-commit.mjs [--quick]` prints the figures on their own.
if (import.meta.url === `file://${process.argv[1]}`)
  console.log(JSON.stringify(sqliteCommitCost(process.argv.includes('--quick'))));
