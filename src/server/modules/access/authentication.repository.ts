import type { Queryable, Tx } from "../../platform/database/database.js";

/** `voll`: a session; `zweiter_faktor`, `einrichtung`: a sign-in that still owes or must set up a second factor. */
export type Sitzungsstufe = "voll" | "zweiter_faktor" | "einrichtung";

export interface SitzungRow {
  id: string;
  benutzer_id: string;
  csrf_token: string;
  zuletzt_aktiv_am: Date;
  laeuft_ab_am: Date;
  stufe: Sitzungsstufe;
  anmeldeverfahren: string;
  ip: string | null;
  user_agent: string | null;
  webauthn_challenge: string | null;
  webauthn_challenge_bis: Date | null;
}

export async function insertSitzung(
  q: Queryable,
  s: {
    id: string;
    benutzerId: string;
    csrfToken: string;
    verfahren: string;
    now: Date;
    laeuftAbAm: Date;
    ip: string;
    userAgent: string | null;
    stufe?: Sitzungsstufe;
    faktor?: string | null;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO sitzung (id, benutzer_id, csrf_token, anmeldeverfahren, erstellt_am, zuletzt_aktiv_am, laeuft_ab_am,
       ip, user_agent, stufe, faktor) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10)`,
    [
      s.id,
      s.benutzerId,
      s.csrfToken,
      s.verfahren,
      s.now,
      s.laeuftAbAm,
      s.ip,
      s.userAgent,
      s.stufe ?? "voll",
      s.faktor ?? null,
    ],
  );
}

const SITZUNG_COLUMNS = `id, benutzer_id, csrf_token, zuletzt_aktiv_am, laeuft_ab_am, stufe, anmeldeverfahren, ip,
  user_agent, webauthn_challenge, webauthn_challenge_bis`;

export async function findSitzung(q: Queryable, id: string): Promise<SitzungRow | undefined> {
  const { rows } = await q.query<SitzungRow>(`SELECT ${SITZUNG_COLUMNS} FROM sitzung WHERE id = $1`, [id]);
  return rows[0];
}

/** Locks a sign-in in progress for the step that completes it (one request wins). */
export async function findSitzungForUpdate(q: Queryable, id: string): Promise<SitzungRow | undefined> {
  const { rows } = await q.query<SitzungRow>(
    `SELECT ${SITZUNG_COLUMNS} FROM sitzung WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0];
}

/** Remembers the open WebAuthn challenge of a session (one at a time). */
export async function setzeWebauthnChallenge(
  q: Queryable,
  id: string,
  challenge: string | null,
  bis: Date | null,
): Promise<void> {
  await q.query("UPDATE sitzung SET webauthn_challenge = $2, webauthn_challenge_bis = $3 WHERE id = $1", [
    id,
    challenge,
    bis,
  ]);
}

export async function touchSitzung(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query("UPDATE sitzung SET zuletzt_aktiv_am = $2 WHERE id = $1", [id, now]);
}

export async function deleteSitzung(q: Queryable, id: string): Promise<void> {
  await q.query("DELETE FROM sitzung WHERE id = $1", [id]);
}

export async function deleteSitzungenVon(q: Queryable, benutzerId: string): Promise<void> {
  await q.query("DELETE FROM sitzung WHERE benutzer_id = $1", [benutzerId]);
}

