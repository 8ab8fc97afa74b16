// Express 4 and Koa 2 are installed under aliases for the conformance matrix; the current types describe them well enough.
declare module 'express4' {
  import express = require('express')
  export = express
}
declare module 'koa2' {
  import Koa = require('koa')
  export = Koa
}
declare module 'fastify4' {
  export { default } from 'fastify'
}
