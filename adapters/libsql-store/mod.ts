export { LibsqlStore, openLibsqlStore, type LibsqlStoreOptions } from "./libsql-store.ts";
export { MIGRATIONS, type Migration } from "./migrations.ts";
