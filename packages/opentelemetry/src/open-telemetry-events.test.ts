import { createHmac } from 'node:crypto'
import { createVerifier, hmac, memoryReplayStore } from '@hookwarden/core'
import { openTelemetryEvents } from '@hookwarden/opentelemetry'
import { metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import {
  DataPointType,
  MeterProvider,
  MetricReader,
  type HistogramMetricData,
  type MetricData,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics'
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace'
import { afterEach, describe, expect, it } from 'vitest'

/** A reader collected on demand (the SDK's own `collect()`), no export interval. */
class TestReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

function sdk() {
  const spans = new InMemorySpanExporter()
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  })
  const reader = new TestReader()
  const meterProvider = new MeterProvider({ readers: [reader] })
  const collect = async (name: string): Promise<MetricData | undefined> => {
    const { resourceMetrics, errors } = await reader.collect()
    expect(errors).toEqual([])
    return resourceMetrics.scopeMetrics
      .filter((s) => s.scope.name === '@hookwarden/opentelemetry')
      .flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === name)
  }
  return { spans, tracerProvider, meterProvider, collect }
}

/** hrtime [s, ns] to milliseconds. */
const ms = ([s, ns]: [number, number]) => s * 1000 + ns / 1e6

const SECRET_NEW = 'otel-secret-new'
const SECRET_OLD = 'otel-secret-old'
const BODY = '{"type":"invoice.paid"}'
const signed = (secret: string) => ({
  headers: { 'x-sig': createHmac('sha256', secret).update(BODY).digest('hex') },
  body: BODY,
})
const check = () =>
  hmac({ header: 'x-sig', encoding: 'hex', secrets: [SECRET_NEW, SECRET_OLD], name: 'acme' })

afterEach(() => {
  trace.disable()
  metrics.disable()
})

