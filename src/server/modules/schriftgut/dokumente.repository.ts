import { anzeigenameSql, benutzerJoin } from "../access/index.js";
import { inhaltJoin } from "../content/index.js";
import { registriereBlob } from "../../platform/blobstore/index.js";
import type { Queryable } from "../../platform/database/database.js";
import type { DokumentKurz, DokumentTyp, DokumentVersion } from "./dokumente.types.js";
import type { VorgangStatus } from "./vorgaenge.types.js";

interface KurzRow {
  id: string;
  typ: DokumentTyp;
  titel: string;
  datum_des_schreibens: string | null;
  eingangsdatum: string | null;
  absender: string | null;
  empfaenger: string | null;
  fremdes_geschaeftszeichen: string | null;
  aktuelle_version: number;
  mime_typ: string | null;
  groesse: number | null;
  erstellt_am: Date;
  vorschau: boolean;
}

const KURZ = `SELECT d.id, d.typ, d.titel, d.datum_des_schreibens::text, d.eingangsdatum::text, d.absender, d.empfaenger,
  d.fremdes_geschaeftszeichen, d.aktuelle_version, v.mime_typ, v.groesse, d.erstellt_am,
  (i.vorschau_sha256 IS NOT NULL) AS vorschau
  FROM dokument d LEFT JOIN dokument_version v ON v.dokument_id = d.id AND v.nr = d.aktuelle_version
  ${inhaltJoin("i", "d.id", "d.aktuelle_version")}`;

const toKurz = (r: KurzRow): DokumentKurz => ({
  id: r.id,
  typ: r.typ,
  titel: r.titel,
  datumDesSchreibens: r.datum_des_schreibens,
  eingangsdatum: r.eingangsdatum,
  absender: r.absender,
  empfaenger: r.empfaenger,
  fremdesGeschaeftszeichen: r.fremdes_geschaeftszeichen,
  aktuelleVersion: r.aktuelle_version,
  mimeTyp: r.mime_typ,
  groesse: r.groesse,
  erstelltAm: r.erstellt_am.toISOString(),
  vorschau: r.vorschau,
});

export async function listDokumente(q: Queryable, vorgangId: string): Promise<DokumentKurz[]> {
  const { rows } = await q.query<KurzRow>(`${KURZ} WHERE d.vorgang_id = $1 ORDER BY d.erstellt_am, d.id`, [
    vorgangId,
  ]);
  return rows.map(toKurz);
}

export async function getDokument(
  q: Queryable,
  id: string,
): Promise<(DokumentKurz & { vorgangId: string }) | undefined> {
  const { rows } = await q.query<KurzRow & { vorgang_id: string }>(
    `${KURZ.replace("SELECT d.id,", "SELECT d.id, d.vorgang_id,")} WHERE d.id = $1`,
    [id],
  );
  return rows[0] ? { ...toKurz(rows[0]), vorgangId: rows[0].vorgang_id } : undefined;
}

/**
 * `getDokument` with what the Dokument's page shows besides, in one query: its Scanprotokoll and
 * the head of its Vorgang (number, Betreff, status, the Akte's Aktenzeichen).
 */
export async function dokumentMitKopf(q: Queryable, id: string) {
  const { rows } = await q.query<
    KurzRow & {
      vorgang_id: string;
      scanprotokoll: Record<string, unknown> | null;
      vorgang_nr: number;
      vorgang_betreff: string;
      vorgang_status: VorgangStatus;
      aktenzeichen: string;
    }
  >(
    `${KURZ.replace(
      "SELECT d.id,",
      `SELECT d.id, d.vorgang_id, d.scanprotokoll, vg.nr AS vorgang_nr, vg.betreff AS vorgang_betreff,
         vg.status AS vorgang_status, ak.aktenzeichen,`,
    )}
     JOIN vorgang vg ON vg.id = d.vorgang_id JOIN akte ak ON ak.id = vg.akte_id
     WHERE d.id = $1`,
    [id],
  );
  const r = rows[0];
  return r
    ? {
        ...toKurz(r),
        vorgangId: r.vorgang_id,
        scanprotokoll: r.scanprotokoll,
        kopf: {
          nr: r.vorgang_nr,
          betreff: r.vorgang_betreff,
          status: r.vorgang_status,
          aktenzeichen: r.aktenzeichen,
        },
      }
    : undefined;
}

export async function versionen(q: Queryable, dokumentId: string): Promise<DokumentVersion[]> {
  const { rows } = await q.query<{
    nr: number;
    sha256: string;
    dateiname: string;
    originaldateiname: string;
    mime_typ: string;
    groesse: number;
    kommentar: string;
    grund: string | null;
    erstellt_am: Date;
    erstellt_von: string | null;
    name: string | null;
  }>(
    `SELECT v.nr, v.sha256, v.dateiname, v.originaldateiname, v.mime_typ, v.groesse, v.kommentar, v.grund, v.erstellt_am, v.erstellt_von,
       ${anzeigenameSql("b")} AS name
     FROM dokument_version v ${benutzerJoin("b", "v.erstellt_von")} WHERE v.dokument_id = $1 ORDER BY v.nr DESC`,
    [dokumentId],
  );
  return rows.map((r) => ({
    nr: r.nr,
    sha256: r.sha256,
    dateiname: r.dateiname,
    originaldateiname: r.originaldateiname,
    mimeTyp: r.mime_typ,
    groesse: r.groesse,
    kommentar: r.kommentar,
    grund: r.grund,
    erstelltAm: r.erstellt_am.toISOString(),
    erstelltVon: r.erstellt_von ? { id: r.erstellt_von, anzeigename: r.name ?? "" } : null,
  }));
}

