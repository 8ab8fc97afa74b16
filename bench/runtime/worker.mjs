/**
 * The workerd side: timers do not advance while a worker computes (Spectre mitigation), so the
 * worker only runs `n` verifications of one case per request; Node times the requests.
 */
import { makeCases, repeat } from './cases.mjs'

let cases
export default {
  async fetch(request) {
    cases ??= await makeCases()
    const url = new URL(request.url)
    const fn = cases[url.searchParams.get('size')][url.searchParams.get('case')]
    const failed = await repeat(fn, Number(url.searchParams.get('n')))
    return new Response(String(failed))
  },
}
