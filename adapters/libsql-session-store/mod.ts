export { LibsqlSessionStore, openLibsqlSessionStore, type LibsqlSessionStoreOptions } from "./libsql-session-store.ts";
export { MIGRATIONS, type Migration } from "./migrations.ts";
