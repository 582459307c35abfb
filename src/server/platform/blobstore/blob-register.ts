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

/**
 * Removes the registry rows of those `kandidaten` nothing refers to any more, and returns them:
 * their content may leave the store once the transaction has committed. `bezuege` are the owners'
 * SQL predicates "this blob is still used" over the SQL expression they are given (the platform
 * names no module's table); a blob any of them holds stays.
 */
export async function entferneBlobsOhneBezug(
  q: Queryable,
  kandidaten: string[],
  bezuege: ((sha256: string) => string)[],
): Promise<string[]> {
  if (!kandidaten.length) return [];
  const benutzt = bezuege.map((bezug) => `AND NOT ${bezug("b.sha256")}`).join(" ");
  const { rows } = await q.query<{ sha256: string }>(
    `DELETE FROM blob b WHERE b.sha256 = ANY($1) ${benutzt} RETURNING b.sha256`,
    [kandidaten],
  );
  return rows.map((r) => r.sha256);
}
