/**
 * Verify that a webhook really came from its sender, unaltered and not replayed.
 * @module
 */

// Verifying
export { createVerifier, verifyWebhook, isVerifier, toVerifier } from './verifier.js'
export type {
  Verifier,
  VerifierOptions,
  VerifyResult,
  VerifiedWebhook,
  Reception,
  RequestSource,
  HandleOptions,
  Handled,
} from './verifier.js'
export { parseWebhookRequest } from './request.js'
export { resolveAdapterOptions } from './adapter-options.js'
export type { AdapterOptions, ResolvedAdapterOptions } from './adapter-options.js'
export type { WebhookRequest, ParsedWebhookRequest, HeadersInput } from './request.js'

// Checks
export type {
  Check,
  CheckContext,
  CheckResult,
  CheckSuccess,
  HandshakeResponse,
  HandshakeResult,
} from './check.js'
export { allOf, anyOf } from './combinators.js'
export { basicAuth, parseBasicAuth } from './checks/basic-auth.js'
export type { BasicAuthOptions, BasicAuthCredential } from './checks/basic-auth.js'
export { apiKey } from './checks/api-key.js'
export type { ApiKeyOptions } from './checks/api-key.js'
export { hmac } from './checks/hmac.js'
export type { HmacOptions, SecretEncoding } from './checks/hmac.js'
export { ecdsa } from './checks/ecdsa.js'
export type { EcdsaOptions, EcdsaSignatureFormat, KeyIdSource } from './checks/ecdsa.js'
export { ed25519 } from './checks/ed25519.js'
export type { Ed25519Options } from './checks/ed25519.js'
export { rsa } from './checks/rsa.js'
export type { RsaOptions, RsaPublicKeys, RsaPadding, RsaHash } from './checks/rsa.js'
export { jws } from './checks/jws.js'
export type { JwsOptions, JwsAlgorithm } from './checks/jws.js'
export type { PublicKeyInput, PublicKeys } from './lib/key-set.js'
export type { Jwk, JwkSet, EcCurve } from './lib/public-key.js'
export type { KeyResolver, RemoteJwksOptions } from './lib/remote-jwks.js'
export type { SignatureOptions, TimestampSource, IdSource } from './checks/signature.js'
export type { SignatureFormat } from './lib/signature-header.js'
export type { SignatureEncoding } from './lib/encoding.js'
export type { TimestampFormat } from './lib/timestamp.js'

// Diagnostics (development use)
export { diagnose } from './diagnose/diagnose.js'
export type { Diagnosis, DiagnoseOptions } from './diagnose/diagnose.js'
export type { Finding, FindingCode } from './diagnose/finding.js'
export { describeCheck } from './diagnose/describe-check.js'
export type {
  CheckDescription,
  SignatureDescription,
  CredentialDescription,
  KeyDescription,
} from './diagnose/describe-check.js'

// Secrets and rotation
export { rotation } from './secrets.js'
export type { Secrets, SecretInput, SecretEntry, RotationOptions, DateInput } from './secrets.js'

// Replay protection
export { memoryReplayStore } from './replay/memory.js'
export type { MemoryReplayStoreOptions } from './replay/memory.js'
export type { ReplayStore, ReserveOutcome } from './replay/store.js'

// Presets
export { presets } from './presets/index.js'
export type { CalendlyOptions } from './presets/calendly.js'
export type { CoinbaseCommerceOptions } from './presets/coinbase-commerce.js'
export type { GitHubOptions } from './presets/github.js'
export type { GitLabOptions } from './presets/gitlab.js'
export type { HubSpotOptions } from './presets/hubspot.js'
export type { IntercomOptions } from './presets/intercom.js'
export type { LemonSqueezyOptions } from './presets/lemon-squeezy.js'
export type { LinearOptions } from './presets/linear.js'
export type { MonimeCommonOptions } from './presets/monime.js'
export type { PaddleOptions } from './presets/paddle.js'
export type { PlaidOptions } from './presets/plaid.js'
export type { SendGridOptions } from './presets/sendgrid.js'
export type { ShopifyOptions } from './presets/shopify.js'
export type { SquareOptions } from './presets/square.js'
export type { StandardWebhooksAsymmetricOptions } from './presets/standard-webhooks-asymmetric.js'
export type { StandardWebhooksOptions } from './presets/standard-webhooks.js'
export type { StripeOptions } from './presets/stripe.js'
export type { TypeformOptions } from './presets/typeform.js'
export type { VercelOptions } from './presets/vercel.js'
export type { WooCommerceOptions } from './presets/woo-commerce.js'
export type { SolvimonOptions, SolvimonWebhook, SolvimonPreset } from './presets/solvimon.js'
export type { EqualsMoneyOptions } from './presets/equals-money.js'
export type { MonimeOptions } from './presets/monime.js'
export type { LuneOptions } from './presets/lune.js'
export type { AsanaOptions } from './presets/asana.js'
export type { DiscordOptions } from './presets/discord.js'
export type { DropboxOptions } from './presets/dropbox.js'
export type { MetaOptions } from './presets/meta.js'
export type { MicrosoftGraphOptions } from './presets/microsoft-graph.js'
export type { OktaOptions } from './presets/okta.js'
export type { SlackOptions } from './presets/slack.js'
export type { TwitchOptions } from './presets/twitch.js'
export type { ZoomOptions } from './presets/zoom.js'
export type { AirwallexOptions } from './presets/airwallex.js'
export type { ChargebeeOptions } from './presets/chargebee.js'
export type { CheckoutComOptions } from './presets/checkout-com.js'
export type { FlutterwaveOptions } from './presets/flutterwave.js'
export type { GoCardlessOptions } from './presets/go-cardless.js'
export type { MandrillOptions } from './presets/mandrill.js'
export type { PaystackOptions } from './presets/paystack.js'
export type { PostmarkOptions } from './presets/postmark.js'
export type { RazorpayOptions } from './presets/razorpay.js'
export type { RecurlyOptions } from './presets/recurly.js'
export type { TwilioOptions } from './presets/twilio.js'
export type { BitbucketOptions } from './presets/bitbucket.js'
export type { CalComOptions } from './presets/cal-com.js'
export type { DocuSignOptions } from './presets/docusign.js'
export type { LagoOptions } from './presets/lago.js'
export type { MuxOptions } from './presets/mux.js'
export type { NetlifyOptions } from './presets/netlify.js'
export type { NotionOptions } from './presets/notion.js'
export type { OpenAiOptions } from './presets/openai.js'
export type { OrbOptions } from './presets/orb.js'
export type { PolarOptions } from './presets/polar.js'
export type { ReplicateOptions } from './presets/replicate.js'
export type { RevolutOptions } from './presets/revolut.js'
export type { SentryOptions } from './presets/sentry.js'
export type { ZendeskOptions } from './presets/zendesk.js'
export type { WiseOptions } from './presets/wise.js'
export type { MailgunOptions } from './presets/mailgun.js'
export type { AdyenOptions } from './presets/adyen.js'
export type { PayPalOptions } from './presets/paypal.js'

// Errors
export {
  WebhookError,
  WebhookVerificationError,
  WebhookConfigError,
  isWebhookError,
  ERROR_STATUS,
} from './errors.js'
export type { WebhookErrorCode, VerificationErrorCode, ConfigErrorCode } from './errors.js'
export { toRejection } from './rejection.js'
export type { Rejection } from './rejection.js'
