/** Fuzz: Ed25519 (Discord, Standard Webhooks v1a, JWK keys) and JWS (Plaid ES256, EdDSA). */
import { describeFuzz } from './support/describe-fuzz.js'

describeFuzz('fuzz: ed25519 and jws', (s) => s.family === 'ed25519' || s.family === 'jws')