export interface DokumentDaten {
  typ: DokumentTyp;
  titel: string;
  datumDesSchreibens: string | null;
  eingangsdatum: string | null;
  absender: string | null;
  empfaenger: string | null;
  fremdesGeschaeftszeichen: string | null;
}

/** The written columns of a Dokument in the order both insert and update bind them. */
function spalten(d: DokumentDaten): unknown[] {
  return [
    d.typ,
    d.titel,
    d.datumDesSchreibens,
    d.eingangsdatum,
    d.absender,
    d.empfaenger,
    d.fremdesGeschaeftszeichen,
  ];
}

export async function insertDokument(
  q: Queryable,
  vorgangId: string,
  d: DokumentDaten,
  von: string | null,
  now: Date,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO dokument (vorgang_id, typ, titel, datum_des_schreibens, eingangsdatum, absender, empfaenger,
       fremdes_geschaeftszeichen, erstellt_am, erstellt_von, geaendert_am)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9) RETURNING id`,
    [vorgangId, ...spalten(d), now, von],
  );
  return rows[0]!.id;
}

export async function updateDokument(q: Queryable, id: string, d: DokumentDaten, now: Date): Promise<void> {
  await q.query(
    `UPDATE dokument SET typ = $2, titel = $3, datum_des_schreibens = $4, eingangsdatum = $5, absender = $6, empfaenger = $7,
       fremdes_geschaeftszeichen = $8, geaendert_am = $9 WHERE id = $1`,
    [id, ...spalten(d), now],
  );
}

/** Stores the Scanprotokoll (TR-RESISCAN) of a scanned Dokument. */
export async function setScanprotokoll(
  q: Queryable,
  id: string,
  scanprotokoll: Record<string, unknown>,
): Promise<void> {
  await q.query("UPDATE dokument SET scanprotokoll = $2 WHERE id = $1", [id, JSON.stringify(scanprotokoll)]);
}

/** The Scanprotokoll of a Dokument; null when it was not scanned. */
/** When the Dokument was gezeichnet: null while it is not, undefined when there is no such Dokument. */
export async function gezeichnetAm(q: Queryable, id: string): Promise<Date | null | undefined> {
  const { rows } = await q.query<{ gezeichnet_am: Date | null }>(
    "SELECT gezeichnet_am FROM dokument WHERE id = $1",
    [id],
  );
  return rows[0]?.gezeichnet_am;
}

/** Locks the Dokument row until commit (no version or Zeichnung in between) and reads its state. */
export async function lockDokument(
  q: Queryable,
  id: string,
): Promise<{ aktuelleVersion: number; gezeichnetAm: Date | null } | undefined> {
  const { rows } = await q.query<{ aktuelle_version: number; gezeichnet_am: Date | null }>(
    "SELECT aktuelle_version, gezeichnet_am FROM dokument WHERE id = $1 FOR UPDATE",
    [id],
  );
  return rows[0]
    ? { aktuelleVersion: rows[0].aktuelle_version, gezeichnetAm: rows[0].gezeichnet_am }
    : undefined;
}

/** Marks the Dokument as gezeichnet (final) by this user. */
export async function setGezeichnet(q: Queryable, id: string, benutzerId: string, now: Date): Promise<void> {
  await q.query("UPDATE dokument SET gezeichnet_am = $2, gezeichnet_von = $3 WHERE id = $1", [
    id,
    now,
    benutzerId,
  ]);
}

/** Registers the blob (if new) and appends the next version; the Dokument row stays locked until commit. */
export async function insertVersion(
  q: Queryable,
  dokumentId: string,
  v: {
    sha256: string;
    groesse: number;
    dateiname: string;
    originaldateiname: string;
    mimeTyp: string;
    kommentar: string;
    von: string | null;
  },
  now: Date,
  grund: string | null = null,
): Promise<number> {
  await registriereBlob(q, v.sha256, v.groesse, now);
  const { rows } = await q.query<{ aktuelle_version: number }>(
    "UPDATE dokument SET aktuelle_version = aktuelle_version + 1, geaendert_am = $2 WHERE id = $1 RETURNING aktuelle_version",
    [dokumentId, now],
  );
  const nr = rows[0]!.aktuelle_version;
  await q.query(
    `INSERT INTO dokument_version (dokument_id, nr, sha256, dateiname, originaldateiname, mime_typ, groesse, kommentar, erstellt_am, erstellt_von, grund)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      dokumentId,
      nr,
      v.sha256,
      v.dateiname,
      v.originaldateiname,
      v.mimeTyp,
      v.groesse,
      v.kommentar,
      now,
      v.von,
      grund,
    ],
  );
  return nr;
}

/** The file name of one version; undefined when the version does not exist. */
export async function versionDateiname(
  q: Queryable,
  dokumentId: string,
  nr: number,
): Promise<string | undefined> {
  const { rows } = await q.query<{ dateiname: string }>(
    "SELECT dateiname FROM dokument_version WHERE dokument_id = $1 AND nr = $2",
    [dokumentId, nr],
  );
  return rows[0]?.dateiname;
}
