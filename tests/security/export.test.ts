// Issue 11 item 12, "export": a device's records uploaded to a real `checkpoint serve` (SQLite and PostgreSQL)
// and exported with `checkpoint export`: CSV cells a spreadsheet would run as formulas are neutralised, and the
// venue shown is the one the server enrolled the device for, not the one the device wrote in its records.
import { beforeAll, describe, expect, it } from 'vitest';
import { chain } from '../support/chains.js';
import { sampleEntry } from '../support/entries.js';
import { cliChild, ensureBuilt } from '../support/cli.js';
import { enrolOverHttp, suiteServe, postBatch } from '../support/serve.js';
import { BACKENDS } from '../support/server.js';

beforeAll(() => ensureBuilt(), 120_000);

/** The cells of a CSV line (quoted cells unquoted). */
function cells(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m && m[0] !== ''; m = re.exec(line)) {
    const cell = m[1]!;
    out.push(cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell);
    if (m[2] === '') break;
  }
  return out;
}

const ATTACKS = [
  '=HYPERLINK("http://evil.example","x")',
  '+1+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(A1:A2)',
  '\tTAB',
  '\rCR',
];

describe.each(BACKENDS)('export of what a device sent, on $name', ({ make }) => {
  const t = suiteServe(make);
  let ids: string[];
  let header: string[];
  let rows: string[][];
  let json: { id: string; venueId: string; deviceVenueId?: string }[];

  beforeAll(async () => {
    const device = await enrolOverHttp(t.serve.url, t.db, t.venueId);
    // Each record names a venue of the device's own choosing, and carries one attack in a text field.
    const records = chain(device.id, 'venue-claimed-by-device', ATTACKS.length, null, (i) => ({
      ...sampleEntry(i, 'venue-claimed-by-device'),
      maskedName: ATTACKS[i - 1]!,
      // The staff member typed at shift start is the device's word too: the same cell rules hold.
      staff: ATTACKS[i - 1]!,
    }));
    ids = records.map((r) => r.id);
    const res = await postBatch(t.serve.url, device, records);
    expect(res.status).toBe(200);
    const lines = cliChild(['export', '--format', 'csv', '--venue', t.venueId], t.backend.location())
      .stdout.trim()
      .split('\n');
    header = cells(lines[0]!);
    rows = lines.slice(1).map(cells);
    json = (
      JSON.parse(
        cliChild(['export', '--format', 'json', '--venue', t.venueId], t.backend.location()).stdout,
      ) as {
        records: typeof json;
      }
    ).records;
  }, 90_000);

  it.each(ATTACKS.map((attack, i) => [attack, i] as const))(
    'neutralises a CSV cell starting %j',
    (attack, i) => {
      const row = rows.find((c) => c[header.indexOf('id')] === ids[i]);
      expect(row, 'the record is exported').toBeDefined();
      expect(row![header.indexOf('maskedName')]).toBe(`'${attack}`);
      expect(row![header.indexOf('staff')]).toBe(`'${attack}`);
    },
  );

  it("shows the server's venue, and the device's claim only beside it", () => {
    expect(rows.map((c) => c[header.indexOf('venueId')])).toEqual(ids.map(() => t.venueId));
    expect(json.map((r) => [r.venueId, r.deviceVenueId])).toEqual(
      ids.map(() => [t.venueId, 'venue-claimed-by-device']),
    );
  });
});
