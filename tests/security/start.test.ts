// Issue 11 item 5: `npm start` (scripts/start.mjs) serves the demo to this machine only. The test reads the
// kernel's table of listening sockets: the port is bound to 127.0.0.1, not to every address.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/cli.js';
import { freePort } from '../support/serve.js';

/** The local addresses (hex, as in /proc/net/tcp) listening on a port. */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const rows = ['/proc/net/tcp', '/proc/net/tcp6']
    .filter((f) => existsSync(f))
    .flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').slice(1));
  return rows
    .map((r) => r.trim().split(/\s+/))
    .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
    .map((cols) => cols[1]!.split(':')[0]!);
}

describe('npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-start-'));
  let child: ChildProcess | null = null;
  afterAll(() => {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!existsSync('/proc/net/tcp'))(
    'listens on 127.0.0.1 only',
    async () => {
      const port = await freePort();
      child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--data', dir], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), DATABASE_URL: '', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await new Promise<void>((resolve, reject) => {
        child!.stdout!.on('data', (d: Buffer) => d.toString().includes('"url"') && resolve());
        child!.once('exit', (code) => reject(new Error(`npm start exited ${code}`)));
      });
      // 127.0.0.1 in /proc/net/tcp's little-endian hex; every address would be 00000000.
      expect(listeners(port)).toEqual(['0100007F']);
    },
    300_000,
  );
});
