import type { Queryable } from "../../platform/database/database.js";

// All SQL of the second factor: TOTP secrets, passkeys, recovery codes, and the roles that require
// a factor (tables `totp`, `passkey`, `wiederherstellungscode`, `zweiter_faktor_pflicht`).

export interface TotpRow {
  benutzer_id: string;
  geheimnis: string;
  bestaetigt_am: Date | null;
  letzter_schritt: string | null;
}

export async function findTotp(q: Queryable, benutzerId: string): Promise<TotpRow | undefined> {
  const { rows } = await q.query<TotpRow>(
    "SELECT benutzer_id, geheimnis, bestaetigt_am, letzter_schritt FROM totp WHERE benutzer_id = $1",
    [benutzerId],
  );
  return rows[0];
}

/** Locks the user's TOTP row for the check of one code (two requests with one code: one wins). */
export async function findTotpForUpdate(q: Queryable, benutzerId: string): Promise<TotpRow | undefined> {
  const { rows } = await q.query<TotpRow>(
    "SELECT benutzer_id, geheimnis, bestaetigt_am, letzter_schritt FROM totp WHERE benutzer_id = $1 FOR UPDATE",
    [benutzerId],
  );
  return rows[0];
}

/** A new, unconfirmed secret; replaces an earlier unconfirmed one, never a confirmed one. */
export async function setzeTotpEntwurf(
  q: Queryable,
  benutzerId: string,
  geheimnis: string,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO totp (benutzer_id, geheimnis, erstellt_am) VALUES ($1, $2, $3)
     ON CONFLICT (benutzer_id) DO UPDATE SET geheimnis = $2, erstellt_am = $3
       WHERE totp.bestaetigt_am IS NULL`,
    [benutzerId, geheimnis, now],
  );
  return (rowCount ?? 0) > 0;
}

export async function bestaetigeTotp(
  q: Queryable,
  benutzerId: string,
  schritt: number,
  now: Date,
): Promise<void> {
  await q.query("UPDATE totp SET bestaetigt_am = $3, letzter_schritt = $2 WHERE benutzer_id = $1", [
    benutzerId,
    schritt,
    now,
  ]);
}

export async function setzeLetztenSchritt(q: Queryable, benutzerId: string, schritt: number): Promise<void> {
  await q.query("UPDATE totp SET letzter_schritt = $2 WHERE benutzer_id = $1", [benutzerId, schritt]);
}

export async function deleteTotp(q: Queryable, benutzerId: string): Promise<boolean> {
  const { rowCount } = await q.query("DELETE FROM totp WHERE benutzer_id = $1", [benutzerId]);
  return (rowCount ?? 0) > 0;
}

// --- passkeys --------------------------------------------------------------------------------

export interface PasskeyRow {
  id: string;
  benutzer_id: string;
  credential_id: string;
  public_key: Buffer;
  zaehler: string;
  transports: string[];
  name: string;
  erstellt_am: Date;
  zuletzt_benutzt_am: Date | null;
}

const PASSKEY_COLUMNS =
  "id, benutzer_id, credential_id, public_key, zaehler, transports, name, erstellt_am, zuletzt_benutzt_am";

export async function listPasskeys(q: Queryable, benutzerId: string): Promise<PasskeyRow[]> {
  const { rows } = await q.query<PasskeyRow>(
    `SELECT ${PASSKEY_COLUMNS} FROM passkey WHERE benutzer_id = $1 ORDER BY erstellt_am`,
    [benutzerId],
  );
  return rows;
}

export async function findPasskeyByCredentialId(
  q: Queryable,
  credentialId: string,
): Promise<PasskeyRow | undefined> {
  const { rows } = await q.query<PasskeyRow>(
    `SELECT ${PASSKEY_COLUMNS} FROM passkey WHERE credential_id = $1 FOR UPDATE`,
    [credentialId],
  );
  return rows[0];
}

export async function insertPasskey(
  q: Queryable,
  p: {
    benutzerId: string;
    credentialId: string;
    publicKey: Uint8Array;
    zaehler: number;
    transports: string[];
    name: string;
    now: Date;
  },
): Promise<PasskeyRow> {
  const { rows } = await q.query<PasskeyRow>(
    `INSERT INTO passkey (benutzer_id, credential_id, public_key, zaehler, transports, name, erstellt_am)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${PASSKEY_COLUMNS}`,
    [p.benutzerId, p.credentialId, Buffer.from(p.publicKey), p.zaehler, p.transports, p.name, p.now],
  );
  return rows[0]!;
}

export async function benutzePasskey(q: Queryable, id: string, zaehler: number, now: Date): Promise<void> {
  await q.query("UPDATE passkey SET zaehler = $2, zuletzt_benutzt_am = $3 WHERE id = $1", [id, zaehler, now]);
}

export async function deletePasskey(
  q: Queryable,
  benutzerId: string,
  id: string,
): Promise<PasskeyRow | undefined> {
  const { rows } = await q.query<PasskeyRow>(
    `DELETE FROM passkey WHERE benutzer_id = $1 AND id = $2 RETURNING ${PASSKEY_COLUMNS}`,
    [benutzerId, id],
  );
  return rows[0];
}

export async function deletePasskeysVon(q: Queryable, benutzerId: string): Promise<number> {
  const { rowCount } = await q.query("DELETE FROM passkey WHERE benutzer_id = $1", [benutzerId]);
  return rowCount ?? 0;
}

// --- recovery codes --------------------------------------------------------------------------

export interface WiederherstellungscodeRow {
  id: string;
  hash: string;
}

/** The unused codes of a user, locked for the check of one code. */
export async function offeneWiederherstellungscodes(
  q: Queryable,
  benutzerId: string,
): Promise<WiederherstellungscodeRow[]> {
  const { rows } = await q.query<WiederherstellungscodeRow>(
    "SELECT id, hash FROM wiederherstellungscode WHERE benutzer_id = $1 AND verbraucht_am IS NULL FOR UPDATE",
    [benutzerId],
  );
  return rows;
}

export async function zaehleOffeneWiederherstellungscodes(q: Queryable, benutzerId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM wiederherstellungscode WHERE benutzer_id = $1 AND verbraucht_am IS NULL",
    [benutzerId],
  );
  return rows[0]!.n;
}

/** Replaces all codes of a user by new ones (hashes). */
export async function ersetzeWiederherstellungscodes(
  q: Queryable,
  benutzerId: string,
  hashes: string[],
  now: Date,
): Promise<void> {
  await q.query("DELETE FROM wiederherstellungscode WHERE benutzer_id = $1", [benutzerId]);
  await q.query(
    `INSERT INTO wiederherstellungscode (benutzer_id, hash, erstellt_am)
     SELECT $1, h, $3 FROM unnest($2::text[]) AS h`,
    [benutzerId, hashes, now],
  );
}

export async function verbraucheWiederherstellungscode(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query("UPDATE wiederherstellungscode SET verbraucht_am = $2 WHERE id = $1", [id, now]);
}

export async function deleteWiederherstellungscodes(q: Queryable, benutzerId: string): Promise<void> {
  await q.query("DELETE FROM wiederherstellungscode WHERE benutzer_id = $1", [benutzerId]);
}

// --- roles that require a second factor ------------------------------------------------------

export async function pflichtRollen(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ rolle: string }>(
    "SELECT rolle FROM zweiter_faktor_pflicht ORDER BY rolle",
  );
  return rows.map((r) => r.rolle);
}

export async function setzePflichtRollen(q: Queryable, rollen: string[], now: Date): Promise<void> {
  await q.query("DELETE FROM zweiter_faktor_pflicht WHERE NOT (rolle = ANY($1::text[]))", [rollen]);
  await q.query(
    `INSERT INTO zweiter_faktor_pflicht (rolle, gesetzt_am) SELECT r, $2 FROM unnest($1::text[]) AS r
     ON CONFLICT (rolle) DO NOTHING`,
    [rollen, now],
  );
}
