import 'dotenv/config';
import { createMigration, deployMigrations } from '../adapters/db/migrations';

// npm run db:migrate -- create NAME   writes prisma/migrations/<ts>_NAME from the schema diff
// npm run db:migrate -- deploy        applies pending migrations to $DATABASE_URL
const [cmd, name] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!url && (cmd === 'create' || cmd === 'deploy')) {
  process.stderr.write('DATABASE_URL is not set: point it at a PostgreSQL server (npm start migrates the embedded one itself)\n');
  process.exit(2);
}
if (cmd === 'create' && name) {
  const folder = await createMigration(url!, name, new Date());
  process.stdout.write(folder ? `created prisma/migrations/${folder}\n` : 'schema unchanged: no migration created\n');
} else if (cmd === 'deploy') {
  const applied = await deployMigrations(url!);
  process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n');
} else {
  process.stderr.write('usage: npm run db:migrate -- create NAME | deploy\n');
  process.exit(2);
}
