import type { Check } from '../check.js'
import { rsa, type RsaPublicKeys } from '../checks/rsa.js'
import { WebhookConfigError } from '../errors.js'
import { presetOptions } from '../lib/preset.js'

export interface WiseOptions {
  /**
   * Which of Wise's published signing keys to use: `'production'` (api.wise.com) or `'sandbox'`
   * (api.sandbox.transferwise.tech). Give `environment` or `publicKey`.
   */
  environment?: 'production' | 'sandbox'
  /** Wise's public key(s) as PEM or Base64 DER, when you pin them yourself (or Wise rotates). */
  publicKey?: RsaPublicKeys
}

/** Wise's webhook signing keys, verbatim from its event-handling guide (RSA-2048). */
const WISE_PUBLIC_KEYS = {
  production: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvO8vXV+JksBzZAY6GhSO
XdoTCfhXaaiZ+qAbtaDBiu2AGkGVpmEygFmWP4Li9m5+Ni85BhVvZOodM9epgW3F
bA5Q1SexvAF1PPjX4JpMstak/QhAgl1qMSqEevL8cmUeTgcMuVWCJmlge9h7B1CS
D4rtlimGZozG39rUBDg6Qt2K+P4wBfLblL0k4C4YUdLnpGYEDIth+i8XsRpFlogx
CAFyH9+knYsDbR43UJ9shtc42Ybd40Afihj8KnYKXzchyQ42aC8aZ/h5hyZ28yVy
Oj3Vos0VdBIs/gAyJ/4yyQFCXYte64I7ssrlbGRaco4nKF3HmaNhxwyKyJafz19e
HwIDAQAB
-----END PUBLIC KEY-----`,
  sandbox: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwpb91cEYuyJNQepZAVfP
ZIlPZfNUefH+n6w9SW3fykqKu938cR7WadQv87oF2VuT+fDt7kqeRziTmPSUhqPU
ys/V2Q1rlfJuXbE+Gga37t7zwd0egQ+KyOEHQOpcTwKmtZ81ieGHynAQzsn1We3j
wt760MsCPJ7GMT141ByQM+yW1Bx+4SG3IGjXWyqOWrcXsxAvIXkpUD/jK/L958Cg
nZEgz0BSEh0QxYLITnW1lLokSx/dTianWPFEhMC9BgijempgNXHNfcVirg1lPSyg
z7KqoKUN0oHqWLr2U1A+7kqrl6O2nx3CKs1bj1hToT1+p4kcMoHXA7kA+VBLUpEs
VwIDAQAB
-----END PUBLIC KEY-----`,
} as const

/**
 * Wise (formerly TransferWise): `X-Signature-SHA256` is a Base64 RSA-SHA256 (PKCS #1 v1.5)
 * signature of the raw body, made with Wise's key for the environment. Nothing time-bound is
 * signed, so use a replay store; `X-Delivery-Id` and `X-Test-Notification` are not signed and
 * serve neither as replay key nor as a reason to skip verification (test notifications are signed
 * like any other).
 *
 * @example
 * const check = presets.wise({ environment: 'production' })
 * @see https://docs.wise.com/guides/developer/webhooks/event-handling
 */
export function wise(options: WiseOptions): Check {
  const opts = presetOptions(options, 'wise', ['environment', 'publicKey'])
  const { environment } = opts
  if (environment !== undefined && !Object.hasOwn(WISE_PUBLIC_KEYS, environment)) {
    throw new WebhookConfigError("wise: environment must be 'production' or 'sandbox'")
  }
  const publicKey = environment === undefined ? opts.publicKey : WISE_PUBLIC_KEYS[environment]
  if (publicKey === undefined || (environment !== undefined && opts.publicKey !== undefined)) {
    throw new WebhookConfigError(
      "wise: give environment ('production' or 'sandbox') or publicKey, exactly one",
    )
  }
  return rsa({
    name: 'wise',
    header: 'x-signature-sha256',
    encoding: 'base64',
    padding: 'pkcs1',
    hash: 'SHA-256',
    publicKey,
  })
}
