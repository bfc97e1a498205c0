// `checkpoint revoke`: adds revocations (one, or a revocations.json) to what the server's bundles carry.
import { fromHex } from '../../core/bytes.js';
import { COLOURS, type Colour } from '../../core/hcq1/types.js';
import { parseRevocationsFile, type RevocationEntry } from '../../core/revocations.js';
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import { EXIT, UsageError, emit, parseFlags, parseIsoSeconds, readJson, type Command } from '../io.js';
import { stringFlags } from './flags.js';

const HELP = `checkpoint revoke --iss ISS --subject HEX --before ISO [--color green|yellow|red]
                  [--data DIR | --database-url URL]
checkpoint revoke FILE [--data DIR | --database-url URL]
  Revokes the codes of a subject (16 bytes hex, the code's hc.s) made before a time, or every entry of a
  revocations.json (spec §4). For a subject already listed the later time wins. Devices receive the change
  as a signed delta at their next bundle refresh. A long file goes in as several trust versions of 5,000
  entries each, so a running server is never held up for the whole import.
  --color      the subject's colour since that time, when the issuer knows it (an entry's optional "colour"):
               devices then decide a revoked code by that colour's rules, hold and report included; without
               it they refuse the code and ask for the current one.`;

/** `checkpoint revoke`: the command. */
export const revoke: Command = {
  summary: 'revoke codes (--iss ISS --subject HEX --before ISO, or FILE)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      { ...DB_FLAGS, ...stringFlags('iss', 'subject', 'before', 'color') },
      true,
    );
    let entries: RevocationEntry[];
    if (positionals.length === 1 && !values.iss && !values.subject && !values.before && !values.color) {
      const parsed = parseRevocationsFile(await readJson(positionals[0]!, 'FILE'));
      if (!parsed.ok) throw new UsageError(`${positionals[0]}: ${parsed.error}`);
      entries = parsed.value;
    } else if (positionals.length === 0) {
      if (!values.iss) throw new UsageError('--iss ISS is required');
      const subject = values.subject ? fromHex(values.subject) : null;
      if (!subject || subject.length !== 16) throw new UsageError('--subject: expected 16 bytes of hex');
      if (!values.before) throw new UsageError('--before ISO is required');
      const colour = values.color;
      if (colour !== undefined && !(COLOURS as readonly string[]).includes(colour))
        throw new UsageError(`--color ${colour}: expected one of ${COLOURS.join(', ')}`);
      entries = [
        {
          iss: values.iss,
          subject,
          before: parseIsoSeconds(values.before, '--before'),
          ...(colour !== undefined ? { colour: colour as Colour } : {}),
        },
      ];
    } else {
      throw new UsageError('give either FILE or --iss/--subject/--before');
    }
    const out = await withDb(values, async (s) => ({
      ...(await s.trust.importRevocations(entries)),
      entries: entries.length,
      total: await s.trust.revocationCount(),
    }));
    emit(io, out);
    return EXIT.ok;
  },
};
