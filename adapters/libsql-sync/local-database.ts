import type { InArgs, InStatement, Row, Transaction } from "@libsql/client";

/**
 * The local database as the sync engine uses it: the session store's own queued connection
 * (LibsqlStore.syncDatabase), so sync statements wait their turn behind the store's
 * transactions instead of contending with them from a second connection.
 */
export interface LocalDatabase {
  rows(sql: string, args?: InArgs): Promise<Row[]>;
  execute(sql: string, args: InArgs): Promise<number>;
  batch(statements: InStatement[]): Promise<number[]>;
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
}