export async function deleteAbgelaufeneSitzungen(
  q: Queryable,
  now: Date,
  idleMinutes: number,
): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM sitzung WHERE laeuft_ab_am < $1 OR zuletzt_aktiv_am < $1::timestamptz - make_interval(mins => $2)`,
    [now, idleMinutes],
  );
  return rowCount ?? 0;
}

// --- login attempts (throttling) -----------------------------------------------------------

/** Advisory lock namespaces (two-int form, apart from the app's single-key locks). */
const LOCK_ADRESSE = 0x616b7701;
const LOCK_KONTO = 0x616b7702;

/** Failures (and checks still running) since a time, with the oldest of them. */
export interface Zaehler {
  anzahl: number;
  aelteste: Date | null;
}

/**
 * Records an attempt as failed before its password is checked, then counts, under locks on the
 * address and on the account: parallel attempts queue here one by one, so each sees all earlier
 * ones and no burst gets past the limit. Locks are taken address first, then account, always in
 * that order (no deadlock), and held only for this short transaction, not for the password check.
 * The count includes the new attempt; a successful check later marks it `erfolgreich`.
 */
export async function beginneAnmeldeversuch(
  tx: Tx,
  v: { zeit: Date; benutzername: string; ip: string; seit: Date },
): Promise<{ id: string; kontoAnAdresse: Zaehler; konto: Zaehler; adresse: Zaehler }> {
  await tx.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LOCK_ADRESSE, v.ip]);
  await tx.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LOCK_KONTO, v.benutzername]);
  const inserted = await tx.query<{ id: string }>(
    "INSERT INTO anmeldeversuch (zeit, benutzername, ip, erfolgreich) VALUES ($1, $2, $3, false) RETURNING id",
    [v.zeit, v.benutzername, v.ip],
  );
  const { rows } = await tx.query<{
    ka: number;
    ka_min: Date | null;
    k: number;
    k_min: Date | null;
    a: number;
    a_min: Date | null;
  }>(
    `SELECT
       count(*) FILTER (WHERE benutzername = $1 AND ip = $2)::int AS ka,
       min(zeit) FILTER (WHERE benutzername = $1 AND ip = $2) AS ka_min,
       count(*) FILTER (WHERE benutzername = $1)::int AS k,
       min(zeit) FILTER (WHERE benutzername = $1) AS k_min,
       count(*) FILTER (WHERE ip = $2)::int AS a,
       min(zeit) FILTER (WHERE ip = $2) AS a_min
     FROM anmeldeversuch WHERE NOT erfolgreich AND zeit > $3 AND (benutzername = $1 OR ip = $2)`,
    [v.benutzername, v.ip, v.seit],
  );
  const r = rows[0]!;
  return {
    id: inserted.rows[0]!.id,
    kontoAnAdresse: { anzahl: r.ka, aelteste: r.ka_min },
    konto: { anzahl: r.k, aelteste: r.k_min },
    adresse: { anzahl: r.a, aelteste: r.a_min },
  };
}

/** The password check of an attempt succeeded: it no longer counts as a failure. */
export async function markiereErfolgreich(q: Queryable, id: string): Promise<void> {
  await q.query("UPDATE anmeldeversuch SET erfolgreich = true WHERE id = $1", [id]);
}

export async function deleteAlteAnmeldeversuche(q: Queryable, before: Date): Promise<number> {
  const { rowCount } = await q.query("DELETE FROM anmeldeversuch WHERE zeit < $1", [before]);
  return rowCount ?? 0;
}

// --- API tokens ----------------------------------------------------------------------------

export interface ApiTokenRow {
  id: string;
  benutzer_id: string;
  name: string;
  praefix: string;
  bereich: "lesen" | "posteingang" | "voll";
  erstellt_am: Date;
  laeuft_ab_am: Date | null;
  widerrufen_am: Date | null;
  zuletzt_benutzt_am: Date | null;
}

const TOKEN_COLUMNS =
  "id, benutzer_id, name, praefix, bereich, erstellt_am, laeuft_ab_am, widerrufen_am, zuletzt_benutzt_am";

export async function insertApiToken(
  q: Queryable,
  t: {
    benutzerId: string;
    name: string;
    tokenHash: string;
    praefix: string;
    now: Date;
    erstelltVon: string | null;
    laeuftAbAm: Date | null;
    bereich: ApiTokenRow["bereich"];
  },
): Promise<ApiTokenRow> {
  const { rows } = await q.query<ApiTokenRow>(
    `INSERT INTO api_token (benutzer_id, name, token_hash, praefix, erstellt_am, erstellt_von, laeuft_ab_am, bereich)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${TOKEN_COLUMNS}`,
    [t.benutzerId, t.name, t.tokenHash, t.praefix, t.now, t.erstelltVon, t.laeuftAbAm, t.bereich],
  );
  return rows[0]!;
}

export async function findApiTokenByHash(q: Queryable, tokenHash: string): Promise<ApiTokenRow | undefined> {
  const { rows } = await q.query<ApiTokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM api_token WHERE token_hash = $1`,
    [tokenHash],
  );
  return rows[0];
}

export async function findApiToken(q: Queryable, id: string): Promise<ApiTokenRow | undefined> {
  const { rows } = await q.query<ApiTokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_token WHERE id = $1`, [id]);
  return rows[0];
}

export async function listApiTokens(q: Queryable, benutzerId?: string): Promise<ApiTokenRow[]> {
  const { rows } = benutzerId
    ? await q.query<ApiTokenRow>(
        `SELECT ${TOKEN_COLUMNS} FROM api_token WHERE benutzer_id = $1 ORDER BY erstellt_am DESC`,
        [benutzerId],
      )
    : await q.query<ApiTokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_token ORDER BY erstellt_am DESC`);
  return rows;
}

export async function revokeApiToken(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query("UPDATE api_token SET widerrufen_am = $2 WHERE id = $1 AND widerrufen_am IS NULL", [id, now]);
}

export async function touchApiToken(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query("UPDATE api_token SET zuletzt_benutzt_am = $2 WHERE id = $1", [id, now]);
}

// --- sessions and tokens of one user (Mein Konto, password change) ----------------------------

export interface SitzungListeRow {
  id: string;
  anmeldeverfahren: string;
  faktor: string | null;
  erstellt_am: Date;
  zuletzt_aktiv_am: Date;
  laeuft_ab_am: Date;
  ip: string | null;
  user_agent: string | null;
}

/** A user's sessions that are still valid at `now`, the most recently used first. */
export async function listSitzungenVon(
  q: Queryable,
  benutzerId: string,
  now: Date,
  idleMinutes: number,
): Promise<SitzungListeRow[]> {
  const { rows } = await q.query<SitzungListeRow>(
    `SELECT id, anmeldeverfahren, faktor, erstellt_am, zuletzt_aktiv_am, laeuft_ab_am, ip, user_agent FROM sitzung
     WHERE benutzer_id = $1 AND stufe = 'voll' AND laeuft_ab_am > $2 AND zuletzt_aktiv_am > $2::timestamptz - make_interval(mins => $3)
     ORDER BY zuletzt_aktiv_am DESC, erstellt_am DESC`,
    [benutzerId, now, idleMinutes],
  );
  return rows;
}

/** Ends all sessions of a user but `ausser` (the one making the change, if any); how many ended. */
export async function deleteSitzungenAusser(
  q: Queryable,
  benutzerId: string,
  ausser: string | null,
): Promise<number> {
  const { rowCount } = await q.query(
    "DELETE FROM sitzung WHERE benutzer_id = $1 AND ($2::text IS NULL OR id <> $2)",
    [benutzerId, ausser],
  );
  return rowCount ?? 0;
}

/** Revokes every token of a user that is not yet revoked; the revoked ones. */
export async function revokeApiTokensVon(
  q: Queryable,
  benutzerId: string,
  now: Date,
): Promise<ApiTokenRow[]> {
  const { rows } = await q.query<ApiTokenRow>(
    `UPDATE api_token SET widerrufen_am = $2 WHERE benutzer_id = $1 AND widerrufen_am IS NULL
     RETURNING ${TOKEN_COLUMNS}`,
    [benutzerId, now],
  );
  return rows;
}
