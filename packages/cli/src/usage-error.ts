/**
 * A mistake in how the command was called or configured: reported on stderr, exit status 2.
 */

/** Thrown for bad flags, unreadable files, missing variables and invalid preset options. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** Exit statuses: accepted / rejected / usage or configuration error. */
export const EXIT = { accepted: 0, rejected: 1, usage: 2 } as const
