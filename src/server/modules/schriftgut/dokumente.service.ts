import { istDatum, istUuid } from "../../platform/pruefungen.js";
import type { Readable } from "node:stream";
import type { AppContext } from "../../platform/context.js";
import type { Queryable, Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden, type FieldProblem } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { protokolliereSchriftgutInTx, protokolliereLesenInTx } from "./akten.service.js";
import { ableitungVon, planeTexterkennungInTx, texterkennungVon } from "../content/index.js";
import { blobGroesse } from "../../platform/blobstore/index.js";
import { requireVorgang } from "./vorgaenge.service.js";
import type { VorgangRechte } from "./vorgaenge.types.js";
import * as repo from "./dokumente.repository.js";
import {
  dokumentTypen,
  type Dokument,
  type DokumentKurz,
  type DokumentMetadaten,
  type DokumentVersion,
} from "./dokumente.types.js";
import type { EmpfangeneDatei } from "../../platform/dateieingang/upload.js";
import { leseEmail, type EmailAnsicht } from "./email-ansicht.js";

function datum(feld: string, value: string | null | undefined, fehler: FieldProblem[]): string | null {
  if (!value) return null;
  if (!istDatum(value)) {
    fehler.push({ feld: `/${feld}`, meldung: "Muss ein Datum der Form JJJJ-MM-TT sein." });
    return null;
  }
  return value;
}

function text(
  feld: string,
  value: string | null | undefined,
  max: number,
  fehler: FieldProblem[],
): string | null {
  if (value === null || value === undefined) return null;
  const clean = value
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .trim();
  if (clean.length > max) fehler.push({ feld: `/${feld}`, meldung: `Höchstens ${max} Zeichen.` });
  return clean || null;
}

function pruefeMetadaten(
  m: Partial<DokumentMetadaten>,
  base: repo.DokumentDaten | undefined,
  fallbackTitel: string,
): repo.DokumentDaten {
  const fehler: FieldProblem[] = [];
  const typ = m.typ ?? base?.typ;
  if (!typ || !dokumentTypen.includes(typ))
    fehler.push({ feld: "/typ", meldung: `Erlaubt sind: ${dokumentTypen.join(", ")}.` });
  const titel =
    m.titel !== undefined ? (text("titel", m.titel, 500, fehler) ?? "") : (base?.titel ?? fallbackTitel);
  if (!titel) fehler.push({ feld: "/titel", meldung: "Der Titel fehlt." });
  const d: repo.DokumentDaten = {
    typ: typ!,
    titel,
    datumDesSchreibens:
      m.datumDesSchreibens !== undefined
        ? datum("datumDesSchreibens", m.datumDesSchreibens, fehler)
        : (base?.datumDesSchreibens ?? null),
    eingangsdatum:
      m.eingangsdatum !== undefined
        ? datum("eingangsdatum", m.eingangsdatum, fehler)
        : (base?.eingangsdatum ?? null),
    absender: m.absender !== undefined ? text("absender", m.absender, 500, fehler) : (base?.absender ?? null),
    empfaenger:
      m.empfaenger !== undefined ? text("empfaenger", m.empfaenger, 500, fehler) : (base?.empfaenger ?? null),
    fremdesGeschaeftszeichen:
      m.fremdesGeschaeftszeichen !== undefined
        ? text("fremdesGeschaeftszeichen", m.fremdesGeschaeftszeichen, 200, fehler)
        : (base?.fremdesGeschaeftszeichen ?? null),
  };
  if (fehler.length)
    throw new AppError("ungueltige_eingabe", fehler.map((f) => `${f.feld}: ${f.meldung}`).join(" "), {
      fehler,
    });
  return d;
}

type DokumentRechte = Dokument["rechte"];

