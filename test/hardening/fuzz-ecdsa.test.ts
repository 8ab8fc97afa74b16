/** Fuzz: ECDSA (P-256/384/521, DER, P1363, auto, key ids) and its presets (SendGrid, Monime ES256). */
import { describeFuzz } from './support/describe-fuzz.js'

describeFuzz('fuzz: ecdsa', (s) => s.family === 'ecdsa')
