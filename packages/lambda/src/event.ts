/**
 * The HTTP events Lambda receives (API Gateway REST and HTTP APIs, Function URLs, ALB) as a
 * `WebhookRequest`: exact body bytes, every header value, the URL the sender called.
 */
import { WebhookConfigError, WebhookVerificationError, type WebhookRequest } from '@hookwarden/core'
import { decodeBase64, decodedSize } from './base64.js'

type Values = Readonly<Record<string, string | undefined>> | null | undefined
type MultiValues = Readonly<Record<string, readonly string[] | undefined>> | null | undefined

/** API Gateway REST API (and HTTP API payload 1.0) proxy event: the fields read here. */
export interface ApiGatewayV1Event {
  readonly httpMethod: string
  readonly path: string
  readonly headers?: Values
  readonly multiValueHeaders?: MultiValues
  readonly queryStringParameters?: Values
  readonly multiValueQueryStringParameters?: MultiValues
  readonly requestContext?: { readonly path?: string | undefined } | null | undefined
  readonly body?: string | null | undefined
  readonly isBase64Encoded?: boolean | undefined
}

/** API Gateway HTTP API payload 2.0 and Lambda Function URL event: the fields read here. */
export interface ApiGatewayV2Event {
  readonly version: string
  readonly rawPath: string
  readonly rawQueryString: string
  readonly headers?: Values
  readonly cookies?: readonly string[] | undefined
  readonly requestContext: {
    readonly domainName: string
    readonly http: { readonly method: string }
  }
  readonly body?: string | null | undefined
  readonly isBase64Encoded: boolean
}

/** Application Load Balancer event (either header mode): the fields read here. */
export interface AlbEvent extends Omit<ApiGatewayV1Event, 'requestContext'> {
  readonly requestContext: { readonly elb: { readonly targetGroupArn: string } }
}

/** Every HTTP event `createLambdaHandler` accepts. */
export type LambdaHttpEvent = ApiGatewayV1Event | ApiGatewayV2Event | AlbEvent

export type EventKind = 'v1' | 'v2' | 'alb' | 'alb-multi'

/** Which trigger sent `event`; a non-HTTP event (S3, SQS, a test event) is a wiring mistake. */
export function eventKind(event: unknown): EventKind {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>
  const context = e['requestContext'] as { elb?: unknown; http?: unknown } | null | undefined
  if (e['version'] === '2.0' && typeof context?.http === 'object') return 'v2'
  if (typeof e['httpMethod'] === 'string' && typeof e['path'] === 'string') {
    if (typeof context?.elb !== 'object') return 'v1'
    return e['multiValueHeaders'] ? 'alb-multi' : 'alb'
  }
  throw new WebhookConfigError(
    'createLambdaHandler: the event is not from API Gateway, a Function URL or an ALB; ' +
      'wire this function to an HTTP trigger (a direct invocation has no request to verify)',
  )
}

const UNAVAILABLE =
  'raw body unavailable: the event is marked isBase64Encoded but its body is not canonical Base64. ' +
  'Pass the event exactly as API Gateway, the Function URL or the ALB delivered it.'

const NOT_TEXT =
  'raw body unavailable: the event body is not a string. Pass the event exactly as API Gateway, ' +
  'the Function URL or the ALB delivered it (middleware such as a JSON body parser replaced it).'

/** The request to verify; throws `ERR_WEBHOOK_BODY_TOO_LARGE` past `limit`, before decoding. */
export function toWebhookRequest(
  kind: EventKind,
  e: LambdaHttpEvent,
  limit: number,
): WebhookRequest {
  const text: unknown = e.body ?? ''
  if (typeof text !== 'string')
    throw new WebhookConfigError(NOT_TEXT, 'ERR_WEBHOOK_BODY_UNAVAILABLE')
  const base64 = e.isBase64Encoded === true
  // UTF-8 never has fewer bytes than UTF-16 code units, so the length alone can reject.
  if ((base64 ? decodedSize(text.length) - 2 : text.length) > limit)
    throw new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE')
  const body = base64 ? decodeBase64(text) : new TextEncoder().encode(text)
  if (body === undefined) throw new WebhookConfigError(UNAVAILABLE, 'ERR_WEBHOOK_BODY_UNAVAILABLE')
  if (body.byteLength > limit) throw new WebhookVerificationError('ERR_WEBHOOK_BODY_TOO_LARGE')
  if (kind === 'v2') {
    const v2 = e as ApiGatewayV2Event
    const headers: Record<string, string | undefined> = { ...v2.headers }
    // Payload 2.0 moves Cookie headers into `cookies`: put them back for checks that read headers.
    if (v2.cookies?.length && !find(headers, 'cookie')) headers['cookie'] = v2.cookies.join('; ')
    const host = find(headers, 'host') ?? v2.requestContext.domainName
    const query = v2.rawQueryString ? `?${v2.rawQueryString}` : ''
    const url = `${scheme(headers)}://${host}${v2.rawPath}${query}`
    return { method: v2.requestContext.http.method, url, headers, body }
  }
  const v1 = e as ApiGatewayV1Event
  const headers = v1.multiValueHeaders ?? v1.headers ?? {}
  // API Gateway decodes query values and puts the stage in requestContext.path; ALB does neither.
  const alb = kind !== 'v1'
  const path = (alb ? undefined : v1.requestContext?.path) ?? v1.path
  const url = `${scheme(headers)}://${find(headers, 'host') ?? 'localhost'}${path}${query(v1, alb)}`
  return { method: v1.httpMethod, url, headers, body }
}

function query(e: ApiGatewayV1Event, raw: boolean): string {
  const encode = raw ? (s: string) => s : encodeURIComponent
  const multi = e.multiValueQueryStringParameters
  const pairs: string[] = []
  for (const [k, v] of Object.entries(multi ?? e.queryStringParameters ?? {}))
    for (const one of typeof v === 'string' ? [v] : (v ?? []))
      pairs.push(`${encode(k)}=${encode(one)}`)
  return pairs.length > 0 ? `?${pairs.join('&')}` : ''
}

function scheme(headers: Values | MultiValues): string {
  return find(headers, 'x-forwarded-proto')?.split(',')[0]?.trim() || 'https'
}

/** A header's first value, by any-case name. */
function find(headers: Values | MultiValues, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {}))
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : value?.[0]
  return undefined
}
