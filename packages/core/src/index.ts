/**
 * Verify that a webhook really came from its sender, unaltered and not replayed.
 * @module
 */

// Verifying
export { createVerifier, verifyWebhook, isVerifier } from './verifier.js'
export type { Verifier, VerifierOptions, VerifyResult, VerifiedWebhook, Reception } from './verifier.js'
export { errorResponse } from './response.js'
export type { WebhookResponse } from './response.js'
export { parseWebhookRequest } from './request.js'
export type { WebhookRequest, ParsedWebhookRequest, HeadersInput } from './request.js'

// Checks
export type { Check, CheckContext, CheckResult, CheckSuccess } from './check.js'
export { allOf, anyOf } from './combinators.js'
export { basicAuth, parseBasicAuth } from './checks/basic-auth.js'
export type { BasicAuthOptions, BasicAuthCredential } from './checks/basic-auth.js'
export { apiKey } from './checks/api-key.js'
export type { ApiKeyOptions } from './checks/api-key.js'
export { hmac } from './checks/hmac.js'
export type { HmacOptions, SecretEncoding } from './checks/hmac.js'
export type { SignatureOptions, TimestampSource, IdSource } from './checks/signature.js'
export type { SignatureFormat } from './lib/signature-header.js'
export type { SignatureEncoding } from './lib/encoding.js'
export type { TimestampFormat } from './lib/timestamp.js'

// Secrets and rotation
export { rotation } from './secrets.js'
export type { Secrets, SecretInput, SecretEntry, RotationOptions, DateInput } from './secrets.js'

// Replay protection
export { memoryReplayStore } from './replay/memory.js'
export type { MemoryReplayStoreOptions } from './replay/memory.js'
export type { ReplayStore, ReserveOutcome } from './replay/store.js'

// Presets
export { presets } from './presets/index.js'

// Errors
export { WebhookError, WebhookVerificationError, WebhookConfigError, isWebhookError, ERROR_STATUS } from './errors.js'
export type { WebhookErrorCode, VerificationErrorCode, ConfigErrorCode } from './errors.js'
