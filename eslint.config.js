// ESLint flat config (STYLE.md §5, §7): typescript-eslint, the package boundary rules, no console in
// library code. Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

const TESTS = ['**/*.test.ts', '**/*.test-d.ts']

/** Node built-ins and frameworks that the universal core must not import (only the `node` side of the crypto seam may). */
const CORE_FORBIDDEN = {
  patterns: [
    {
      regex: '^node:',
      message: 'core is universal: node built-ins go behind the #crypto seam (src/crypto/node.ts).',
    },
  ],
  paths: ['buffer', 'crypto', 'express', 'koa'].map((name) => ({
    name,
    message: 'core is universal: no Node built-ins or frameworks outside src/crypto/node.ts.',
  })),
}

/** Adapters use only the published API of the other packages: no deep imports, no relative reach-ins. */
const ADAPTER_FORBIDDEN = {
  patterns: [
    {
      regex: '^@hookwarden/[^/]+/(?!testing$).+',
      message: 'import the package entry (@hookwarden/core), not its src/, lib/ or dist/ files.',
    },
    {
      regex:
        '^\\.\\.?/(.*/)?(core|express|koa|fetch|redis|postgres|cloudflare|cli|node|lambda|hono|fastify|nestjs|opentelemetry)/(src|lib|dist)(/|$)',
      message: "use the other package's public entry, not its files.",
    },
  ],
}

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/.tmp/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        // For the JavaScript files (TypeScript checks names itself): Node and web platform globals.
        ...Object.fromEntries(
          [
            'process',
            'Buffer',
            'console',
            'setTimeout',
            'clearTimeout',
            'setInterval',
            'clearInterval',
            'setImmediate',
            'queueMicrotask',
            'structuredClone',
            'URL',
            'URLSearchParams',
            'TextEncoder',
            'TextDecoder',
            'Headers',
            'Request',
            'Response',
            'fetch',
            'crypto',
            'AbortController',
            'AbortSignal',
            'ReadableStream',
            'WritableStream',
            'TransformStream',
            'Blob',
            'FormData',
            'atob',
            'btoa',
            'performance',
            'globalThis',
            'addEventListener',
            'navigator',
            'Deno',
            'Bun',
            'DOMException',
            'CryptoKey',
            'EdgeRuntime',
            '__dirname',
            'require',
            'module',
          ].map((name) => [name, 'readonly']),
        ),
      },
    },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // `declare global { namespace Express { … } }` is how Express's request type is extended.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      // `import x = require(…)` is the TypeScript form for `export =` modules (test/conformance/shims.d.ts).
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    // Type-aware, on the TypeScript that a tsconfig covers (tsconfig.json's `include`); the
    // examples' top-level .ts files are in none and get the syntactic rules only.
    files: [
      'packages/*/src/**/*.ts',
      'test/**/*.ts',
      'examples/*/src/**/*.ts',
      'vitest.config.ts',
      'packages/*/tsup.config.ts',
    ],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A switch over a union names every member, or has a `default` that handles the rest on purpose.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    // Strict-mode types without `!` (STYLE.md §7): package sources narrow with a guard, a loop or a
    // checked helper; tests, benchmarks and examples may assert.
    files: ['packages/*/src/**/*.ts'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
  {
    // Library code reports through onError, never the console (the CLI prints by design).
    files: ['packages/**'],
    ignores: ['packages/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['packages/core/src/**'],
    // The node side of the crypto seam is the one place for node:crypto; tests run on Node only.
    ignores: ['packages/core/src/crypto/node.ts', ...TESTS],
    rules: { 'no-restricted-imports': ['error', CORE_FORBIDDEN] },
  },
  {
    files: [
      'packages/{express,koa,fetch,redis,postgres,cloudflare,node,lambda,hono,fastify,nestjs,opentelemetry}/src/**',
    ],
    rules: { 'no-restricted-imports': ['error', ADAPTER_FORBIDDEN] },
  },
)
