import type { Queryable } from "../../platform/database/database.js";
import { benutzerJoin } from "../access/index.js";

// All SQL on `benachrichtigung`.

/** A notice, unless one with the same key exists for the user; its id, or undefined. */
export async function insertBenachrichtigung(
  q: Queryable,
  n: {
    benutzerId: string;
    art: string;
    text: string;
    link: string | null;
    schluessel: string | null;
    perMail: boolean;
    gelesen: boolean;
  },
  now: Date,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO benachrichtigung (benutzer_id, art, text, link, schluessel, per_mail, erstellt_am, gelesen_am)
     VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, CASE WHEN $8::boolean THEN $7::timestamptz END)
     ON CONFLICT (benutzer_id, schluessel) WHERE schluessel IS NOT NULL DO NOTHING RETURNING id`,
    [n.benutzerId, n.art, n.text, n.link, n.schluessel, n.perMail, now, n.gelesen],
  );
  return rows[0]?.id;
}

export interface BenachrichtigungZeile {
  id: string;
  art: string;
  text: string;
  link: string | null;
  erstellt_am: Date;
  gelesen_am: Date | null;
}

/** The newest 50 notices of a user. */
export async function neuesteBenachrichtigungen(
  q: Queryable,
  benutzerId: string,
): Promise<BenachrichtigungZeile[]> {
  const { rows } = await q.query<BenachrichtigungZeile>(
    "SELECT id, art, text, link, erstellt_am, gelesen_am FROM benachrichtigung WHERE benutzer_id = $1 ORDER BY erstellt_am DESC LIMIT 50",
    [benutzerId],
  );
  return rows;
}

export async function anzahlUngelesen(q: Queryable, benutzerId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM benachrichtigung WHERE benutzer_id = $1 AND gelesen_am IS NULL",
    [benutzerId],
  );
  return rows[0]!.n;
}

/** Marks one unread notice of a user (or, without id, all) as read; the ids marked. */
export async function markiereGelesen(
  q: Queryable,
  benutzerId: string,
  id: string | null,
  now: Date,
): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE benachrichtigung SET gelesen_am = $3 WHERE benutzer_id = $1 AND gelesen_am IS NULL AND ($2::uuid IS NULL OR id = $2)
     RETURNING id`,
    [benutzerId, id, now],
  );
  return rows.map((r) => r.id);
}

/** Whether the notice exists and is the user's. */
export async function istEigene(q: Queryable, id: string, benutzerId: string): Promise<boolean> {
  const { rows } = await q.query("SELECT 1 FROM benachrichtigung WHERE id = $1 AND benutzer_id = $2", [
    id,
    benutzerId,
  ]);
  return rows.length > 0;
}

/** Up to 1000 notices marked for e-mail and not sent yet, oldest first, of active users with an address. */
export async function zuMailen(
  q: Queryable,
): Promise<{ id: string; email: string; art: string; text: string; link: string | null }[]> {
  const { rows } = await q.query<{
    id: string;
    email: string;
    art: string;
    text: string;
    link: string | null;
  }>(
    `SELECT n.id, b.email, n.art, n.text, n.link FROM benachrichtigung n ${benutzerJoin("b", "n.benutzer_id", "JOIN")}
     WHERE n.per_mail AND n.gemailt_am IS NULL AND b.email IS NOT NULL AND b.aktiv ORDER BY n.erstellt_am LIMIT 1000`,
  );
  return rows;
}

export async function setzeGemailt(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query("UPDATE benachrichtigung SET gemailt_am = $2 WHERE id = $1", [id, now]);
}
