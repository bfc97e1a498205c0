// `checkpoint issue`: signs a health code as an issuer would (for demos, tests and interop checks).
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex } from '../../core/bytes.js';
import { encodeHcq1 } from '../../core/hcq1/encode.js';
import { COLOURS, type Colour, type HealthClaims } from '../../core/hcq1/types.js';
import { last4, maskName, validateDocument } from '../../core/identity.js';
import { parseIssuerSecretFile } from '../../core/issuer.js';
import { EXIT, UsageError, emit, parseFlags, parseIsoSeconds, readJson, type Command } from '../io.js';
import { parseTestFlag, stringFlags, switchFlags } from './flags.js';

const HELP = `checkpoint issue --key FILE --color green|yellow|red --id DOCNUMBER --name NAME
                 [--ttl SECONDS] [--since ISO] [--test negative@ISO|positive@ISO] [--doses N] [--proxy] [--at ISO]
  Prints {"text": "HCQ1:..."}: a code signed with the issuer key FILE (from \`checkpoint keys issuer\`).
  The subject id is the issuer's keyed hash of DOCNUMBER; the name is masked and only the last 4
  characters of DOCNUMBER are carried. An 18-character resident ID (or 2017 foreign permanent-residence
  card, starting with 9) must pass its GB 11643 check character. --ttl defaults to 300 s, --since and --at to now.`;

/** The document number checked as manual entry checks it: an 18-character card number must pass its check character. */
function checkDocumentNumber(doc: string): void {
  if (!/^\d{17}[\dX]$/i.test(doc)) return;
  const checked = validateDocument(doc.startsWith('9') ? 'foreign-permanent-id' : 'resident-id', doc);
  if (!checked.ok) throw new UsageError(`--id: ${checked.error.message}`);
}

/** The issuer's pseudonymous subject id: a keyed hash of the document number, stable per issuer. */
export function subjectId(secretKey: Uint8Array, documentNumber: string): Uint8Array {
  const key = sha256(
    new Uint8Array([...new TextEncoder().encode('HCQ1 subject id:'), ...secretKey.slice(0, 32)]),
  );
  return hmac(sha256, key, new TextEncoder().encode(documentNumber.trim().toUpperCase())).slice(0, 16);
}

/** `checkpoint issue`. */
export const issue: Command = {
  summary: 'sign a health code with an issuer key (demo and interop)',
  help: HELP,
  async run(args, io) {
    const { values } = parseFlags(args, {
      ...stringFlags('key', 'color', 'id', 'name', 'ttl', 'since', 'test', 'doses', 'at', 'subject'),
      ...switchFlags('proxy'),
    });
    if (!values.key) throw new UsageError('--key FILE is required');
    const secret = parseIssuerSecretFile(await readJson(values.key, '--key'));
    if (!secret.ok) throw new UsageError(`--key ${values.key}: ${secret.error}`);
    if (!values.color || !COLOURS.includes(values.color as Colour))
      throw new UsageError(`--color: expected one of ${COLOURS.join(', ')}`);
    const doc = values.id?.trim();
    if (!doc || !/^[0-9A-Za-z]{4,32}$/.test(doc))
      throw new UsageError('--id: expected a document number (4–32 letters or digits)');
    checkDocumentNumber(doc);
    if (!values.name?.trim()) throw new UsageError('--name is required');
    const now = values.at ? parseIsoSeconds(values.at, '--at') : Math.floor(Date.now() / 1000);
    const ttl = values.ttl === undefined ? 300 : Number(values.ttl);
    if (!Number.isInteger(ttl) || ttl <= 0)
      throw new UsageError(`--ttl ${values.ttl}: expected whole seconds above 0`);
    const doses = values.doses === undefined ? undefined : Number(values.doses);
    if (doses !== undefined && !(Number.isInteger(doses) && doses >= 0 && doses < 100))
      throw new UsageError(`--doses ${values.doses}: expected a whole number`);
    const subject = values.subject ? fromHex(values.subject) : subjectId(secret.value.secretKey, doc);
    if (!subject || subject.length !== 16) throw new UsageError('--subject: expected 16 bytes of hex');
    const claims: HealthClaims = {
      iss: secret.value.key.iss,
      iat: now,
      exp: now + ttl,
      subject,
      colour: values.color as Colour,
      colourSince: values.since ? parseIsoSeconds(values.since, '--since') : now,
      name: maskName(values.name.trim()),
      idLast4: last4(doc),
    };
    if (values.test) claims.test = parseTestFlag(values.test);
    if (doses !== undefined) claims.doses = doses;
    if (values.proxy) claims.proxy = true;
    const text = encodeHcq1(claims, {
      kid: fromHex(secret.value.key.kid)!,
      secretKey: secret.value.secretKey,
    });
    emit(io, {
      text,
      kid: secret.value.key.kid,
      iss: claims.iss,
      subject: Buffer.from(subject).toString('hex'),
    });
    return EXIT.ok;
  },
};
