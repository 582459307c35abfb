import type { Queryable } from "../../platform/database/database.js";

/**
 * What the Aktenplan offers other modules to read its tables inside their own queries; the
 * columns listed are the contract.
 */

/** Joins an Aktenplaneinheit as `alias` (columns id, kennzeichen, titel). */
export const einheitJoin = (alias: string, spalte: string, art: "JOIN" | "LEFT JOIN" = "JOIN"): string =>
  `${art} aktenplaneinheit ${alias} ON ${alias}.id = ${spalte}`;

/** The id of an Aktenplaneinheit named by id or Kennzeichen; undefined when none. */
export async function einheitIdVon(
  q: Queryable,
  idOderKennzeichen: string,
  istUuid: boolean,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM aktenplaneinheit WHERE ${istUuid ? "id = $1::uuid" : "kennzeichen = $1"}`,
    [idOderKennzeichen],
  );
  return rows[0]?.id;
}
