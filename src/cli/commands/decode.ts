// `checkpoint decode`: shows what an HCQ1 text holds, unverified, for debugging.
import { decodeHcq1 } from '../../core/hcq1/decode.js';
import { EXIT, emit, parseFlags, type Command } from '../io.js';
import { readCodeArg } from './flags.js';

const HELP = `checkpoint decode TEXT|-
  Prints the layers of an HCQ1 text (header, claims, signature) WITHOUT verifying it: "verified": false.
  Never act on this output; use \`checkpoint verify\`. Exit 0 when it decodes, 1 when it is malformed.`;

/** `checkpoint decode`. */
export const decode: Command = {
  summary: 'show the structure of an HCQ1 text, unverified',
  help: HELP,
  async run(args, io) {
    const { positionals } = parseFlags(args, {}, true);
    const d = decodeHcq1(await readCodeArg(positionals[0], io));
    emit(io, d);
    return d.ok ? EXIT.ok : EXIT.refused;
  },
};
