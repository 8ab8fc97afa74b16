/** Fuzz: basicAuth, apiKey (and gitlab), allOf/anyOf and the presets composed with them. */
import { describeFuzz } from './support/describe-fuzz.js'

describeFuzz('fuzz: credentials and combinators', (s) =>
  ['basicAuth', 'apiKey', 'combinator'].includes(s.family),
)
