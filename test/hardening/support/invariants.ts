/**
 * What must hold for every answer the verifier gives, whatever the input: only codes from the
 * table, with their status and fixed message, and no secret anywhere in the error.
 */
import {
  ERROR_STATUS,
  WebhookVerificationError,
  type VerificationErrorCode,
  type WebhookErrorCode,
} from '@hookwarden/core'

const VERIFICATION_CODES = (Object.keys(ERROR_STATUS) as WebhookErrorCode[]).filter(
  (code): code is VerificationErrorCode => code !== 'ERR_WEBHOOK_CONFIG_INVALID',
)

/** The fixed message of each code, read from the library once (so a message that varies fails). */
export const FIXED_MESSAGES: ReadonlyMap<string, string> = new Map(
  VERIFICATION_CODES.map((code) => [code, new WebhookVerificationError(code).message]),
)

/** Every string reachable from an error: message, `String()`, stack, JSON, own properties, causes. */
export function errorTexts(error: unknown, depth = 0): string[] {
  if (depth > 8) return []
  if (typeof error !== 'object' || error === null) return [String(error)]
  const texts: string[] = []
  const e = error as { message?: unknown; stack?: unknown; cause?: unknown }
  texts.push(String(error))
  if (typeof e.message === 'string') texts.push(e.message)
  if (typeof e.stack === 'string') texts.push(e.stack)
  try {
    texts.push(JSON.stringify(error) ?? '')
  } catch {
    texts.push('<unserialisable>')
  }
  for (const key of Reflect.ownKeys(error)) {
    const value = (error as Record<PropertyKey, unknown>)[key]
    if (typeof value === 'string') texts.push(value)
  }
  if (e.cause !== undefined) texts.push(...errorTexts(e.cause, depth + 1))
  return texts
}

/** Throws naming the first canary found in `texts` (secrets, keys, signatures, bodies). */
export function assertNoCanary(
  texts: readonly string[],
  canaries: readonly string[],
  where: string,
): void {
  for (const text of texts) {
    for (const canary of canaries) {
      if (canary.length >= 8 && text.includes(canary)) {
        throw new Error(
          `${where}: a secret or request value leaked: ${JSON.stringify(canary.slice(0, 12))}...`,
        )
      }
    }
  }
}

/**
 * A verification failure as the contract says: a `WebhookVerificationError` with a code from the
 * table (never the config code), its status, its fixed message, no cause; `deep` also scans every
 * text of the error for `canaries` (the stack is formatted lazily, so not on every run).
 */
export function assertSoundRejection(
  error: unknown,
  canaries: readonly string[],
  deep: boolean,
): void {
  if (!(error instanceof WebhookVerificationError))
    throw new Error(`not a WebhookVerificationError: ${String(error)}`)
  const message = FIXED_MESSAGES.get(error.code)
  if (message === undefined) throw new Error(`code outside the table: ${error.code}`)
  if (error.status !== ERROR_STATUS[error.code])
    throw new Error(`${error.code} with status ${error.status}`)
  if (error.message !== message)
    throw new Error(`${error.code} with a message that is not its fixed one`)
  if (error.cause !== undefined) throw new Error(`${error.code} carries a cause`)
  if (
    error.challenge !== undefined &&
    !/^Basic realm="[^"]*", charset="UTF-8"$/.test(error.challenge)
  ) {
    throw new Error(`${error.code} with an unexpected challenge`)
  }
  if (deep) assertNoCanary(errorTexts(error), canaries, error.code)
}
