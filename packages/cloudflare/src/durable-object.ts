/**
 * The Durable Object class behind `durableObjectReplayStore`; import it only in a Worker (it
 * depends on `cloudflare:workers`), and export it from the Worker's main module.
 * @module
 */
export { ReplayStoreObject } from './replay-store-object.js'
