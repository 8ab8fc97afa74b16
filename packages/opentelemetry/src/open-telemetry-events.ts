/**
 * `openTelemetryEvents`: a span and two metrics for every verification, from the verifier's events.
 */
import {
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Counter,
  type Histogram,
  type MeterProvider,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api'
import {
  WebhookConfigError,
  type HandshakeEvent,
  type RejectedEvent,
  type VerificationEvents,
  type VerifiedEvent,
} from '@hookwarden/core'

export interface OpenTelemetryEventsOptions {
  /** Where spans go. Default: the global provider (`trace.setGlobalTracerProvider`, the Node SDK). */
  tracerProvider?: TracerProvider
  /** Where metrics go. Default: the global provider (`metrics.setGlobalMeterProvider`, the Node SDK). */
  meterProvider?: MeterProvider
  /** Name of each span. Default `'hookwarden.verify'`. */
  spanName?: string
}

const OPTION_NAMES = ['tracerProvider', 'meterProvider', 'spanName'] as const

/** The instrumentation scope spans and metrics are reported under. */
const SCOPE = '@hookwarden/opentelemetry'

/**
 * Verifications take microseconds to milliseconds (a remote key set: up to seconds), far below
 * the SDK's default buckets (0 to 10,000, made for milliseconds). Seconds, per the semantic
 * conventions for durations.
 */
const BUCKETS = [
  0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1,
  0.25, 0.5, 1, 2.5, 5,
]

interface Instruments {
  readonly provider: MeterProvider
  readonly verifications: Counter
  readonly duration: Histogram
}

function instruments(provider: MeterProvider): Instruments {
  const meter = provider.getMeter(SCOPE)
  return {
    provider,
    verifications: meter.createCounter('hookwarden.verifications', {
      description: 'Webhook verifications, by check, outcome and error code.',
      unit: '{verification}',
    }),
    duration: meter.createHistogram('hookwarden.verification.duration', {
      description: 'How long verifying a webhook took, signature, timestamp and replay claim.',
      unit: 's',
      advice: { explicitBucketBoundaries: BUCKETS },
    }),
  }
}

/**
 * Verifier `events` that record every verification in OpenTelemetry: a span `hookwarden.verify`
 * (a child of the active span, usually the HTTP request's) and the metrics
 * `hookwarden.verifications` (counter) and `hookwarden.verification.duration` (histogram, seconds).
 * Attributes: `hookwarden.check`, `hookwarden.outcome` (`verified`, `rejected`, `handshake`),
 * `hookwarden.code` and `hookwarden.key_status`; spans also `hookwarden.key_id`, `error.type` and
 * status ERROR on rejection. None of them holds a secret, signature, header value or body byte.
 * Without an OpenTelemetry SDK registered, everything is a no-op.
 *
 * @example
 * const verifier = createVerifier(presets.stripe({ secret: process.env['STRIPE_WEBHOOK_SECRET'] ?? '' }), {
 *   events: openTelemetryEvents(),
 * })
 * // Alert: rate(hookwarden_verifications_total{hookwarden_key_status="previous"}[1h]) > 0
 * @see https://opentelemetry.io/docs/specs/semconv/general/metrics/
 */
export function openTelemetryEvents(options: OpenTelemetryEventsOptions = {}): VerificationEvents {
  if (typeof options !== 'object' || options === null)
    throw new WebhookConfigError('openTelemetryEvents: options must be an object')
  for (const key of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw new WebhookConfigError(
        `openTelemetryEvents: unknown option '${key}'; valid options: ${OPTION_NAMES.join(', ')}`,
      )
    }
  }
  const spanName = options.spanName ?? 'hookwarden.verify'
  if (typeof spanName !== 'string' || spanName === '')
    throw new WebhookConfigError('openTelemetryEvents: spanName must be a non-empty string')
  for (const [name, method] of [
    ['tracerProvider', 'getTracer'],
    ['meterProvider', 'getMeter'],
  ] as const) {
    const provider = options[name] as Record<string, unknown> | undefined
    if (provider !== undefined && typeof provider?.[method] !== 'function') {
      throw new WebhookConfigError(
        `openTelemetryEvents: ${name} must be an OpenTelemetry ${name === 'tracerProvider' ? 'TracerProvider' : 'MeterProvider'}`,
      )
    }
  }

  // The global tracer is a proxy that follows a provider registered later; the global meter is
  // not, so its instruments are made again whenever the global provider changes.
  const tracer: Tracer = (options.tracerProvider ?? trace).getTracer(SCOPE)
  let current: Instruments | undefined
  const meters = (): Instruments => {
    const provider = options.meterProvider ?? metrics.getMeterProvider()
    if (current?.provider !== provider) current = instruments(provider)
    return current
  }

  const record = (
    outcome: 'verified' | 'rejected' | 'handshake',
    check: string,
    durationMs: number,
    extra: Attributes,
    span: Attributes,
  ): void => {
    const attributes: Attributes = {
      'hookwarden.check': check,
      'hookwarden.outcome': outcome,
      ...extra,
    }
    // Events come after the fact: the span is dated back to when verifying began.
    const end = performance.timeOrigin + performance.now()
    const started = tracer.startSpan(spanName, {
      kind: SpanKind.INTERNAL,
      startTime: end - durationMs,
      attributes: { ...attributes, ...span },
    })
    if (outcome === 'rejected') {
      started.setStatus({ code: SpanStatusCode.ERROR, message: String(extra['hookwarden.code']) })
    }
    started.end(end)
    const { verifications, duration } = meters()
    verifications.add(1, attributes)
    duration.record(durationMs / 1000, attributes)
  }

  return {
    verified(event: VerifiedEvent) {
      record(
        'verified',
        event.check,
        event.durationMs,
        { 'hookwarden.key_status': event.keyStatus },
        {
          'hookwarden.key_id': event.keyId,
          ...(event.duplicate === true && { 'hookwarden.duplicate': true }),
        },
      )
    },
    rejected(event: RejectedEvent) {
      record(
        'rejected',
        event.check,
        event.durationMs,
        { 'hookwarden.code': event.code },
        { 'error.type': event.code },
      )
    },
    handshake(event: HandshakeEvent) {
      record('handshake', event.check, event.durationMs, {}, {})
    },
  }
}
