// `checkpoint policy list|show NAME`: the shipped entry policies, with their rules and citations.
import { POLICIES, POLICY_NAMES, findPolicy, policySummary } from '../../core/policy/index.js';
import { EXIT, UsageError, emit, parseFlags, type Command } from '../io.js';

const HELP = `checkpoint policy list
  Prints {"policies": [{"name", "version", "title", "source"}]}: the shipped entry policies.
checkpoint policy show NAME
  Prints the whole policy as data: settings, venue classes, classification and entry rules, each rule with
  "cite" (e.g. "003 §17"), "text" (the document's sentence) and "gloss" (English), and "options": the
  contested readings, each with its sentence, "choices", the "literal" one and the one "chosen".`;

/** `checkpoint policy`. */
export const policy: Command = {
  summary: 'list the entry policies, or show one with its rules and citations',
  help: HELP,
  async run(args, io) {
    const { positionals } = parseFlags(args, {}, true);
    const [sub, name, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (sub === 'list') {
      if (name !== undefined) throw new UsageError(`policy list takes no argument ("${name}")`);
      emit(io, { policies: Object.values(POLICIES).map(policySummary) });
      return EXIT.ok;
    }
    if (sub === 'show') {
      if (name === undefined)
        throw new UsageError(`policy show NAME: give one of ${POLICY_NAMES.join(', ')}`);
      const p = findPolicy(name);
      if (!p.ok) throw new UsageError(p.error.message);
      emit(io, p.value);
      return EXIT.ok;
    }
    throw new UsageError(`expected "list" or "show NAME"${sub === undefined ? '' : `, not "${sub}"`}`);
  },
};
