/** prisma/schema.prisma's text → prisma/postgresql/schema.prisma's. */
export function derivePostgresSchema(sqliteSchema: string): string;
