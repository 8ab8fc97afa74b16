/**
 * Fuzz: `hmac` in its formats (value, prefix, pairs, tokens, several encodings, SHA-1, timestamp
 * and id in headers or pairs, signed method and URL). See support/subjects.ts for the shares.
 */
import { describeFuzz } from './support/describe-fuzz.js'

describeFuzz('fuzz: hmac formats', (s) => s.family === 'hmac' && !s.name.startsWith('preset'))
