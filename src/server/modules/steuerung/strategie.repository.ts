import type { Queryable } from "../../platform/database/database.js";
import { personNameSql } from "../access/index.js";
import type { StrategieInhalt } from "./strategie.schema.js";

export interface EntwurfZeile {
  inhalt: StrategieInhalt;
  revision: number;
  geaendertAm: Date | null;
}

const LEER: StrategieInhalt = { titel: "", handlungsfelder: [] };

/** The working draft; an empty strategy before the first change. `sperren` locks the row. */
export async function leseEntwurf(q: Queryable, sperren = false): Promise<EntwurfZeile> {
  const { rows } = await q.query<{ inhalt: StrategieInhalt; revision: number; geaendert_am: Date }>(
    `SELECT inhalt, revision, geaendert_am FROM strategie_entwurf WHERE id = 1${sperren ? " FOR UPDATE" : ""}`,
  );
  const r = rows[0];
  return r
    ? { inhalt: r.inhalt, revision: r.revision, geaendertAm: r.geaendert_am }
    : { inhalt: LEER, revision: 0, geaendertAm: null };
}

export async function speichereEntwurf(
  q: Queryable,
  inhalt: StrategieInhalt,
  revision: number,
  jetzt: Date,
  benutzerId: string,
): Promise<void> {
  await q.query(
    `INSERT INTO strategie_entwurf (id, inhalt, revision, geaendert_am, geaendert_von) VALUES (1, $1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET inhalt = EXCLUDED.inhalt, revision = EXCLUDED.revision,
       geaendert_am = EXCLUDED.geaendert_am, geaendert_von = EXCLUDED.geaendert_von`,
    [JSON.stringify(inhalt), revision, jetzt, benutzerId],
  );
}

export interface FassungZeile {
  nummer: number;
  beschlossenAm: string;
  notiz: string;
  erfasstAm: Date;
  erfasstVon: string | null;
}

/** All Fortschreibungen, oldest first (without their content). */
export async function listeFassungen(q: Queryable): Promise<FassungZeile[]> {
  const { rows } = await q.query<{
    nummer: number;
    beschlossen_am: string;
    notiz: string;
    erfasst_am: Date;
    erfasst_von: string | null;
  }>(
    `SELECT f.nummer, to_char(f.beschlossen_am, 'YYYY-MM-DD') AS beschlossen_am, f.notiz, f.erfasst_am,
       ${personNameSql("f.erfasst_von")} AS erfasst_von
     FROM strategie_fassung f ORDER BY f.nummer`,
  );
  return rows.map((r) => ({
    nummer: r.nummer,
    beschlossenAm: r.beschlossen_am,
    notiz: r.notiz,
    erfasstAm: r.erfasst_am,
    erfasstVon: r.erfasst_von,
  }));
}

export async function leseFassung(
  q: Queryable,
  nummer: number,
): Promise<{ nummer: number; beschlossenAm: string; notiz: string; inhalt: StrategieInhalt } | undefined> {
  const { rows } = await q.query<{
    nummer: number;
    beschlossen_am: string;
    notiz: string;
    inhalt: StrategieInhalt;
  }>(
    `SELECT nummer, to_char(beschlossen_am, 'YYYY-MM-DD') AS beschlossen_am, notiz, inhalt
     FROM strategie_fassung WHERE nummer = $1`,
    [nummer],
  );
  const r = rows[0];
  return r && { nummer: r.nummer, beschlossenAm: r.beschlossen_am, notiz: r.notiz, inhalt: r.inhalt };
}

/** Freezes `inhalt` as the next version; returns its number. */
export async function legeFassungAn(
  q: Queryable,
  inhalt: StrategieInhalt,
  beschlossenAm: string,
  notiz: string,
  jetzt: Date,
  benutzerId: string,
): Promise<number> {
  await q.query("SELECT pg_advisory_xact_lock(hashtext('strategie_fassung'))");
  const { rows } = await q.query<{ nummer: number }>(
    `INSERT INTO strategie_fassung (nummer, inhalt, beschlossen_am, notiz, erfasst_am, erfasst_von)
     SELECT COALESCE(max(nummer), 0) + 1, $1, $2, $3, $4, $5 FROM strategie_fassung RETURNING nummer`,
    [JSON.stringify(inhalt), beschlossenAm, notiz, jetzt, benutzerId],
  );
  return rows[0]!.nummer;
}

export interface EinfuehrungZeile {
  oeId: string;
  welle: string;
  geplantAb: string | null;
  pilotAb: string | null;
  produktivAb: string | null;
  geschultAnzahl: number | null;
  geschultProzent: number | null;
}

export async function listeEinfuehrung(q: Queryable): Promise<EinfuehrungZeile[]> {
  const { rows } = await q.query<{
    oe_id: string;
    welle: string;
    geplant_ab: string | null;
    pilot_ab: string | null;
    produktiv_ab: string | null;
    geschult_anzahl: number | null;
    geschult_prozent: string | null;
  }>(
    `SELECT oe_id, welle, to_char(geplant_ab, 'YYYY-MM-DD') AS geplant_ab, to_char(pilot_ab, 'YYYY-MM-DD') AS pilot_ab,
       to_char(produktiv_ab, 'YYYY-MM-DD') AS produktiv_ab, geschult_anzahl, geschult_prozent FROM einfuehrung`,
  );
  return rows.map((r) => ({
    oeId: r.oe_id,
    welle: r.welle,
    geplantAb: r.geplant_ab,
    pilotAb: r.pilot_ab,
    produktivAb: r.produktiv_ab,
    geschultAnzahl: r.geschult_anzahl,
    geschultProzent: r.geschult_prozent === null ? null : Number(r.geschult_prozent),
  }));
}

export async function speichereEinfuehrung(
  q: Queryable,
  e: EinfuehrungZeile,
  jetzt: Date,
  benutzerId: string,
): Promise<void> {
  await q.query(
    `INSERT INTO einfuehrung (oe_id, welle, geplant_ab, pilot_ab, produktiv_ab, geschult_anzahl, geschult_prozent,
       geaendert_am, geaendert_von) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (oe_id) DO UPDATE SET welle = EXCLUDED.welle, geplant_ab = EXCLUDED.geplant_ab,
       pilot_ab = EXCLUDED.pilot_ab, produktiv_ab = EXCLUDED.produktiv_ab, geschult_anzahl = EXCLUDED.geschult_anzahl,
       geschult_prozent = EXCLUDED.geschult_prozent, geaendert_am = EXCLUDED.geaendert_am,
       geaendert_von = EXCLUDED.geaendert_von`,
    [
      e.oeId,
      e.welle,
      e.geplantAb,
      e.pilotAb,
      e.produktivAb,
      e.geschultAnzahl,
      e.geschultProzent,
      jetzt,
      benutzerId,
    ],
  );
}
