import { defineConfig } from 'prisma/config';

// Prisma 7 reads this from the root. Folio applies migrations itself
// (app/models/migrator.ts); the URL here is for Prisma's own CLI tools.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/folio.db' },
});
