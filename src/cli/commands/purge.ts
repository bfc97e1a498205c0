// `checkpoint purge --older-than 28d`: retention (000 §7(4), 003 §23); PostgreSQL drops whole days.
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import { parseDuration } from './flags.js';
import { EXIT, UsageError, emit, parseFlags, type Command } from '../io.js';

const HELP = `checkpoint purge --older-than 28d [--data DIR | --database-url URL]
  Deletes the records the server received before the day that far back (UTC days): on PostgreSQL by
  dropping daily partitions, on SQLite by the indexed day column. \`serve\` does the same every hour
  with its --retention-days (default 28).`;

/** `checkpoint purge`: the command. */
export const purge: Command = {
  summary: 'delete records older than a retention period (purge --older-than 28d)',
  help: HELP,
  async run(args, io) {
    const { values } = parseFlags(args, { ...DB_FLAGS, 'older-than': { type: 'string' } });
    if (!values['older-than']) throw new UsageError('--older-than is required, e.g. 28d');
    const age = parseDuration(values['older-than']);
    if (age === null)
      throw new UsageError(`--older-than ${values['older-than']}: expected a duration such as 28d`);
    const before = Date.now() - age;
    const out = await withDb(values, (s) => s.retention.purge(before));
    emit(io, { before: new Date(before).toISOString(), days: out.days, records: out.records });
    return EXIT.ok;
  },
};
