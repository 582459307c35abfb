import type { AppContext } from "../../platform/context.js";
import { heute, istDatum } from "../../platform/clock.js";
import type { Queryable, Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { resolveOe, type Akteur } from "../access/index.js";
import { entferneBlobsOhneBezug } from "../../platform/blobstore/index.js";
import { inhaltNutztBlobSql } from "../content/index.js";
import { eintragNutztBlobSql } from "../posteingang/index.js";
import {
  lockAkteInTx,
  loescheInhaltDerAkteInTx,
  protokolliere,
  requireAkte,
  versionNutztBlobSql,
} from "../schriftgut/index.js";
import { akteurName } from "../protokoll/index.js";
import {
  darfAufbewahrungPflegen,
  darfAussondern,
  darfLoeschprotokollSehen,
  darfLoeschsperreAufheben,
  darfLoeschsperreSetzen,
} from "./aussonderung.policy.js";

/** How the system names itself when it deletes after an Aussonderung. */
const XDOMEA_SYSTEM = "System (xdomea)";

export interface Loeschsperre {
  id: string;
  grund: string;
  bis: string | null;
  gesetztVon: string | null;
  gesetztAm: string;
}

/** Retention of one Akte: inherited from the Aktenplan unless overridden with a reason. */
export interface Aufbewahrung {
  akteId: string;
  aktenzeichen: string;
  betreff: string;
  aufbewahrungsfrist: number | null;
  unbefristet: boolean;
  archivwuerdigkeit: "A" | "B" | "V" | null;
  abweichend: boolean;
  begruendung: string | null;
  laufzeitBeginn: string;
  /** Date of the last zdA, when every Vorgang is zdA. */
  letzteZda: string | null;
  /** 31 December of the year of the last zdA plus the Frist; null while open or when kept for ever. */
  aufbewahrungsende: string | null;
  loeschsperren: Loeschsperre[];
}

/**
 * The effective Frist and Archivwürdigkeit per Akte in SQL (the Aktenplan inherits downwards),
 * so the Aussonderungsliste is one query. `$1` is today's date.
 */
const AUFBEWAHRUNG_SQL = `WITH RECURSIVE kette (einheit, knoten, tiefe) AS (
    SELECT id, id, 0 FROM aktenplaneinheit
    UNION ALL
    SELECT k.einheit, e.parent_id, k.tiefe + 1 FROM kette k JOIN aktenplaneinheit e ON e.id = k.knoten
    WHERE e.parent_id IS NOT NULL AND k.tiefe < 50),
  frist AS (
    SELECT DISTINCT ON (k.einheit) k.einheit, e.aufbewahrungsfrist, e.aufbewahrung_unbefristet
    FROM kette k JOIN aktenplaneinheit e ON e.id = k.knoten
    WHERE e.aufbewahrungsfrist IS NOT NULL OR e.aufbewahrung_unbefristet ORDER BY k.einheit, k.tiefe),
  wuerdigkeit AS (
    SELECT DISTINCT ON (k.einheit) k.einheit, e.archivwuerdigkeit
    FROM kette k JOIN aktenplaneinheit e ON e.id = k.knoten
    WHERE e.archivwuerdigkeit IS NOT NULL ORDER BY k.einheit, k.tiefe),
  laufzeit AS (
    SELECT v.akte_id, count(*) FILTER (WHERE v.status <> 'zda') AS offen, count(*) AS alle, max(v.zda_am) AS letzte_zda
    FROM vorgang v GROUP BY v.akte_id),
  aufbewahrung AS (
    SELECT a.id AS akte_id, a.aktenzeichen, a.betreff, a.federfuehrende_oe_id, a.status, a.erstellt_am,
      COALESCE(a.aufbewahrungsfrist_abweichend, f.aufbewahrungsfrist) AS frist,
      (a.aufbewahrungsfrist_abweichend IS NULL AND COALESCE(f.aufbewahrung_unbefristet, false)) AS unbefristet,
      COALESCE(a.archivwuerdigkeit_abweichend, w.archivwuerdigkeit) AS archivwuerdigkeit,
      (a.aufbewahrungsfrist_abweichend IS NOT NULL OR a.archivwuerdigkeit_abweichend IS NOT NULL) AS abweichend,
      a.aufbewahrung_begruendung,
      CASE WHEN l.alle > 0 AND l.offen = 0 THEN (l.letzte_zda AT TIME ZONE 'Europe/Berlin')::date END AS letzte_zda
    FROM akte a LEFT JOIN frist f ON f.einheit = a.aktenplaneinheit_id
    LEFT JOIN wuerdigkeit w ON w.einheit = a.aktenplaneinheit_id LEFT JOIN laufzeit l ON l.akte_id = a.id
    WHERE a.geloescht_am IS NULL)
  SELECT x.*, CASE WHEN x.letzte_zda IS NOT NULL AND NOT x.unbefristet AND x.frist IS NOT NULL
      THEN make_date(extract(year FROM x.letzte_zda)::int + x.frist, 12, 31) END AS ende,
    (SELECT coalesce(json_agg(json_build_object('id', s.id, 'grund', s.grund, 'bis', s.bis, 'gesetztVon',
       trim(b.vorname || ' ' || b.nachname), 'gesetztAm', s.gesetzt_am) ORDER BY s.gesetzt_am), '[]')
     FROM loeschsperre s LEFT JOIN benutzer b ON b.id = s.gesetzt_von
     WHERE s.akte_id = x.akte_id AND s.aufgehoben_am IS NULL AND (s.bis IS NULL OR s.bis >= $1::date)) AS sperren
  FROM aufbewahrung x`;

interface Zeile {
  akte_id: string;
  aktenzeichen: string;
  betreff: string;
  erstellt_am: Date;
  frist: number | null;
  unbefristet: boolean;
  archivwuerdigkeit: "A" | "B" | "V" | null;
  abweichend: boolean;
  aufbewahrung_begruendung: string | null;
  letzte_zda: Date | null;
  ende: Date | null;
  sperren: Loeschsperre[];
}

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

function zu(r: Zeile): Aufbewahrung {
  return {
    akteId: r.akte_id,
    aktenzeichen: r.aktenzeichen,
    betreff: r.betreff,
    aufbewahrungsfrist: r.frist,
    unbefristet: r.unbefristet,
    archivwuerdigkeit: r.archivwuerdigkeit,
    abweichend: r.abweichend,
    begruendung: r.aufbewahrung_begruendung,
    laufzeitBeginn: r.erstellt_am.toISOString().slice(0, 10),
    letzteZda: iso(r.letzte_zda),
    aufbewahrungsende: iso(r.ende),
    loeschsperren: r.sperren,
  };
}

export async function aufbewahrungDerAkten(
  q: Queryable,
  tag: string,
  akteIds: string[],
): Promise<Aufbewahrung[]> {
  const { rows } = await q.query<Zeile>(`${AUFBEWAHRUNG_SQL} WHERE x.akte_id = ANY($2::uuid[])`, [
    tag,
    akteIds,
  ]);
  return rows.map(zu);
}

export async function getAufbewahrung(ctx: AppContext, actor: Akteur, akteId: string): Promise<Aufbewahrung> {
  await requireAkte(ctx, actor, akteId, "lesen");
  const [a] = await aufbewahrungDerAkten(ctx.db, heute(ctx.clock), [akteId]);
  if (!a) throw nichtGefunden("Die Akte");
  return a;
}

/** Overrides Frist and/or Archivwürdigkeit of one Akte (Registratur), always with a reason; null restores inheritance. */
export async function setzeAufbewahrung(
  ctx: AppContext,
  actor: Akteur,
  akteId: string,
  eingabe: {
    aufbewahrungsfrist: number | null;
    archivwuerdigkeit: "A" | "B" | "V" | null;
    begruendung: string;
  },
): Promise<Aufbewahrung> {
  if (!darfAufbewahrungPflegen(actor))
    throw new AppError("keine_berechtigung", "Aufbewahrung und Archivwürdigkeit pflegt die Registratur.");
  const begruendung = eingabe.begruendung.normalize("NFC").trim();
  const abweichend = eingabe.aufbewahrungsfrist !== null || eingabe.archivwuerdigkeit !== null;
  if (abweichend && !begruendung)
    throw new AppError("ungueltige_eingabe", "Eine Abweichung vom Aktenplan braucht eine Begründung.", {
      fehler: [{ feld: "/begruendung", meldung: "Pflichtfeld bei Abweichung." }],
    });
  await ctx.db.transaction(async (tx) => {
    await requireAkte(ctx, actor, akteId, "lesen", tx);
    await tx.query(
      `UPDATE akte SET aufbewahrungsfrist_abweichend = $2, archivwuerdigkeit_abweichend = $3, aufbewahrung_begruendung = $4,
         geaendert_am = $5 WHERE id = $1`,
      [
        akteId,
        eingabe.aufbewahrungsfrist,
        eingabe.archivwuerdigkeit,
        abweichend ? begruendung : null,
        ctx.clock.now(),
      ],
    );
    await protokolliere(ctx, tx, actor, "akte.aufbewahrung_geaendert", { art: "akte", id: akteId }, akteId, {
      aufbewahrungsfrist: eingabe.aufbewahrungsfrist,
      archivwuerdigkeit: eingabe.archivwuerdigkeit,
      begruendung,
    });
  });
  return getAufbewahrung(ctx, actor, akteId);
}

/** Löschsperre (legal hold): Registratur, Archiv, Datenschutz or the Leitung may set one, with a reason. */
export async function setzeLoeschsperre(
  ctx: AppContext,
  actor: Akteur,
  akteId: string,
  eingabe: { grund: string; bis?: string | null },
): Promise<Aufbewahrung> {
  const grund = eingabe.grund.normalize("NFC").trim();
  if (!grund)
    throw new AppError("ungueltige_eingabe", "Bitte den Grund der Löschsperre angeben.", {
      fehler: [{ feld: "/grund", meldung: "Pflichtfeld." }],
    });
  if (eingabe.bis && (!istDatum(eingabe.bis) || eingabe.bis < heute(ctx.clock)))
    throw new AppError("ungueltige_eingabe", "Das Ende der Löschsperre muss ein künftiges Datum sein.", {
      fehler: [{ feld: "/bis", meldung: "Datum ab heute, Form JJJJ-MM-TT." }],
    });
  if (!darfLoeschsperreSetzen(actor))
    throw new AppError(
      "keine_berechtigung",
      "Löschsperren setzen Registratur, Archiv, Datenschutz und Leitung.",
    );
  await ctx.db.transaction(async (tx) => {
    await requireAkte(ctx, actor, akteId, "lesen", tx);
    const { rows } = await tx.query<{ id: string }>(
      "INSERT INTO loeschsperre (akte_id, grund, bis, gesetzt_von, gesetzt_am) VALUES ($1, $2, $3, $4, $5) RETURNING id",
      [akteId, grund, eingabe.bis ?? null, actor.benutzer.id, ctx.clock.now()],
    );
    await protokolliere(ctx, tx, actor, "akte.loeschsperre_gesetzt", { art: "akte", id: akteId }, akteId, {
      loeschsperreId: rows[0]!.id,
      grund,
      bis: eingabe.bis ?? null,
    });
  });
  return getAufbewahrung(ctx, actor, akteId);
}

export async function hebeLoeschsperreAuf(
  ctx: AppContext,
  actor: Akteur,
  sperreId: string,
  grund: string,
): Promise<Aufbewahrung> {
  const text = grund.normalize("NFC").trim();
  if (!text)
    throw new AppError("ungueltige_eingabe", "Bitte begründen, warum die Löschsperre endet.", {
      fehler: [{ feld: "/grund", meldung: "Pflichtfeld." }],
    });
  if (!darfLoeschsperreAufheben(actor))
    throw new AppError(
      "keine_berechtigung",
      "Löschsperren heben Registratur, Archiv, Datenschutz und Leitung auf.",
    );
  const akteId = await ctx.db.transaction(async (tx) => {
    const { rows } = /^[0-9a-f-]{36}$/i.test(sperreId)
      ? await tx.query<{ akte_id: string }>(
          "SELECT akte_id FROM loeschsperre WHERE id = $1 AND aufgehoben_am IS NULL FOR UPDATE",
          [sperreId],
        )
      : { rows: [] };
    if (!rows[0]) throw nichtGefunden("Die Löschsperre");
    await requireAkte(ctx, actor, rows[0].akte_id, "lesen", tx);
    await tx.query(
      "UPDATE loeschsperre SET aufgehoben_am = $2, aufgehoben_von = $3, aufhebungsgrund = $4 WHERE id = $1",
      [sperreId, ctx.clock.now(), actor.benutzer.id, text],
    );
    await protokolliere(
      ctx,
      tx,
      actor,
      "akte.loeschsperre_aufgehoben",
      { art: "akte", id: rows[0].akte_id },
      rows[0].akte_id,
      {
        loeschsperreId: sperreId,
        grund: text,
      },
    );
    return rows[0].akte_id;
  });
  return getAufbewahrung(ctx, actor, akteId);
}

/**
 * The Aussonderungsliste for the Registratur and the Archiv: Akten whose Aufbewahrungsende has
 * passed, not yet ausgesondert, and without a Löschsperre – per OE if asked.
 */
export async function aussonderungsliste(
  ctx: AppContext,
  actor: Akteur,
  filter: { oe?: string } = {},
): Promise<Aufbewahrung[]> {
  if (!darfAussondern(actor))
    throw new AppError("keine_berechtigung", "Die Aussonderungsliste führen Registratur und Archiv.");
  const oe = filter.oe ? await resolveOe(ctx.db, filter.oe, "oe") : null;
  const { rows } = await ctx.db.query<Zeile>(
    `SELECT * FROM (${AUFBEWAHRUNG_SQL}) y WHERE y.ende < $1::date AND y.status <> 'ausgesondert'
       AND y.sperren::text = '[]' AND ($2::uuid IS NULL OR y.federfuehrende_oe_id = $2) ORDER BY y.ende, y.aktenzeichen LIMIT 5000`,
    [heute(ctx.clock), oe?.id ?? null],
  );
  return rows.map(zu);
}

/** True when an active Löschsperre protects the Akte: nothing may be ausgesondert or deleted. */
export async function istGesperrt(q: Queryable, akteId: string, tag: string): Promise<boolean> {
  const { rows } = await q.query(
    "SELECT 1 FROM loeschsperre WHERE akte_id = $1 AND aufgehoben_am IS NULL AND (bis IS NULL OR bis >= $2::date)",
    [akteId, tag],
  );
  return rows.length > 0;
}

export interface LoeschprotokollEintrag {
  id: string;
  aktenzeichen: string;
  betreff: string;
  laufzeitBeginn: string;
  laufzeitEnde: string | null;
  entscheidung: "A" | "V";
  archiv: string;
  prozessId: string;
  vorgaenge: number;
  dokumente: number;
  versionen: number;
  geloeschtAm: string;
  geloeschtVon: string;
}

/**
 * Deletes the content of an Akte after Aussonderung (the archive confirmed the transfer, or
 * decided V): Schriftgut deletes Vorgänge, Dokumente and versions, and whatever refers to them goes
 * with them; the Akte stays as "ausgesondert" with its Löschprotokoll. Never under a Löschsperre.
 * Returns the blobs nobody refers to any more (to remove after commit), or null when a
 * Löschsperre kept the Akte.
 */
export async function loescheNachAussonderungInTx(
  ctx: AppContext,
  tx: Tx,
  akteId: string,
  grund: {
    entscheidung: "A" | "V";
    archiv: string;
    prozessId: string;
    wer: Akteur | "system";
  },
): Promise<string[] | null> {
  const tag = heute(ctx.clock);
  const status = await lockAkteInTx(tx, akteId);
  // Already done (a repeated confirmation): nothing more to delete, no second entry.
  if (!status || status === "ausgesondert") return [];
  if (await istGesperrt(tx, akteId, tag)) return null;
  const [aufb] = await aufbewahrungDerAkten(tx, tag, [akteId]);
  if (!aufb) return null;
  const geloescht = await loescheInhaltDerAkteInTx(ctx, tx, akteId, { ...grund, systemName: XDOMEA_SYSTEM });
  await tx.query(
    `INSERT INTO loeschprotokoll (akte_id, aktenzeichen, betreff, laufzeit_beginn, laufzeit_ende, entscheidung, archiv,
       prozess_id, vorgaenge, dokumente, versionen, geloescht_am, geloescht_von, geloescht_von_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      akteId,
      aufb.aktenzeichen,
      aufb.betreff,
      aufb.laufzeitBeginn,
      aufb.letzteZda,
      grund.entscheidung,
      grund.archiv,
      grund.prozessId,
      geloescht.vorgaenge,
      geloescht.dokumente,
      geloescht.versionen,
      ctx.clock.now(),
      grund.wer === "system" ? null : grund.wer.benutzer.id,
      akteurName(grund.wer, XDOMEA_SYSTEM),
    ],
  );
  // Blobs another object still uses stay; the rest leave the registry now and the store after commit.
  return entferneBlobsOhneBezug(tx, geloescht.blobs, [
    versionNutztBlobSql,
    inhaltNutztBlobSql,
    eintragNutztBlobSql,
  ]);
}

export async function loeschprotokoll(ctx: AppContext, actor: Akteur): Promise<LoeschprotokollEintrag[]> {
  if (!darfLoeschprotokollSehen(actor))
    throw new AppError("keine_berechtigung", "Das Löschprotokoll sehen Registratur, Archiv und Datenschutz.");
  const { rows } = await ctx.db.query<{
    id: string;
    aktenzeichen: string;
    betreff: string;
    laufzeit_beginn: Date;
    laufzeit_ende: Date | null;
    entscheidung: "A" | "V";
    archiv: string;
    prozess_id: string;
    vorgaenge: number;
    dokumente: number;
    versionen: number;
    geloescht_am: Date;
    geloescht_von_name: string;
  }>("SELECT * FROM loeschprotokoll ORDER BY geloescht_am DESC LIMIT 5000");
  return rows.map((r) => ({
    id: r.id,
    aktenzeichen: r.aktenzeichen,
    betreff: r.betreff,
    laufzeitBeginn: iso(r.laufzeit_beginn)!,
    laufzeitEnde: iso(r.laufzeit_ende),
    entscheidung: r.entscheidung,
    archiv: r.archiv,
    prozessId: r.prozess_id,
    vorgaenge: r.vorgaenge,
    dokumente: r.dokumente,
    versionen: r.versionen,
    geloeschtAm: r.geloescht_am.toISOString(),
    geloeschtVon: r.geloescht_von_name,
  }));
}
