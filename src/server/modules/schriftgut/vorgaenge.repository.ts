import { anzeigenameSql, benutzerJoin } from "../access/index.js";
import type { Queryable } from "../../platform/database/database.js";
import type { Vorgang, VorgangKurz, VorgangStatus } from "./vorgaenge.types.js";

interface KurzRow {
  id: string;
  nr: number;
  aktenzeichen: string;
  betreff: string;
  status: VorgangStatus;
  frist: string | null;
  zda_am: Date | null;
  anzahl_dokumente: number;
  erstellt_am: Date;
}

const toKurz = (r: KurzRow): VorgangKurz => ({
  id: r.id,
  nr: r.nr,
  zeichen: `${r.aktenzeichen}-${r.nr}`,
  betreff: r.betreff,
  status: r.status,
  frist: r.frist,
  zdaAm: r.zda_am?.toISOString() ?? null,
  anzahlDokumente: r.anzahl_dokumente,
  erstelltAm: r.erstellt_am.toISOString(),
});

export async function listVorgaenge(q: Queryable, akteId: string): Promise<VorgangKurz[]> {
  const { rows } = await q.query<KurzRow>(
    `SELECT v.id, v.nr, a.aktenzeichen, v.betreff, v.status, v.frist::text, v.zda_am, v.erstellt_am,
       (SELECT count(*)::int FROM dokument d WHERE d.vorgang_id = v.id) AS anzahl_dokumente
     FROM vorgang v JOIN akte a ON a.id = v.akte_id WHERE v.akte_id = $1 ORDER BY v.nr`,
    [akteId],
  );
  return rows.map(toKurz);
}

export async function getVorgang(
  q: Queryable,
  id: string,
): Promise<(Omit<Vorgang, "rechte" | "metadatenfelder"> & { aktenplaneinheitId: string }) | undefined> {
  const { rows } = await q.query<
    KurzRow & {
      akte_id: string;
      akte_betreff: string;
      aktenplaneinheit_id: string;
      zda_von: string | null;
      zda_von_name: string | null;
      metadaten: Record<string, unknown>;
      erstellt_von: string | null;
      erstellt_von_name: string | null;
      geaendert_am: Date;
    }
  >(
    `SELECT v.id, v.nr, a.aktenzeichen, v.betreff, v.status, v.frist::text, v.zda_am, v.erstellt_am, v.geaendert_am,
       a.id AS akte_id, a.betreff AS akte_betreff, a.aktenplaneinheit_id, v.metadaten,
       v.zda_von, ${anzeigenameSql("zu")} AS zda_von_name,
       v.erstellt_von, ${anzeigenameSql("eu")} AS erstellt_von_name,
       (SELECT count(*)::int FROM dokument d WHERE d.vorgang_id = v.id) AS anzahl_dokumente
     FROM vorgang v JOIN akte a ON a.id = v.akte_id
     ${benutzerJoin("zu", "v.zda_von")} ${benutzerJoin("eu", "v.erstellt_von")}
     WHERE v.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return undefined;
  const { rows: frueher } = await q.query<{
    aktenzeichen: string;
    alte_nr: number;
    am: Date;
    begruendung: string;
  }>(
    `SELECT a.aktenzeichen, u.alte_nr, u.am, u.begruendung FROM vorgang_umprotokollierung u JOIN akte a ON a.id = u.alte_akte_id
     WHERE u.vorgang_id = $1 ORDER BY u.am`,
    [id],
  );
  return {
    ...toKurz(r),
    akte: { id: r.akte_id, aktenzeichen: r.aktenzeichen, betreff: r.akte_betreff },
    aktenplaneinheitId: r.aktenplaneinheit_id,
    zdaVon: r.zda_von ? { id: r.zda_von, anzeigename: r.zda_von_name ?? "" } : null,
    metadaten: r.metadaten,
    erstelltVon: r.erstellt_von ? { id: r.erstellt_von, anzeigename: r.erstellt_von_name ?? "" } : null,
    geaendertAm: r.geaendert_am.toISOString(),
    frueher: frueher.map((f) => ({
      aktenzeichen: f.aktenzeichen,
      nr: f.alte_nr,
      am: f.am.toISOString(),
      begruendung: f.begruendung,
    })),
  };
}

/** Number, Betreff and status of a Vorgang with the Aktenzeichen of its Akte (the head of a Dokument view). */
export async function vorgangKopf(
  q: Queryable,
  id: string,
): Promise<{ nr: number; betreff: string; status: VorgangStatus; aktenzeichen: string } | undefined> {
  const { rows } = await q.query<{
    nr: number;
    betreff: string;
    status: VorgangStatus;
    aktenzeichen: string;
  }>(
    "SELECT v.nr, v.betreff, v.status, a.aktenzeichen FROM vorgang v JOIN akte a ON a.id = v.akte_id WHERE v.id = $1",
    [id],
  );
  return rows[0];
}

/** Next number of a Vorgang in its Akte (the Akte row stays locked until commit). */
export async function naechsteNr(q: Queryable, akteId: string): Promise<number> {
  const { rows } = await q.query<{ letzte_vorgang_nr: number }>(
    "UPDATE akte SET letzte_vorgang_nr = letzte_vorgang_nr + 1 WHERE id = $1 RETURNING letzte_vorgang_nr",
    [akteId],
  );
  return rows[0]!.letzte_vorgang_nr;
}

export async function insertVorgang(
  q: Queryable,
  v: {
    akteId: string;
    nr: number;
    betreff: string;
    frist: string | null;
    metadaten: Record<string, unknown>;
    /** null: taken over from another system (xdomea), nobody here created it. */
    erstelltVon: string | null;
  },
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO vorgang (akte_id, nr, betreff, frist, metadaten, erstellt_am, erstellt_von, geaendert_am)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $6) RETURNING id`,
    [v.akteId, v.nr, v.betreff, v.frist, JSON.stringify(v.metadaten), now, v.erstelltVon],
  );
  return rows[0]!.id;
}

