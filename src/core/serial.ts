// Running async tasks one at a time, in the order they were handed in.

/** Runs a task after every task handed in before it has settled; resolves or rejects as the task does. */
export type Serial = <T>(task: () => Promise<T>) => Promise<T>;

/** A queue of its own: a task that fails does not stop the ones after it. */
export function createSerial(): Serial {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
}
