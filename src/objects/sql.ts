// The one way objects talk to SQLite: a tagged template that binds every value, and append-only migrations.
// Must not await: callers consume cursors synchronously (docs/architecture.md).

export type SqlValue = string | number | null | ArrayBuffer | Uint8Array;
export type Sql = <T extends Record<string, SqlStorageValue>>(strings: TemplateStringsArray, ...values: SqlValue[]) => SqlStorageCursor<T>;

export function sqlOf(storage: DurableObjectStorage): Sql {
  return (strings, ...values) => storage.sql.exec(strings.join('?'), ...(values as SqlStorageValue[]));
}

/** Runs the numbered migrations not yet applied. Each entry is one step; never edit or reorder old ones. */
export function migrate(storage: DurableObjectStorage, migrations: readonly string[]): void {
  const sql = storage.sql;
  sql.exec('CREATE TABLE IF NOT EXISTS _migrations (version INTEGER PRIMARY KEY)');
  const row = sql.exec<{ v: number | null }>('SELECT MAX(version) AS v FROM _migrations').one();
  for (let v = (row.v ?? 0) + 1; v <= migrations.length; v++) {
    storage.transactionSync(() => {
      sql.exec(migrations[v - 1]);
      sql.exec('INSERT INTO _migrations (version) VALUES (?)', v);
    });
  }
}

/** True once the object has been written to; read paths use it to avoid creating storage for unknown names. */
export function hasTable(storage: DurableObjectStorage, table: string): boolean {
  return storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", table).toArray().length > 0;
}
