/**
 * Presets whose signature material (or credential: Microsoft Graph's clientState) lives in the
 * body, fuzzed by `fuzz-body-fields.test.ts` rather than by the header model (Adyen's header
 * scheme is in the model as well).
 */
export const BODY_FIELD_PRESETS: ReadonlySet<string> = new Set([
  'mailgun',
  'adyen',
  'microsoftGraph',
])
