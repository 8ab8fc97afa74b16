/** Fuzz: RSA (PKCS #1 v1.5 and PSS) and its presets (Wise, PayPal with a stubbed certificate host). */
import { describeFuzz } from './support/describe-fuzz.js'

describeFuzz('fuzz: rsa', (s) => s.family === 'rsa')