/** The row data of a new version: the received file, a trimmed comment, and who added it. */
function versionDaten(datei: EmpfangeneDatei, kommentar: string, actor: Akteur | null) {
  return {
    sha256: datei.stored.sha256,
    groesse: datei.stored.groesse,
    dateiname: datei.dateiname,
    originaldateiname: datei.originaldateiname,
    mimeTyp: datei.mimeTyp,
    kommentar: kommentar.normalize("NFC").trim().slice(0, 2000),
    von: actor?.benutzer.id ?? null,
  };
}

/** The gate to a Dokument: through its Vorgang and Akte. Hidden → 404. */
async function requireDokument(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  need: keyof VorgangRechte,
  q: Queryable = ctx.db,
) {
  const vorgangId = istUuid(id) ? await repo.vorgangVon(q, id) : undefined;
  if (!vorgangId) throw nichtGefunden("Das Dokument");
  try {
    return { vorgangId, ...(await requireVorgang(ctx, actor, vorgangId, need, q)) };
  } catch (error) {
    if (error instanceof AppError && error.code === "nicht_gefunden") throw nichtGefunden("Das Dokument");
    throw error;
  }
}

/** Dokumente of a Vorgang whose access the caller has already checked (metadata only, no text). */
export async function listDokumente(ctx: AppContext, vorgangId: string): Promise<DokumentKurz[]> {
  return repo.listDokumente(ctx.db, vorgangId);
}

export async function getDokument(ctx: AppContext, actor: Akteur, id: string): Promise<Dokument> {
  const { vorgangId, akte, rechte } = await requireDokument(ctx, actor, id, "inhaltLesen");
  const dokument = await repo.getDokument(ctx.db, id);
  if (!dokument) throw nichtGefunden("Das Dokument");
  const { rows } = await ctx.db.query<{ nr: number; betreff: string; status: string; aktenzeichen: string }>(
    "SELECT v.nr, v.betreff, v.status, a.aktenzeichen FROM vorgang v JOIN akte a ON a.id = v.akte_id WHERE v.id = $1",
    [vorgangId],
  );
  const v = rows[0]!;
  if (akte.daten.zugriffsbeschraenkt) {
    await ctx.db.transaction((tx) =>
      protokolliereLesenInTx(ctx, tx, actor, akte.daten, { objektArt: "dokument", objektId: id }),
    );
  }
  const { vorgangId: _omit, ...rest } = dokument;
  const alleRechte: DokumentRechte = { ...rechte, versionAnlegen: rechte.dokumentAnlegen };
  return {
    ...rest,
    vorgang: { id: vorgangId, zeichen: `${v.aktenzeichen}-${v.nr}`, betreff: v.betreff, status: v.status },
    akte: { id: akte.daten.id, aktenzeichen: v.aktenzeichen },
    versionen: await repo.versionen(ctx.db, id),
    texterkennung: await texterkennungVon(ctx.db, id, dokument.aktuelleVersion),
    scanprotokoll:
      (
        await ctx.db.query<{ scanprotokoll: Record<string, unknown> | null }>(
          "SELECT scanprotokoll FROM dokument WHERE id = $1",
          [id],
        )
      ).rows[0]?.scanprotokoll ?? null,
    rechte: alleRechte,
  };
}

/**
 * What `legeDokumentAnInTx` will refuse, checked before the upload stores its file: the caller may add
 * Dokumente to the Vorgang (visible, not zdA) and the metadata are valid.
 */
export async function pruefeDokumentAnlage(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
  metadaten: Partial<DokumentMetadaten>,
  dateiname: string,
): Promise<void> {
  await requireVorgang(ctx, actor, vorgangId, "dokumentAnlegen");
  pruefeMetadaten(metadaten, undefined, dateiname.replace(/\.[^.]{1,10}$/, ""));
}

