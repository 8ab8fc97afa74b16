/**
 * Bounds a promise by a deadline, so a database that hangs (paused, partitioned, swamped) costs a
 * request at most `ms` instead of pg's own defaults (no query or connection timeout).
 */

/** Settles like `promise`, or rejects with a fixed-message `Error` after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('postgres replay store: command timed out')), ms)
    // A pending deadline must not keep a process alive that is otherwise done.
    timer.unref?.()
  })
  // `race` also swallows a late rejection of `promise`, so a timed-out command is no unhandled rejection.
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer))
}
