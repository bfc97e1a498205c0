// `checkpoint device list | disable ID`: enrolled devices, their chains, and switching one off.
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import type { Device } from '../../server/db/index.js';
import { EXIT, UsageError, emit, parseFlags, type Command } from '../io.js';

const HELP = `checkpoint device list [--data DIR | --database-url URL]
checkpoint device disable ID [--data DIR | --database-url URL]
  list: every enrolled device with its last upload, records received, open chain gaps and refused forks.
  disable: refuses the device's later uploads and bundle requests; the device shows that it was disabled.`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const shown = (d: Device) => ({
  ...d,
  enrolledAt: iso(d.enrolledAt),
  disabledAt: iso(d.disabledAt),
  lastSeenAt: iso(d.lastSeenAt),
});

/** `checkpoint device`: the command. */
export const device: Command = {
  summary: 'enrolled devices (device list, device disable ID)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, DB_FLAGS, true);
    const [sub, id, ...extra] = positionals;
    if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
    if (sub === 'list') {
      const devices = await withDb(values, (s) => s.devices.list());
      emit(io, { devices: devices.map((d) => ({ ...shown(d), openGaps: d.openGaps, forks: d.forks })) });
      return EXIT.ok;
    }
    if (sub === 'disable') {
      if (!id) throw new UsageError('device disable ID: the device id');
      const d = await withDb(values, (s) => s.devices.disable(id));
      if (!d) {
        io.stderr(`checkpoint device: no device ${id}\n`);
        return EXIT.refused;
      }
      emit(io, { device: shown(d) });
      return EXIT.ok;
    }
    throw new UsageError('expected a subcommand: list, disable ID');
  },
};
