import type { Queryable } from "../database/database.js";

/**
 * Records a stored blob in the `blob` table (the platform's), in the transaction of the row that
 * refers to it: fsck and the garbage collection know every blob from here. Idempotent.
 */
export async function registriereBlob(
  q: Queryable,
  sha256: string,
  groesse: number,
  now: Date,
): Promise<void> {
  await q.query(
    "INSERT INTO blob (sha256, groesse, erstellt_am) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING",
    [sha256, groesse, now],
  );
}

/** The recorded size of a blob; undefined when the blob is not recorded. */
export async function blobGroesse(q: Queryable, sha256: string): Promise<number | undefined> {
  const { rows } = await q.query<{ groesse: string | number }>("SELECT groesse FROM blob WHERE sha256 = $1", [
    sha256,
  ]);
  return rows[0] ? Number(rows[0].groesse) : undefined;
}
