import type { Queryable } from "../../platform/database/database.js";
import type { DokumentTyp } from "./dokumente.types.js";
import type { VorgangStatus } from "./vorgaenge.types.js";

/** An Akte as an exchange (xdomea) writes it out. */
export interface AkteZumAustausch {
  id: string;
  aktenzeichen: string;
  betreff: string;
  aktenplaneinheitId: string;
  erstelltAm: Date;
}

export interface VorgangZumAustausch {
  id: string;
  akteId: string;
  nr: number;
  betreff: string;
  status: VorgangStatus;
  erstelltAm: Date;
  zdaAm: Date | null;
  frist: string | null;
  metadaten: Record<string, unknown>;
}

export interface DokumentZumAustausch {
  id: string;
  vorgangId: string;
  typ: DokumentTyp;
  titel: string;
  datumDesSchreibens: string | null;
  eingangsdatum: string | null;
  absender: string | null;
  empfaenger: string | null;
  fremdesGeschaeftszeichen: string | null;
}

export interface VersionZumAustausch {
  dokumentId: string;
  nr: number;
  sha256: string;
  dateiname: string;
  originaldateiname: string;
  mimeTyp: string;
}

/** The (not deleted) Akten with these Aktenzeichen, in the order of the Aktenzeichen. */
export async function aktenZumAustausch(q: Queryable, aktenzeichen: string[]): Promise<AkteZumAustausch[]> {
  const { rows } = await q.query<{
    id: string;
    aktenzeichen: string;
    betreff: string;
    aktenplaneinheit_id: string;
    erstellt_am: Date;
  }>(
    `SELECT id, aktenzeichen, betreff, aktenplaneinheit_id, erstellt_am FROM akte
     WHERE aktenzeichen = ANY($1) AND geloescht_am IS NULL ORDER BY aktenzeichen`,
    [aktenzeichen],
  );
  return rows.map((r) => ({
    id: r.id,
    aktenzeichen: r.aktenzeichen,
    betreff: r.betreff,
    aktenplaneinheitId: r.aktenplaneinheit_id,
    erstelltAm: r.erstellt_am,
  }));
}

/**
 * Everything in these Akten, in three queries: Vorgänge by number, Dokumente in filing order,
 * versions by number.
 */
export async function inhaltZumAustausch(
  q: Queryable,
  akteIds: string[],
): Promise<{
  vorgaenge: VorgangZumAustausch[];
  dokumente: DokumentZumAustausch[];
  versionen: VersionZumAustausch[];
}> {
  const { rows: vorgaenge } = await q.query<{
    id: string;
    akte_id: string;
    nr: number;
    betreff: string;
    status: VorgangStatus;
    erstellt_am: Date;
    zda_am: Date | null;
    frist: string | null;
    metadaten: Record<string, unknown>;
  }>(
    "SELECT id, akte_id, nr, betreff, status, erstellt_am, zda_am, frist::text, metadaten FROM vorgang WHERE akte_id = ANY($1) ORDER BY nr",
    [akteIds],
  );
  const { rows: dokumente } = await q.query<{
    id: string;
    vorgang_id: string;
    typ: DokumentTyp;
    titel: string;
    datum_des_schreibens: string | null;
    eingangsdatum: string | null;
    absender: string | null;
    empfaenger: string | null;
    fremdes_geschaeftszeichen: string | null;
  }>(
    `SELECT d.id, d.vorgang_id, d.typ, d.titel, d.datum_des_schreibens::text, d.eingangsdatum::text, d.absender, d.empfaenger,
       d.fremdes_geschaeftszeichen FROM dokument d
     JOIN vorgang v ON v.id = d.vorgang_id WHERE v.akte_id = ANY($1) ORDER BY d.erstellt_am, d.id`,
    [akteIds],
  );
  const { rows: versionen } = await q.query<{
    dokument_id: string;
    nr: number;
    sha256: string;
    dateiname: string;
    originaldateiname: string;
    mime_typ: string;
  }>(
    `SELECT x.dokument_id, x.nr, x.sha256, x.dateiname, x.originaldateiname, x.mime_typ FROM dokument_version x
     JOIN dokument d ON d.id = x.dokument_id JOIN vorgang v ON v.id = d.vorgang_id WHERE v.akte_id = ANY($1) ORDER BY x.nr`,
    [akteIds],
  );
  return {
    vorgaenge: vorgaenge.map((v) => ({
      id: v.id,
      akteId: v.akte_id,
      nr: v.nr,
      betreff: v.betreff,
      status: v.status,
      erstelltAm: v.erstellt_am,
      zdaAm: v.zda_am,
      frist: v.frist,
      metadaten: v.metadaten,
    })),
    dokumente: dokumente.map((d) => ({
      id: d.id,
      vorgangId: d.vorgang_id,
      typ: d.typ,
      titel: d.titel,
      datumDesSchreibens: d.datum_des_schreibens,
      eingangsdatum: d.eingangsdatum,
      absender: d.absender,
      empfaenger: d.empfaenger,
      fremdesGeschaeftszeichen: d.fremdes_geschaeftszeichen,
    })),
    versionen: versionen.map((x) => ({
      dokumentId: x.dokument_id,
      nr: x.nr,
      sha256: x.sha256,
      dateiname: x.dateiname,
      originaldateiname: x.originaldateiname,
      mimeTyp: x.mime_typ,
    })),
  };
}

/** Whether an Akte (also a deleted one) has this Aktenzeichen: numbers never repeat. */
export async function aktenzeichenVergeben(q: Queryable, aktenzeichen: string): Promise<boolean> {
  const { rows } = await q.query("SELECT 1 FROM akte WHERE aktenzeichen = $1", [aktenzeichen]);
  return rows.length > 0;
}

export async function setzeUebernommenAusProzess(
  q: Queryable,
  akteId: string,
  prozessId: string | null,
): Promise<void> {
  await q.query("UPDATE akte SET uebernommen_prozess = $2::uuid WHERE id = $1", [akteId, prozessId]);
}

/** A Vorgang taken over as zdA, on the day the other system closed it. */
export async function setzeUebernommenZda(q: Queryable, vorgangId: string, am: Date): Promise<void> {
  await q.query("UPDATE vorgang SET status = 'zda', zda_am = $2 WHERE id = $1", [vorgangId, am]);
}

/** Closes an open Akte (another authority took it over); any other status stays. */
export async function schliesseOffeneAkte(q: Queryable, akteId: string, now: Date): Promise<void> {
  await q.query(
    "UPDATE akte SET status = 'geschlossen', geaendert_am = $2 WHERE id = $1 AND status = 'offen'",
    [akteId, now],
  );
}
