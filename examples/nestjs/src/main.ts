// Starts the example with STRIPE_WEBHOOK_SECRET (and PORT). Nest needs legacy decorators: run it
// through a compiler that keeps them (tsc or swc with experimentalDecorators, as in tsconfig.json).
import { createApp } from './app.js'

const secret = process.env['STRIPE_WEBHOOK_SECRET']
if (!secret) throw new Error('set STRIPE_WEBHOOK_SECRET')
const app = await createApp(secret)
await app.listen(Number(process.env['PORT'] ?? 3000), '127.0.0.1')
console.log(`listening on ${await app.getUrl()}/webhooks/stripe`)
