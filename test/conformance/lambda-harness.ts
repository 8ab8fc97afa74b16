/**
 * `createLambdaHandler` driven the way API Gateway drives it: each delivery becomes a payload 2.0
 * event (Function URL shape, Base64 body, as API Gateway encodes binary bodies) and the result
 * becomes a `Response`. No HTTP: Lambda receives whole bodies, so streamed rows are skipped.
 */
import { createLambdaHandler, type LambdaHttpEvent } from '@hookwarden/lambda'
import type { WebhookError } from '@hookwarden/core'
import type { Stats } from './fetch-app.js'
import type { Harness } from './harness.js'
import { createRoutes, echo, errorRecord } from './routes.js'

export function lambdaHarness(): Harness {
  const stats: Stats = { calls: 0, errors: [] }
  const handlers = new Map<string, (event: LambdaHttpEvent) => Promise<Response>>()
  for (const [path, route] of Object.entries(createRoutes())) {
    const handler = createLambdaHandler(
      route.check,
      async (webhook) => {
        stats.calls++
        return { statusCode: 200, body: JSON.stringify(await echo(webhook)) }
      },
      {
        ...(route.limit === undefined ? {} : { limit: route.limit }),
        onError: (error: WebhookError) => stats.errors.push(errorRecord(path, error)),
      },
    )
    handlers.set(path, async (event) => {
      const result = await handler(event, undefined)
      return new Response(result.body, {
        status: result.statusCode,
        headers: result.headers as Record<string, string>,
      })
    })
  }
  return {
    name: 'lambda (payload 2.0 events, direct call)',
    kind: 'lambda',
    skip: (scenario) => scenario.name.includes('16 MiB stream'),
    async start() {},
    async stop() {},
    async send(path, delivery) {
      const parsed = path.startsWith('/parsed/')
      const [route = path, query = ''] = path.split('?')
      const handler = handlers.get(parsed ? route.slice('/parsed'.length) : route)
      if (handler === undefined || !(delivery.body instanceof Uint8Array))
        throw new Error(`no lambda route for ${path}`)
      const body = Buffer.from(delivery.body)
      const event = {
        version: '2.0',
        rawPath: route,
        rawQueryString: query,
        headers: { host: 'abc.lambda-url.us-east-1.on.aws', ...delivery.headers },
        requestContext: {
          domainName: 'abc.lambda-url.us-east-1.on.aws',
          http: { method: delivery.method ?? 'POST' },
        },
        // A JSON body parser (middy's) leaves an object where the text was.
        body: parsed ? (JSON.parse(body.toString('utf8')) as string) : body.toString('base64'),
        isBase64Encoded: !parsed,
      }
      return { response: await handler(event), pulled: undefined, abort() {} }
    },
    stats: async () => structuredClone(stats),
  }
}
