// Prepared uploads: every device's chained, device-signed batches are made before the clock starts and written
// to one file per load-generator thread; while the clock runs a device reads its next upload back as bytes
// (from the page cache) and sends it. Memory stays bounded whatever the record count: only offsets are kept.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A record id is a UUID: 36 characters, so a batch's ids are stored back to back without a separator.
const ID_LENGTH = 36;

/** A spool file of prepared uploads for one thread (removed by close()). */
export class Spool {
  constructor(name) {
    this.path = join(tmpdir(), `checkpoint-sim-${process.pid}-${name}.spool`);
    this.fd = openSync(this.path, 'w+');
    this.size = 0;
  }

  /** Appends one upload: its records' ids and the exact HTTP request body; answers where it lies. */
  put(ids, requestBody) {
    if (ids.some((id) => id.length !== ID_LENGTH)) throw new Error('a record id is not a UUID');
    const idBytes = Buffer.from(ids.join(''), 'latin1');
    const body = Buffer.from(requestBody);
    const at = { offset: this.size, ids: idBytes.length, body: body.length };
    writeSync(this.fd, idBytes, 0, idBytes.length, this.size);
    writeSync(this.fd, body, 0, body.length, this.size + idBytes.length);
    this.size += idBytes.length + body.length;
    return at;
  }

  /** Reads an upload back: { ids, body } (body: the bytes to send). */
  get(at) {
    const bytes = Buffer.allocUnsafe(at.ids + at.body);
    readSync(this.fd, bytes, 0, bytes.length, at.offset);
    const text = bytes.toString('latin1', 0, at.ids);
    const ids = [];
    for (let i = 0; i < text.length; i += ID_LENGTH) ids.push(text.slice(i, i + ID_LENGTH));
    return { ids, body: bytes.subarray(at.ids) };
  }

  /** Closes and removes the file. */
  close() {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }
}