describe('spans', () => {
  it('records a verified event as a span dated back by its duration', async () => {
    const { spans, tracerProvider, meterProvider } = sdk()
    const events = openTelemetryEvents({ tracerProvider, meterProvider })
    events.verified?.({
      check: 'stripe',
      keyId: 'previous',
      keyStatus: 'previous',
      durationMs: 12.5,
    })
    const [span, ...more] = spans.getFinishedSpans()
    expect(more).toEqual([])
    expect(span?.name).toBe('hookwarden.verify')
    expect(span?.kind).toBe(SpanKind.INTERNAL)
    expect(span?.instrumentationScope.name).toBe('@hookwarden/opentelemetry')
    expect(span?.attributes).toEqual({
      'hookwarden.check': 'stripe',
      'hookwarden.outcome': 'verified',
      'hookwarden.key_status': 'previous',
      'hookwarden.key_id': 'previous',
    })
    expect(span?.status.code).toBe(SpanStatusCode.UNSET)
    // Float rounding of the two instants only: well under a microsecond.
    expect(ms(span!.duration)).toBeCloseTo(12.5, 3)
    expect(ms(span!.endTime) - ms(span!.startTime)).toBeCloseTo(12.5, 3)
  })

  it('records a rejection with error.type and status ERROR', async () => {
    const { spans, tracerProvider, meterProvider } = sdk()
    const events = openTelemetryEvents({
      tracerProvider,
      meterProvider,
      spanName: 'webhook.verify',
    })
    events.rejected?.({
      check: 'github',
      code: 'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      status: 401,
      durationMs: 0.2,
    })
    const [span] = spans.getFinishedSpans()
    expect(span?.name).toBe('webhook.verify')
    expect(span?.attributes).toEqual({
      'hookwarden.check': 'github',
      'hookwarden.outcome': 'rejected',
      'hookwarden.code': 'ERR_WEBHOOK_SIGNATURE_MISMATCH',
      'error.type': 'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    })
    expect(span?.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'ERR_WEBHOOK_SIGNATURE_MISMATCH',
    })
  })

  it('marks an acknowledged duplicate, and records handshakes as their own outcome', () => {
    const { spans, tracerProvider, meterProvider } = sdk()
    const events = openTelemetryEvents({ tracerProvider, meterProvider })
    events.verified?.({
      check: 'svix',
      keyId: '0',
      keyStatus: 'current',
      duplicate: true,
      durationMs: 1,
    })
    events.handshake?.({ check: 'slack', status: 200, durationMs: 1 })
    const [duplicate, handshake] = spans.getFinishedSpans()
    expect(duplicate?.attributes['hookwarden.duplicate']).toBe(true)
    expect(handshake?.attributes).toEqual({
      'hookwarden.check': 'slack',
      'hookwarden.outcome': 'handshake',
    })
  })
})

describe('metrics', () => {
  it('counts verifications by check, outcome, code and key status', async () => {
    const { tracerProvider, meterProvider, collect, spans } = sdk()
    const verifier = createVerifier(check(), {
      events: openTelemetryEvents({ tracerProvider, meterProvider }),
    })
    expect((await verifier.verify(signed(SECRET_NEW))).ok).toBe(true)
    expect((await verifier.verify(signed(SECRET_NEW))).ok).toBe(true)
    expect((await verifier.verify(signed(SECRET_OLD))).ok).toBe(true)
    expect((await verifier.verify(signed('forged'))).ok).toBe(false)
    expect((await verifier.verify({ headers: {}, body: BODY })).ok).toBe(false)

    const counter = (await collect('hookwarden.verifications')) as SumMetricData
    expect(counter.descriptor).toMatchObject({ unit: '{verification}' })
    expect(counter.isMonotonic).toBe(true)
    const counts = counter.dataPoints.map((p) => [p.attributes, p.value])
    expect(counts).toEqual(
      expect.arrayContaining([
        [
          {
            'hookwarden.check': 'acme',
            'hookwarden.outcome': 'verified',
            'hookwarden.key_status': 'current',
          },
          2,
        ],
        [
          {
            'hookwarden.check': 'acme',
            'hookwarden.outcome': 'verified',
            'hookwarden.key_status': 'previous',
          },
          1,
        ],
        [
          {
            'hookwarden.check': 'acme',
            'hookwarden.outcome': 'rejected',
            'hookwarden.code': 'ERR_WEBHOOK_SIGNATURE_MISMATCH',
          },
          1,
        ],
        [
          {
            'hookwarden.check': 'acme',
            'hookwarden.outcome': 'rejected',
            'hookwarden.code': 'ERR_WEBHOOK_SIGNATURE_MISSING',
          },
          1,
        ],
      ]),
    )
    expect(counts).toHaveLength(4)
    // One span per verification, keyed the same way.
    expect(spans.getFinishedSpans().map((s) => s.attributes['hookwarden.key_id'])).toEqual([
      '0',
      '0',
      '1',
      undefined,
      undefined,
    ])
  })

  it('records durations in seconds, with buckets fit for microseconds to seconds', async () => {
    const { tracerProvider, meterProvider, collect } = sdk()
    const events = openTelemetryEvents({ tracerProvider, meterProvider })
    const verified = { check: 'stripe', keyId: '0', keyStatus: 'current' } as const
    events.verified?.({ ...verified, durationMs: 0.04 })
    events.verified?.({ ...verified, durationMs: 3 })
    events.verified?.({ ...verified, durationMs: 1500 })

    const histogram = (await collect('hookwarden.verification.duration')) as HistogramMetricData
    expect(histogram.dataPointType).toBe(DataPointType.HISTOGRAM)
    expect(histogram.descriptor).toMatchObject({ unit: 's' })
    const [point, ...more] = histogram.dataPoints
    expect(more).toEqual([])
    expect(point?.value.count).toBe(3)
    expect(point?.value.sum).toBeCloseTo(0.00004 + 0.003 + 1.5, 9)
    expect(point?.value.min).toBeCloseTo(0.00004, 9)
    expect(point?.value.max).toBeCloseTo(1.5, 9)
    const { boundaries, counts } = point!.value.buckets
    expect(boundaries[0]).toBe(0.000025)
    expect(boundaries.at(-1)).toBe(5)
    // 40 µs in (25 µs, 50 µs], 3 ms in (2.5 ms, 5 ms], 1.5 s in (1 s, 2.5 s].
    const bucketOf = (seconds: number) => boundaries.findIndex((b) => seconds <= b)
    expect(counts[bucketOf(0.00004)]).toBe(1)
    expect(counts[bucketOf(0.003)]).toBe(1)
    expect(counts[bucketOf(1.5)]).toBe(1)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3)
  })
})

