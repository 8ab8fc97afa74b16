/**
 * OpenTelemetry spans and metrics for every hookwarden verification.
 * @module
 */
export { openTelemetryEvents } from './open-telemetry-events.js'
export type { OpenTelemetryEventsOptions } from './open-telemetry-events.js'