/** What `legeVersionAnInTx` will refuse, checked before the upload stores its file. */
export async function pruefeVersionAnlage(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  await requireDokument(ctx, actor, id, "dokumentAnlegen");
  const { rows } = await ctx.db.query<{ gezeichnet_am: Date | null }>(
    "SELECT gezeichnet_am FROM dokument WHERE id = $1",
    [id],
  );
  if (rows[0]?.gezeichnet_am)
    throw new AppError(
      "konflikt",
      "Das Dokument ist gezeichnet und damit endgültig; eine neue Version ist nicht mehr möglich.",
    );
}

/** A new Dokument with its first version. The content is already in the blob store; the rows follow. */
export async function createDokument(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
  metadaten: Partial<DokumentMetadaten>,
  datei: EmpfangeneDatei,
  kommentar = "",
  scanprotokoll: Record<string, unknown> | null = null,
): Promise<Dokument> {
  const id = await ctx.db.transaction((tx) =>
    legeDokumentAnInTx(ctx, tx, actor, vorgangId, metadaten, datei, kommentar, scanprotokoll),
  );
  return getDokument(ctx, actor, id);
}

/** Creates a Dokument with its first version inside the caller's transaction. */
/** The first version of a new Dokument, queued for text recognition in the same transaction. */
async function legeErsteVersionAnInTx(
  ctx: AppContext,
  tx: Tx,
  dokumentId: string,
  datei: EmpfangeneDatei,
  kommentar: string,
  actor: Akteur | null,
): Promise<void> {
  await repo.insertVersion(tx, dokumentId, versionDaten(datei, kommentar, actor), ctx.clock.now());
  await planeTexterkennungInTx(ctx, tx, {
    dokumentId,
    nr: 1,
    sha256: datei.stored.sha256,
    mimeTyp: datei.mimeTyp,
  });
}

export async function legeDokumentAnInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  vorgangId: string,
  metadaten: Partial<DokumentMetadaten>,
  datei: EmpfangeneDatei,
  kommentar = "",
  scanprotokoll: Record<string, unknown> | null = null,
): Promise<string> {
  const daten = pruefeMetadaten(metadaten, undefined, datei.dateiname.replace(/\.[^.]{1,10}$/, ""));
  const { akte } = await requireVorgang(ctx, actor, vorgangId, "dokumentAnlegen", tx);
  const newId = await repo.insertDokument(tx, vorgangId, daten, actor.benutzer.id, ctx.clock.now());
  if (scanprotokoll)
    await tx.query("UPDATE dokument SET scanprotokoll = $2 WHERE id = $1", [
      newId,
      JSON.stringify(scanprotokoll),
    ]);
  await legeErsteVersionAnInTx(ctx, tx, newId, datei, kommentar, actor);
  await protokolliereSchriftgutInTx(
    ctx,
    tx,
    actor,
    "dokument.angelegt",
    { art: "dokument", id: newId },
    akte.daten.id,
    {
      vorgangId,
      typ: daten.typ,
      titel: daten.titel,
      sha256: datei.stored.sha256,
      dateiname: datei.dateiname,
      groesse: datei.stored.groesse,
    },
  );
  return newId;
}

/** A new version; a Dokument in a zdA Vorgang takes none until zdA is lifted. */
export async function addVersion(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  datei: EmpfangeneDatei,
  kommentar = "",
): Promise<Dokument> {
  await ctx.db.transaction((tx) => legeVersionAnInTx(ctx, tx, actor, id, datei, kommentar));
  return getDokument(ctx, actor, id);
}

