/**
 * A configuration mistake must not show only as a bare 500: without an `onError` hook it is written
 * to the console, once per message per process. Rejections of bad webhooks never are.
 */
import type { WebhookError } from '../errors.js'

const written = new Set<string>()

/** True for developer mistakes (thrown config errors, or anything unexpected wrapped as one). */
export function isConfigMistake(error: WebhookError): boolean {
  return (
    error.code === 'ERR_WEBHOOK_CONFIG_INVALID' || error.code === 'ERR_WEBHOOK_BODY_UNAVAILABLE'
  )
}

/** Writes `error`'s fixed message (never request data) once. */
export function warnOnce(error: WebhookError): void {
  if (written.has(error.message)) return
  written.add(error.message)
  // eslint-disable-next-line no-console -- the one console write: a config mistake, once, with its fix
  console.error(`hookwarden: ${error.code}: ${error.message}`)
}
