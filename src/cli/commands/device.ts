// `checkpoint device list | disable ID`: enrolled devices, their chains, and switching one off.
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import type { Device } from '../../server/db/index.js';
import { EXIT, UsageError, emit, refuse, subcommands } from '../io.js';

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
export const device = subcommands(
  { summary: 'enrolled devices (device list, device disable ID)', help: HELP },
  DB_FLAGS,
  {
    list: {
      async run(values, _, io) {
        const devices = await withDb(values, (s) => s.devices.list());
        emit(io, { devices: devices.map((d) => ({ ...shown(d), openGaps: d.openGaps, forks: d.forks })) });
        return EXIT.ok;
      },
    },
    disable: {
      words: ['ID'],
      async run(values, [id], io) {
        if (!id) throw new UsageError('device disable ID: the device id');
        const d = await withDb(values, (s) => s.devices.disable(id));
        if (!d) return refuse(io, `checkpoint device: no device ${id}`);
        emit(io, { device: shown(d) });
        return EXIT.ok;
      },
    },
  },
);
