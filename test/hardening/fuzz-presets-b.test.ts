/** Fuzz: the HMAC presets, second half (alphabetical). */
import { describeFuzz } from './support/describe-fuzz.js'

describeFuzz('fuzz: HMAC presets (n-z)', (s) => s.family === 'hmac' && /^preset [n-z]/.test(s.name))
