// A serial queue: tasks run one at a time, in the order they were handed in, whatever becomes of the one before.
import { describe, expect, it } from 'vitest';
import { createSerial } from '../../src/core/serial.ts';

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

describe('createSerial', () => {
  it('starts a task only once the one before it has settled, and resolves with its result', async () => {
    const serially = createSerial();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([serially(task('a')), serially(task('b')), serially(task('c'))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('rejects with a failing task’s error, and still runs the tasks after it', async () => {
    const serially = createSerial();
    const failed = serially(() => Promise.reject(new Error('log write failed')));
    const next = serially(async () => 'next');
    await expect(failed).rejects.toThrow('log write failed');
    await expect(next).resolves.toBe('next');
  });

  it('keeps two queues apart', async () => {
    const one = createSerial();
    const two = createSerial();
    let release!: () => void;
    const blocked = one(
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    await expect(two(async () => 'not held up')).resolves.toBe('not held up');
    release();
    await blocked;
  });
});
