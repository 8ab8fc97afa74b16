/** Fuzz: the HMAC presets, first half (alphabetical). */
import { describeFuzz } from './support/describe-fuzz.js'

describeFuzz('fuzz: HMAC presets (a-m)', (s) => s.family === 'hmac' && /^preset [a-m]/.test(s.name))
