/**
 * Keeping the exact request bytes when a body parser has to run before the webhook route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

// example prelude: const app = express()
/**
 * A `verify` callback for `express.json()`, `express.text()` or `express.urlencoded()` that keeps
 * the exact bytes on `req.rawBody`, so the webhook route can verify them after the parser ran.
 *
 * @example
 * app.use(express.json({ verify: keepRawBody }))
 */
export function keepRawBody(req: IncomingMessage, _res: ServerResponse, buffer: Buffer): void {
  ;(req as IncomingMessage & { rawBody?: Buffer }).rawBody = buffer
}
