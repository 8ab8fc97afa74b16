// OpenTelemetry for the example: metrics served in the Prometheus text format on GET /metrics, and
// spans printed to the console when OTEL_LOG_SPANS=1. A real deployment would more likely start
// `@opentelemetry/sdk-node` (OTLP to a collector) and call openTelemetryEvents() without options.
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { ConsoleSpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace'

export function createTelemetry({ logSpans = false } = {}) {
  // No server of its own: the app serves /metrics on its port (below).
  const prometheus = new PrometheusExporter({ preventServerStart: true })
  const meterProvider = new MeterProvider({ readers: [prometheus] })
  const tracerProvider = new TracerProvider({
    spanProcessors: logSpans
      ? [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })]
      : [],
  })
  return {
    meterProvider,
    tracerProvider,
    /** Express handler for GET /metrics. */
    metrics: (req, res) => prometheus.getMetricsRequestHandler(req, res),
    shutdown: () => Promise.all([meterProvider.shutdown(), tracerProvider.shutdown()]),
  }
}
