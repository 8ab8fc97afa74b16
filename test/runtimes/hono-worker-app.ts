/**
 * The entry bundled for the Hono runtime tests: the conformance Hono app, with the runtime probes
 * (`/__runtime`, `/__vector`, `/__stream-self`) answered by the fetch worker beside it.
 */
import { createHonoApp } from '../conformance/hono-app.js'
import worker from './worker-app.js'

const app = createHonoApp()

export default {
  fetch(request: Request): Promise<Response> | Response {
    const { pathname } = new URL(request.url)
    const probe = pathname.startsWith('/__') && pathname !== '/__stats'
    return probe ? worker.fetch(request) : app.fetch(request)
  },
}
