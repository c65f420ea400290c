import 'dotenv/config';
import { defineConfig } from 'prisma/config';

// DATABASE_URL is optional here: `prisma generate` needs none, and migrations run
// through scripts/db-migrate.ts (see README, "Migrations").
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
