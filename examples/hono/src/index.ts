// Run with `WEBHOOK_SECRET=whsec_... bun src/index.ts` (Bun serves a default export with `fetch`).
import { createApp } from './app.js'

const secret = process.env['WEBHOOK_SECRET']
if (!secret) throw new Error('set WEBHOOK_SECRET')

export default createApp(secret)