/** A new version inside the caller's transaction; a gezeichnetes Dokument is final and takes none. */
export async function legeVersionAnInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  id: string,
  datei: EmpfangeneDatei,
  kommentar = "",
): Promise<number> {
  const { akte } = await requireDokument(ctx, actor, id, "dokumentAnlegen", tx);
  const { rows } = await tx.query<{ gezeichnet_am: Date | null }>(
    "SELECT gezeichnet_am FROM dokument WHERE id = $1 FOR UPDATE",
    [id],
  );
  if (rows[0]?.gezeichnet_am)
    throw new AppError(
      "konflikt",
      "Das Dokument ist gezeichnet und damit endgültig; eine neue Version ist nicht mehr möglich.",
    );
  const nr = await repo.insertVersion(tx, id, versionDaten(datei, kommentar, actor), ctx.clock.now());
  await planeTexterkennungInTx(ctx, tx, {
    dokumentId: id,
    nr,
    sha256: datei.stored.sha256,
    mimeTyp: datei.mimeTyp,
  });
  await protokolliereSchriftgutInTx(
    ctx,
    tx,
    actor,
    "dokument.version_angelegt",
    { art: "dokument", id },
    akte.daten.id,
    {
      nr,
      sha256: datei.stored.sha256,
      dateiname: datei.dateiname,
      groesse: datei.stored.groesse,
    },
  );
  return nr;
}

/**
 * Zeichnung makes an Entwurf final: its current version is frozen (no further versions). The
 * caller (the Geschäftsgang) has checked the Zeichnungsbefugnis.
 */
export async function zeichneDokumentInTx(
  ctx: AppContext,
  tx: Tx,
  id: string,
  benutzerId: string,
): Promise<{ version: number }> {
  const { rows } = await tx.query<{ aktuelle_version: number; gezeichnet_am: Date | null }>(
    "SELECT aktuelle_version, gezeichnet_am FROM dokument WHERE id = $1 FOR UPDATE",
    [id],
  );
  if (!rows[0]) throw nichtGefunden("Das Dokument");
  if (rows[0].gezeichnet_am) throw new AppError("konflikt", "Das Dokument ist bereits gezeichnet.");
  await tx.query("UPDATE dokument SET gezeichnet_am = $2, gezeichnet_von = $3 WHERE id = $1", [
    id,
    ctx.clock.now(),
    benutzerId,
  ]);
  return { version: rows[0].aktuelle_version };
}

/** Facts about a Dokument the Geschäftsgang needs (without permission checks: the caller did them). */
export async function dokumentKopf(
  q: Queryable,
  id: string,
): Promise<
  { id: string; vorgangId: string; titel: string; gezeichnet: boolean; version: number } | undefined
> {
  const { rows } = await q.query<{
    id: string;
    vorgang_id: string;
    titel: string;
    gezeichnet_am: Date | null;
    aktuelle_version: number;
  }>("SELECT id, vorgang_id, titel, gezeichnet_am, aktuelle_version FROM dokument WHERE id = $1", [id]);
  const r = rows[0];
  return r
    ? {
        id: r.id,
        vorgangId: r.vorgang_id,
        titel: r.titel,
        gezeichnet: r.gezeichnet_am !== null,
        version: r.aktuelle_version,
      }
    : undefined;
}

/**
 * A Dokument the system files (the Verfügung at the end of a Geschäftsgang): no permission check,
 * and it may go into a Vorgang about to be closed. Recorded in the Protokoll as the system's.
 */
export async function legeSystemdokumentAnInTx(
  ctx: AppContext,
  tx: Tx,
  vorgangId: string,
  metadaten: Partial<DokumentMetadaten>,
  datei: EmpfangeneDatei,
  kommentar: string,
  akteId: string,
): Promise<string> {
  const daten = pruefeMetadaten(metadaten, undefined, datei.dateiname.replace(/\.[^.]{1,10}$/, ""));
  const newId = await repo.insertDokument(tx, vorgangId, daten, null, ctx.clock.now());
  await legeErsteVersionAnInTx(ctx, tx, newId, datei, kommentar, null);
  await protokolliereSchriftgutInTx(
    ctx,
    tx,
    "system",
    "dokument.angelegt",
    { art: "dokument", id: newId },
    akteId,
    {
      vorgangId,
      typ: daten.typ,
      titel: daten.titel,
      sha256: datei.stored.sha256,
    },
  );
  return newId;
}

