/**
 * Bounds a promise by a deadline, so a database that hangs (paused, partitioned, swamped) costs a
 * request at most `ms` instead of pg's own defaults (no query or connection timeout).
 */

/**
 * Settles like `promise`, or rejects with a fixed-message `Error` after `ms`. One promise and one
 * timer per call (no `Promise.race`, no `finally`): it wraps every store command.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('postgres replay store: command timed out')),
      ms,
    )
    // A pending deadline must not keep a process alive that is otherwise done.
    timer.unref?.()
    // A late settlement of `promise` after the deadline is ignored, so no unhandled rejection.
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
