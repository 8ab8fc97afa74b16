/**
 * Loads the JSON vectors in this folder (written by `generate.mjs` with node:crypto) and turns a
 * row's input into a `WebhookRequest`. Shared by the co-located core tests on both crypto sides.
 */
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import type { HmacOptions, RotationOptions, VerifyResult, WebhookRequest } from '@hookwarden/core'

/** What a row expects: success (with the reported key id, if any) or an error code. */
export type Expectation = { readonly ok: true; readonly keyId?: string } | { readonly code: string }

export interface Vector<I> {
  readonly name: string
  readonly input: I
  readonly expect: Expectation
}

/** A body as JSON can hold it: UTF-8 text, or hex for bytes that are not UTF-8. */
export type BodyInput = string | { readonly hex: string }

/** Verifier clock: ms since the epoch or an ISO-8601 instant. */
export type NowInput = number | string

/** A row of hmac-hex.json, hmac-base64.json, malformed.json or rotation.json. */
export interface HmacVectorInput {
  readonly check: Omit<HmacOptions, 'secrets'> & { readonly secrets?: HmacOptions['secrets'] }
  /** Secrets built with `rotation()` instead of `check.secrets`. */
  readonly rotation?: RotationOptions<string>
  readonly headers: Record<string, string | string[]>
  readonly body: BodyInput
  readonly now?: NowInput
  readonly verifier?: { readonly tolerance?: number }
}

/** The rows of `test/vectors/<file>`. */
export function loadVectors<I>(file: string): Vector<I>[] {
  return JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')) as Vector<I>[]
}

/** The exact body bytes (or text) a row describes. */
export function toBody(body: BodyInput): Uint8Array | string {
  return typeof body === 'string' ? body : new Uint8Array(Buffer.from(body.hex, 'hex'))
}

/** The verifier clock value of a row; a fixed default keeps untimestamped rows deterministic. */
export function toNow(now: NowInput | undefined): number {
  if (now === undefined) return Date.parse('2026-01-01T00:00:00Z')
  return typeof now === 'number' ? now : Date.parse(now)
}

/** The request of a row. */
export function toRequest(input: {
  headers: Record<string, string | string[]>
  body: BodyInput
}): WebhookRequest {
  return { headers: input.headers, body: toBody(input.body) }
}

/** Asserts a verification result against a row's expectation (code and keyId, never the message). */
export function expectResult(result: VerifyResult, expected: Expectation): void {
  if ('code' in expected) {
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe(expected.code)
  } else {
    expect(result.ok ? undefined : result.error.code).toBeUndefined()
    if (!result.ok) return
    // A row naming no id matched an entry without one: its position in the list stands in.
    if (expected.keyId === undefined) expect(result.webhook.keyId).toMatch(/^(0|[1-9]\d*)$/)
    else expect(result.webhook.keyId).toBe(expected.keyId)
  }
}
