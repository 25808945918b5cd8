export { LibsqlSyncService, type LibsqlSyncServiceOptions } from "./libsql-sync-service.ts";
export type { LocalDatabase } from "./local-database.ts";
