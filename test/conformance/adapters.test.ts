import express5 from 'express'
import express4 from 'express4'
import Koa3 from 'koa'
import Koa2 from 'koa2'
import { describeAdapters } from './describe-adapters.js'
import { lambdaHarness } from './lambda-harness.js'
import {
  expressHarness,
  fetchHarness,
  honoHarness,
  koaHarness,
  nodeHarness,
} from './node-harnesses.js'

describeAdapters([
  expressHarness('express 5', express5),
  expressHarness('express 4', express4),
  koaHarness('koa 3', Koa3),
  koaHarness('koa 2', Koa2),
  fetchHarness(),
  nodeHarness(),
  honoHarness(),
  lambdaHarness(),
])
