/**
 * Answers in the shape of the event that came in: API Gateway v1 or v2, or ALB with the header mode
 * the target group uses (an ALB in multi-value mode ignores `headers`).
 */
import { STATUS_CODES } from 'node:http'
import type { Rejection } from '@hookwarden/core'
import type { EventKind } from './event.js'

type HeaderValue = string | number | boolean

/** What the handler returns: a status, and optionally headers and a body. */
export interface LambdaResult {
  statusCode: number
  headers?: Record<string, HeaderValue> | undefined
  multiValueHeaders?: Record<string, HeaderValue[]> | undefined
  /** Payload 2.0 only (HTTP API, Function URL): each becomes a `Set-Cookie` header. */
  cookies?: string[] | undefined
  body?: string | undefined
  isBase64Encoded?: boolean | undefined
}

/** What the function returns to API Gateway, the Function URL or the ALB. */
export interface LambdaResponse {
  statusCode: number
  statusDescription?: string
  headers?: Record<string, HeaderValue>
  multiValueHeaders?: Record<string, HeaderValue[]>
  cookies?: string[]
  body: string
  isBase64Encoded: boolean
}

/** A rejection (or a duplicate's or handshake's answer) as a handler result. */
export function fromRejection({ status, headers, body }: Rejection): LambdaResult {
  return { statusCode: status, headers: { ...headers }, body }
}

/** `result` in the shape `kind` expects. */
export function toResponse(kind: EventKind, result: LambdaResult): LambdaResponse {
  const { statusCode, headers, multiValueHeaders, cookies } = result
  const response: LambdaResponse = {
    statusCode,
    body: result.body ?? '',
    isBase64Encoded: result.isBase64Encoded ?? false,
  }
  if (kind === 'alb' || kind === 'alb-multi')
    response.statusDescription = `${statusCode} ${STATUS_CODES[statusCode] ?? ''}`.trim()
  if (kind === 'alb-multi') {
    const all: Record<string, HeaderValue[]> = { ...multiValueHeaders }
    for (const [name, value] of Object.entries(headers ?? {})) all[name] = [value]
    response.multiValueHeaders = all
  } else if (kind === 'v1') {
    if (headers) response.headers = headers
    if (multiValueHeaders) response.multiValueHeaders = multiValueHeaders
  } else {
    // Payload 2.0 and single-value ALB read `headers` only: repeated values are joined.
    const all: Record<string, HeaderValue> = { ...headers }
    for (const [name, values] of Object.entries(multiValueHeaders ?? {}))
      all[name] = values.join(', ')
    response.headers = all
    if (kind === 'v2' && cookies) response.cookies = cookies
  }
  return response
}
