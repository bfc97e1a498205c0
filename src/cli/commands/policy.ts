// `checkpoint policy list|show NAME|publish FILE`: the shipped entry policies, and publishing one as signed data.
import { POLICIES, POLICY_NAMES, findPolicy, parsePolicy, policySummary } from '../../core/policy/index.js';
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import { EXIT, UsageError, emit, readJson, subcommands, type FlagValues } from '../io.js';

const HELP = `checkpoint policy list
  Prints {"policies": [{"name", "version", "title", "source"}]}: the shipped entry policies.
checkpoint policy show NAME
  Prints the whole policy as data: settings, venue classes, classification and entry rules, each rule with
  "cite" (e.g. "003 §17"), "text" (the document's sentence) and "gloss" (English), and "options": the
  contested readings, each with its sentence, "choices", the "literal" one and the one "chosen".
checkpoint policy publish FILE [--data DIR | --database-url URL]
  Publishes a policy (the JSON of "policy show", edited) to the server: checked by the same schema as the
  shipped ones (every rule cited to a source document), its "version" raised above the one in force. Venues
  under its name get it in their devices' next signed bundle, and their devices decide by it from then on.
  Prints {"published": true|false, "name", "version", "publishedAt", "trustVersion"} (false: that very
  version was already published). Exit 2 when the file is not a valid policy or its version is not raised.`;

/** Refuses a store's flags on the subcommands that read only the shipped policies. */
function noStore(values: FlagValues<typeof DB_FLAGS>): void {
  if (values.data !== undefined || values['database-url'] !== undefined)
    throw new UsageError('--data and --database-url go only with "policy publish"');
}

/** `checkpoint policy`. */
export const policy = subcommands(
  {
    summary: 'list the entry policies, show one with its rules and citations, or publish one to the server',
    help: HELP,
  },
  DB_FLAGS,
  {
    list: {
      async run(values, _, io) {
        noStore(values);
        emit(io, { policies: Object.values(POLICIES).map(policySummary) });
        return EXIT.ok;
      },
    },
    show: {
      words: ['NAME'],
      async run(values, [name], io) {
        noStore(values);
        if (name === undefined)
          throw new UsageError(`policy show NAME: give one of ${POLICY_NAMES.join(', ')}`);
        const p = findPolicy(name);
        if (!p.ok) throw new UsageError(p.error.message);
        emit(io, p.value);
        return EXIT.ok;
      },
    },
    publish: {
      words: ['FILE'],
      async run(values, [file], io) {
        if (file === undefined) throw new UsageError('policy publish FILE: give the policy JSON file');
        const parsed = parsePolicy(await readJson(file, 'FILE'));
        if (!parsed.ok) throw new UsageError(`${file}: ${parsed.error.message}`);
        const done = await withDb(values, (db) => db.policies.publish(parsed.value));
        if (!done.ok)
          throw new UsageError(
            `${file}: ${done.error.name} version ${done.error.version} is not above the version in force (${done.error.current}); raise "version"`,
          );
        emit(io, done.value);
        return EXIT.ok;
      },
    },
  },
);
