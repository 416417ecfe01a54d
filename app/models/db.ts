/**
 * The single Prisma client. Nothing else imports the generated client's
 * runtime; models import `db` from here.
 */
import { PrismaClient } from '#prisma/generated/client/client.ts';
import type { PrismaClient as Client } from '#prisma/generated/client/client.ts';
import { createAdapterFactory } from '#app/models/adapter.ts';
import { tuneConnection } from '#app/models/sqlite.ts';

export type { PrismaClient, Prisma, User, Article, Tag, Tagging, Section, Page, Comment, Setting } from '#prisma/generated/client/client.ts';

/** Live binding: importers see the client once `connectDatabase` has run. */
export let db: Client;

export async function connectDatabase(databaseUrl: string): Promise<Client> {
  const client = new PrismaClient({ adapter: createAdapterFactory(databaseUrl) });
  await tuneConnection(client);
  db = client;
  return client;
}

export async function disconnectDatabase(): Promise<void> {
  await db?.$disconnect();
}
