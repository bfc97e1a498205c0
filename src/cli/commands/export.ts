// `checkpoint export`: every stored decision once, as JSON or CSV; sealed manual data opens only with the authority key.
import { fromBase64 } from '../../core/bytes.js';
import { openSealed, type SealKeyPair } from '../../core/seal.js';
import type { DecisionRecord } from '../../core/log.js';
import { DB_FLAGS, withDb } from '../../server/db/open.js';
import { EXIT, UsageError, parseFlags, parseIsoSeconds, readJson, type CliIO, type Command } from '../io.js';
import { stringFlags } from './flags.js';

const HELP = `checkpoint export --format json|csv [--since ISO] [--venue ID] [--authority-key FILE]
                  [--data DIR | --database-url URL]
  Writes every decision record the server holds, each once with its id, in time order: JSON is
  {"records": [...]}, CSV has one header row. --since keeps decisions at or after a time, --venue one venue.
  "venueId" is the venue the device is enrolled for (the server's word); when the device's record named
  another, that is in "deviceVenueId" (the record's hash covers the device's). CSV cells that a spreadsheet
  would run as a formula (starting with = + - @, a tab or a carriage return) are prefixed with '.
  Manual entries' personal data stays sealed (Base64 in "sealed") unless --authority-key names the health
  authority's key file (from \`checkpoint keys authority\`); then it appears opened, in "manual".`;

/** Reads an authority key file: {"publicKey", "secretKey"}, Base64 X25519 keys. */
export async function readAuthorityKey(file: string): Promise<SealKeyPair> {
  const json = (await readJson(file, '--authority-key')) as {
    publicKey?: unknown;
    secretKey?: unknown;
  } | null;
  const publicKey = typeof json?.publicKey === 'string' ? fromBase64(json.publicKey) : null;
  const secretKey = typeof json?.secretKey === 'string' ? fromBase64(json.secretKey) : null;
  if (!publicKey || publicKey.length !== 32 || !secretKey || secretKey.length !== 32)
    throw new UsageError(
      `--authority-key ${file}: expected {"publicKey", "secretKey"} as 32-byte Base64 keys`,
    );
  return { publicKey, secretKey };
}

type Exported = DecisionRecord & { receivedAt: string; deviceVenueId?: string; manual?: unknown };

function opened(record: DecisionRecord, key: SealKeyPair | null): unknown {
  if (!key || !record.sealed) return undefined;
  const bytes = fromBase64(record.sealed);
  const open = bytes ? openSealed(bytes, key) : null;
  if (!open?.ok) return { error: 'cannot open: not sealed to this authority key' };
  const text = new TextDecoder().decode(open.value);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The CSV export's columns, in order. */
export const CSV_COLUMNS = [
  'id',
  'deviceId',
  'seq',
  'at',
  'receivedAt',
  'venueId',
  'policy',
  'policyVersion',
  'source',
  'result',
  'colour',
  'decision',
  'actions',
  'rules',
  'iss',
  'subject',
  'maskedName',
  'idLast4',
  'temperature',
  'override',
  // Who was on shift at the device (chosen at shift start), for the decision and any override (issue 11 item 2).
  'staff',
  'amends',
  'sealed',
  'manual',
  'hash',
  'prevHash',
  'deviceVenueId',
] as const;

/** A CSV cell: quoted when it must be, and never a formula (OWASP: CSV injection), whatever the device wrote. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const raw = Array.isArray(value)
    ? value.join(';')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
  const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `checkpoint export`: the command. */
export const exportCommand: Command = {
  summary: 'export decision records once each (export --format json|csv)',
  help: HELP,
  async run(args: string[], io: CliIO) {
    const { values } = parseFlags(args, {
      ...DB_FLAGS,
      ...stringFlags('format', 'since', 'venue', 'authority-key'),
    });
    if (values.format !== 'json' && values.format !== 'csv')
      throw new UsageError('--format json or --format csv');
    const sinceMs = values.since === undefined ? undefined : parseIsoSeconds(values.since, '--since') * 1000;
    const key = values['authority-key'] ? await readAuthorityKey(values['authority-key']) : null;
    const format = values.format;
    await withDb(values, async (db) => {
      let first = true;
      io.stdout(format === 'json' ? '{"records": [' : CSV_COLUMNS.join(',') + '\n');
      for await (const { record, receivedAt, venueId } of db.records.export({
        ...(sinceMs !== undefined ? { sinceMs } : {}),
        ...(values.venue ? { venueId: values.venue } : {}),
      })) {
        const manual = opened(record, key);
        const out: Exported = { ...record, venueId, receivedAt: new Date(receivedAt).toISOString() };
        if (record.venueId !== venueId) out.deviceVenueId = record.venueId;
        if (manual !== undefined) out.manual = manual;
        if (format === 'json') {
          io.stdout(`${first ? '\n' : ',\n'}  ${JSON.stringify(out)}`);
        } else {
          const row = out as unknown as Record<string, unknown>;
          io.stdout(
            CSV_COLUMNS.map((c) =>
              csvCell(c === 'override' ? (out.override?.decision ?? null) : row[c]),
            ).join(',') + '\n',
          );
        }
        first = false;
      }
      if (format === 'json') io.stdout(first ? ']}\n' : '\n]}\n');
    });
    return EXIT.ok;
  },
};
