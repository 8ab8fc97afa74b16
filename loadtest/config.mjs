/** What the load generator and the receivers agree on. */
export const SECRET = 'loadtest-github-secret'
/** The receivers' body limit (bytes); the oversized deliveries are one byte over it. */
export const LIMIT = 64 * 1024
export const PATH = '/webhooks/github'