export async function lockVorgang(
  q: Queryable,
  id: string,
): Promise<{ status: VorgangStatus; akte_id: string; nr: number } | undefined> {
  const { rows } = await q.query<{ status: VorgangStatus; akte_id: string; nr: number }>(
    "SELECT status, akte_id, nr FROM vorgang WHERE id = $1 FOR UPDATE",
    [id],
  );
  return rows[0];
}

export async function updateVorgang(
  q: Queryable,
  id: string,
  p: { betreff: string; frist: string | null; metadaten: Record<string, unknown> },
  now: Date,
): Promise<void> {
  await q.query(
    "UPDATE vorgang SET betreff = $2, frist = $3, metadaten = $4, geaendert_am = $5 WHERE id = $1",
    [id, p.betreff, p.frist, JSON.stringify(p.metadaten), now],
  );
}

export async function setStatus(
  q: Queryable,
  id: string,
  status: VorgangStatus,
  von: string | null,
  now: Date,
): Promise<void> {
  await q.query(
    "UPDATE vorgang SET status = $2, zda_am = CASE WHEN $2 = 'zda' THEN $4::timestamptz END, zda_von = CASE WHEN $2 = 'zda' THEN $3::uuid END, geaendert_am = $4 WHERE id = $1",
    [id, status, von, now],
  );
}

/** Records that the overdue Frist of a Vorgang went to the Leitung (once per Frist). */
export async function setFristEskaliert(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query("UPDATE vorgang SET frist_eskaliert_am = $2 WHERE id = $1", [id, now]);
}

export async function move(
  q: Queryable,
  id: string,
  v: {
    alteAkteId: string;
    alteNr: number;
    neueAkteId: string;
    neueNr: number;
    von: string;
    begruendung: string;
  },
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO vorgang_umprotokollierung (vorgang_id, alte_akte_id, alte_nr, neue_akte_id, am, von, begruendung)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, v.alteAkteId, v.alteNr, v.neueAkteId, now, v.von, v.begruendung],
  );
  await q.query("UPDATE vorgang SET akte_id = $2, nr = $3, geaendert_am = $4 WHERE id = $1", [
    id,
    v.neueAkteId,
    v.neueNr,
    now,
  ]);
}

/** A Vorgang by its Akte and number, following an Umprotokollierung to where it is now. */
export async function findByZeichen(q: Queryable, akteId: string, nr: number): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM vorgang WHERE akte_id = $1 AND nr = $2
     UNION ALL SELECT vorgang_id FROM vorgang_umprotokollierung WHERE alte_akte_id = $1 AND alte_nr = $2 LIMIT 1`,
    [akteId, nr],
  );
  return rows[0]?.id;
}
