import express5 from 'express'
import express4 from 'express4'
import fastify5 from 'fastify'
import fastify4 from 'fastify4'
import Koa3 from 'koa'
import Koa2 from 'koa2'
import { describeAdapters } from './describe-adapters.js'
import { fastifyHarness, nestHarness } from './framework-harnesses.js'
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
  fastifyHarness('fastify 5', () => fastify5()),
  // Fastify 4's types differ in details the plugin does not use; its runtime is what is tested.
  fastifyHarness('fastify 4', () => fastify4() as unknown as ReturnType<typeof fastify5>),
  nestHarness('nestjs (platform-express)', 'express'),
  nestHarness('nestjs (platform-fastify)', 'fastify'),
  nodeHarness(),
  honoHarness(),
  lambdaHarness(),
])
