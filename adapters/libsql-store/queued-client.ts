import type { Client, InArgs, InStatement, Row, Transaction } from "@libsql/client";
import { SerialQueue } from "./serial-queue.ts";
import { explainStorageError } from "./storage-errors.ts";

/**
 * The store's one database client, with every call queued behind the previous one (see
 * SerialQueue for why) and results reduced to what the store reads. Reads take the caller's
 * AbortSignal: one still queued when it fires is dropped; one running finishes.
 */
export class QueuedClient {
  readonly #client: Client;
  readonly #queue = new SerialQueue();
  /** The database's location, for error messages. */
  readonly #where: string;
  #closed = false;

  constructor(client: Client, where: string) {
    this.#client = client;
    this.#where = where;
  }

  rows(sql: string, args: InArgs = [], signal?: AbortSignal): Promise<Row[]> {
    return this.#run(async () => (await this.#client.execute({ sql, args })).rows, signal);
  }

  /** Runs one statement (atomic on its own); resolves to the number of rows it changed. */
  execute(sql: string, args: InArgs): Promise<number> {
    return this.#run(async () => (await this.#client.execute({ sql, args })).rowsAffected);
  }

  /** Runs the statements in one write transaction; resolves to the rows each changed. */
  batch(statements: InStatement[]): Promise<number[]> {
    return this.#run(async () => (await this.#client.batch(statements, "write")).map((result) => result.rowsAffected));
  }

  /** A write transaction for work that reads before it writes; committed when `work` resolves. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.#run(async () => {
      const tx = await this.#client.transaction("write");
      try {
        const result = await work(tx);
        await tx.commit();
        return result;
      } finally {
        tx.close();
      }
    });
  }

  /**
   * Several statements in one queued turn: reads with no other call's write between them (a
   * statement of `work` may write, outside a transaction, like the access time of loadContext).
   */
  read<T>(work: (client: Client) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.#run(() => work(this.#client), signal);
  }

  /** Queued, with SQLite's failures explained (a full disk, a read-only or damaged file). */
  #run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.#queue.run(work, signal).catch((error: unknown) => {
      throw explainStorageError(error, this.#where);
    });
  }

  /** Waits for queued calls, then closes; later calls fail. Idempotent. */
  close(): Promise<void> {
    return this.#queue.run(async () => {
      if (this.#closed) return;
      this.#closed = true;
      this.#client.close();
    });
  }
}