export async function updateDokument(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  patch: Partial<DokumentMetadaten>,
): Promise<Dokument> {
  await ctx.db.transaction(async (tx) => {
    const { akte } = await requireDokument(ctx, actor, id, "dokumentAnlegen", tx);
    const current = (await repo.getDokument(tx, id))!;
    const daten = pruefeMetadaten(patch, current, current.titel);
    await repo.updateDokument(tx, id, daten, ctx.clock.now());
    await ctx.ereignisse.sende(tx, { art: "dokument.geaendert", dokumentId: id });
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "dokument.geaendert",
      { art: "dokument", id },
      akte.daten.id,
      {
        aenderungen: patch as Record<string, unknown>,
      },
    );
  });
  return getDokument(ctx, actor, id);
}

/** The content of one version for download; reading a restricted Akte's content is recorded first. */
export async function oeffneVersion(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  nr: number,
): Promise<{ version: DokumentVersion; inhalt: Readable }> {
  const { akte } = await requireDokument(ctx, actor, id, "inhaltLesen");
  const version = (await repo.versionen(ctx.db, id)).find((v) => v.nr === nr);
  if (!version) throw nichtGefunden("Die Version");
  if (akte.daten.zugriffsbeschraenkt) {
    await ctx.db.transaction((tx) =>
      protokolliereLesenInTx(ctx, tx, actor, akte.daten, {
        objektArt: "dokument",
        objektId: id,
        details: { version: nr, sha256: version.sha256 },
      }),
    );
  }
  return { version, inhalt: await ctx.blobs.get(version.sha256) };
}

/** What the pipeline derived from a version: the searchable PDF (OCR) or the first-page preview. */
const ABLEITUNGEN = {
  rendition: { name: "Die durchsuchbare Fassung" },
  vorschau: { name: "Die Vorschau" },
} as const;

/**
 * A file the pipeline derived from a version (the original stays untouched). Both show the
 * content, so reading them is recorded for restricted Akten like the original.
 */
export async function oeffneAbleitung(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  nr: number,
  art: keyof typeof ABLEITUNGEN,
): Promise<{ dateiname: string; groesse: number; sha256: string; inhalt: Readable }> {
  const { akte } = await requireDokument(ctx, actor, id, "inhaltLesen");
  const { name } = ABLEITUNGEN[art];
  const sha256 = await ableitungVon(ctx.db, id, nr, art);
  const groesse = sha256 === undefined ? undefined : await blobGroesse(ctx.db, sha256);
  const dateiname = await repo.versionDateiname(ctx.db, id, nr);
  if (sha256 === undefined || groesse === undefined || dateiname === undefined) throw nichtGefunden(name);
  const r = { sha256, groesse, dateiname };
  if (akte.daten.zugriffsbeschraenkt) {
    await ctx.db.transaction((tx) =>
      protokolliereLesenInTx(ctx, tx, actor, akte.daten, {
        objektArt: "dokument",
        objektId: id,
        details: { version: nr, [art]: r.sha256 },
      }),
    );
  }
  const stamm = r.dateiname.replace(/\.[^.]{1,10}$/, "");
  return {
    dateiname: art === "rendition" ? `${stamm} (durchsuchbar).pdf` : `${stamm} (Vorschau).png`,
    groesse: r.groesse,
    sha256: r.sha256,
    inhalt: await ctx.blobs.get(r.sha256),
  };
}

/** An e-mail version for reading: header, text, sanitised HTML and the list of Anlagen. */
export async function emailAnsicht(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  nr: number,
): Promise<EmailAnsicht> {
  const { version, inhalt } = await oeffneVersion(ctx, actor, id, nr);
  if (version.mimeTyp !== "message/rfc822") {
    inhalt.destroy();
    throw new AppError("nicht_verarbeitbar", "Diese Version ist keine E-Mail.");
  }
  return leseEmail(inhalt);
}