describe('global providers', () => {
  it('is a no-op without an SDK, and verification goes on', async () => {
    const verifier = createVerifier(check(), { events: openTelemetryEvents() })
    expect((await verifier.verify(signed(SECRET_NEW))).ok).toBe(true)
    expect((await verifier.verify(signed('forged'))).ok).toBe(false)
  })

  it('follows providers registered after it was created (the usual start-up order)', async () => {
    const events = openTelemetryEvents()
    const verifier = createVerifier(check(), { events })
    await verifier.verify(signed(SECRET_NEW))
    const { spans, tracerProvider, meterProvider, collect } = sdk()
    trace.setGlobalTracerProvider(tracerProvider)
    metrics.setGlobalMeterProvider(meterProvider)
    await verifier.verify(signed(SECRET_OLD))
    expect(spans.getFinishedSpans().map((s: ReadableSpan) => s.attributes)).toEqual([
      {
        'hookwarden.check': 'acme',
        'hookwarden.outcome': 'verified',
        'hookwarden.key_status': 'previous',
        'hookwarden.key_id': '1',
      },
    ])
    const counter = (await collect('hookwarden.verifications')) as SumMetricData
    expect(counter.dataPoints.map((p) => p.value)).toEqual([1])
  })
})

describe('with the verifier', () => {
  it('an acknowledged duplicate is counted as verified, never as rejected', async () => {
    const { tracerProvider, meterProvider, collect } = sdk()
    const verifier = createVerifier(check(), {
      replay: memoryReplayStore(),
      events: openTelemetryEvents({ tracerProvider, meterProvider }),
    })
    const options = { status: () => 204 }
    await verifier.handle(signed(SECRET_NEW), () => 'done', options)
    const again = await verifier.handle(signed(SECRET_NEW), () => 'again', options)
    expect(again.ok ? 'ran' : again.rejection.status).toBe(200)
    const counter = (await collect('hookwarden.verifications')) as SumMetricData
    expect(counter.dataPoints.map((p) => [p.attributes['hookwarden.outcome'], p.value])).toEqual([
      ['verified', 2],
    ])
  })

  it('a tracer that throws cannot fail the verification', async () => {
    const { meterProvider } = sdk()
    const exploding = {
      getTracer: () => ({
        startSpan: () => {
          throw new Error('span bug')
        },
        startActiveSpan: () => {
          throw new Error('span bug')
        },
      }),
    }
    const verifier = createVerifier(check(), {
      events: openTelemetryEvents({ tracerProvider: exploding, meterProvider }),
    })
    expect((await verifier.verify(signed(SECRET_NEW))).ok).toBe(true)
    expect((await verifier.verify(signed('forged'))).ok).toBe(false)
  })
})

describe('options', () => {
  it.each<[string, unknown, RegExp]>([
    ['an unknown option', { tracer: {} }, /unknown option 'tracer'/],
    ['an empty span name', { spanName: '' }, /spanName must be a non-empty string/],
    [
      'a tracerProvider that is not one',
      { tracerProvider: {} },
      /must be an OpenTelemetry TracerProvider/,
    ],
    [
      'a meterProvider that is not one',
      { meterProvider: 1 },
      /must be an OpenTelemetry MeterProvider/,
    ],
    ['options that are not an object', 'x', /options must be an object/],
  ])('rejects %s', (_, options, message) => {
    expect(() => openTelemetryEvents(options as never)).toThrow(message)
  })
})
