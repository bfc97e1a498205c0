// `checkpoint verify`: HCQ1 verification against key and revocation files (spec §3).
import { verificationJson } from '../../core/hcq1/json.js';
import { verifyHcq1 } from '../../core/hcq1/verify.js';
import { EXIT, emit, parseFlags, type Command } from '../io.js';
import { readCodeArg } from './flags.js';
import { verifierFlags, verifierFromFlags } from './verifier.js';

const HELP = `checkpoint verify --keys FILE [--revocations FILE] [--at ISO] [--skew SECONDS] TEXT|-
  Verifies an HCQ1 text (or stdin with -) and prints {"result": "ok"|"malformed"|"unsupported"|
  "unknown-key"|"bad-signature"|"issuer-mismatch"|"key-not-valid"|"not-yet-valid"|"expired"|"revoked",
  "detail": ..., "claims": {...}} — claims only once the signature has verified. Exit 0 ok, 1 refused.`;

/** `checkpoint verify`. */
export const verify: Command = {
  summary: 'verify an HCQ1 code against trusted keys and revocations',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, verifierFlags, true);
    const ctx = await verifierFromFlags(values);
    const text = await readCodeArg(positionals[0], io);
    const v = await verifyHcq1(text, ctx);
    emit(io, verificationJson(v));
    return v.result === 'ok' ? EXIT.ok : EXIT.refused;
  },
};
