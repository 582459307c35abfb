import { registriereBlob } from "../../platform/blobstore/index.js";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { simpleParser } from "mailparser";
import type { AppContext } from "../../platform/context.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { resolveOe, hatRolle, type Akteur } from "../access/index.js";
import { extrahiere } from "../content/index.js";
import {
  bereinigeDateiname,
  legeDokumentAn,
  type DokumentMetadaten,
  erkenneInhaltstyp,
  SNIFF_BYTES,
  type EmpfangeneDatei,
  type Zugriffsprofil,
  profilFuer,
  requireAkte,
  sichtbarSql,
  legeVorgangAn,
  requireVorgang,
  type NeuerVorgang,
} from "../schriftgut/index.js";
import { appendProtokoll } from "../protokoll/index.js";

export const JOB_POSTEINGANG = "posteingang";
export const JOB_SCANORDNER = "scanordner";

export type Kanal = "upload" | "scan" | "email" | "api";

export interface Eintrag {
  id: string;
  oe: { id: string; kuerzel: string; name: string };
  kanal: Kanal;
  status: "neu" | "registriert" | "verworfen";
  dateiname: string;
  mimeTyp: string;
  groesse: number;
  angaben: Record<string, unknown>;
  scanprotokoll: Record<string, unknown> | null;
  texterkennung: string;
  vorschlag: { vorgangId: string; zeichen: string; betreff: string; grund: string } | null;
  dokumentId: string | null;
  erstelltAm: string;
}

/** The roles by which an OE's own staff see its Posteingang. */
const OE_ROLLEN = ["Sachbearbeitung", "Leitung"];

/** The central mail room (role Posteingang) sees every OE's intake; an OE's own staff see theirs. */
function darfSehen(actor: Akteur, oeId: string): boolean {
  return (
    hatRolle(actor, "Posteingang") ||
    actor.mitgliedschaften.some((m) => m.oeId === oeId && OE_ROLLEN.includes(m.rolle))
  );
}

/**
 * Items with their Vorschlag as this reader may see it: the proposed Vorgang is joined only when
 * the one visibility rule (`sichtbarSql`, content level: a Vorschlag names the Vorgang's Betreff)
 * lets the reader read its Akte. A Vorschlag for something the reader cannot see is simply absent,
 * with its Grund (which may name an Aktenzeichen or a sender known from that Akte).
 * Appends its parameters to `values`.
 */
function selectFuer(profil: Zugriffsprofil | null, values: unknown[]): string {
  const sichtbar = profil ? sichtbarSql(profil, values, "a", { inhalt: true }) : "false";
  return `SELECT p.id, p.oe_id, o.kuerzel, o.name, p.kanal, p.status, p.dateiname, p.mime_typ, p.groesse, p.angaben, p.scanprotokoll,
  p.texterkennung, v.id AS vorschlag_vorgang_id, CASE WHEN v.id IS NOT NULL THEN p.vorschlag_grund END AS vorschlag_grund,
  p.dokument_id, p.erstellt_am, p.erstellt_am::text AS erstellt_am_genau, v.nr AS vorschlag_nr, v.betreff AS vorschlag_betreff, a.aktenzeichen AS vorschlag_aktenzeichen
  FROM posteingang_eintrag p JOIN organisationseinheit o ON o.id = p.oe_id
  LEFT JOIN (vorgang v JOIN akte a ON a.id = v.akte_id AND a.geloescht_am IS NULL AND ${sichtbar})
    ON v.id = p.vorschlag_vorgang_id`;
}

interface Row {
  id: string;
  oe_id: string;
  kuerzel: string;
  name: string;
  kanal: Kanal;
  status: Eintrag["status"];
  dateiname: string;
  mime_typ: string;
  groesse: number;
  angaben: Record<string, unknown>;
  scanprotokoll: Record<string, unknown> | null;
  texterkennung: string;
  vorschlag_vorgang_id: string | null;
  vorschlag_grund: string | null;
  dokument_id: string | null;
  erstellt_am: Date;
  /** Microsecond precision for the cursor (a JS Date keeps milliseconds only). */
  erstellt_am_genau: string;
  vorschlag_nr: number | null;
  vorschlag_betreff: string | null;
  vorschlag_aktenzeichen: string | null;
}

function toEintrag(r: Row): Eintrag {
  return {
    id: r.id,
    oe: { id: r.oe_id, kuerzel: r.kuerzel, name: r.name },
    kanal: r.kanal,
    status: r.status,
    dateiname: r.dateiname,
    mimeTyp: r.mime_typ,
    groesse: r.groesse,
    angaben: r.angaben,
    scanprotokoll: r.scanprotokoll,
    texterkennung: r.texterkennung,
    vorschlag: r.vorschlag_vorgang_id
      ? {
          vorgangId: r.vorschlag_vorgang_id,
          zeichen: `${r.vorschlag_aktenzeichen}-${r.vorschlag_nr}`,
          betreff: r.vorschlag_betreff ?? "",
          grund: r.vorschlag_grund ?? "",
        }
      : null,
    dokumentId: r.dokument_id,
    erstelltAm: r.erstellt_am.toISOString(),
  };
}

export interface Aufnahme {
  oe: string;
  kanal: Kanal;
  datei: EmpfangeneDatei;
  angaben?: Record<string, unknown>;
  scanprotokoll?: Record<string, unknown> | null;
}

/** Takes an item into an OE's Posteingang: it waits there, its text is read in the background. */
/**
 * The permission part of `nimmAuf`, for the upload route to run before the file is stored:
 * the OE exists and the caller may put mail into its Posteingang.
 */
export async function pruefeAufnahme(ctx: AppContext, caller: Akteur, oeKuerzel: string): Promise<void> {
  const oe = await resolveOe(ctx.db, oeKuerzel, "oe");
  if (!darfSehen(caller, oe.id))
    throw new AppError(
      "keine_berechtigung",
      `In den Posteingang der OE ${oe.kuerzel} legt deren Personal oder die Poststelle.`,
    );
}

export async function nimmAuf(
  ctx: AppContext,
  caller: Akteur | "system",
  eingang: Aufnahme,
): Promise<Eintrag> {
  if (eingang.datei.stored.groesse === 0)
    throw new AppError("ungueltige_eingabe", "Die Datei ist leer (0 Byte).", {
      fehler: [{ feld: "/datei", meldung: "Die Datei ist leer." }],
    });
  const id = await ctx.db.transaction(async (tx) => {
    const oe = await resolveOe(tx, eingang.oe, "oe");
    if (caller !== "system" && !darfSehen(caller, oe.id))
      throw new AppError(
        "keine_berechtigung",
        `In den Posteingang der OE ${oe.kuerzel} legt deren Personal oder die Poststelle.`,
      );
    const kanal: Kanal =
      eingang.datei.mimeTyp === "message/rfc822" && eingang.kanal === "upload" ? "email" : eingang.kanal;
    await registriereBlob(tx, eingang.datei.stored.sha256, eingang.datei.stored.groesse, ctx.clock.now());
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO posteingang_eintrag (oe_id, kanal, sha256, dateiname, originaldateiname, mime_typ, groesse, angaben, scanprotokoll, erstellt_am, erstellt_von)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        oe.id,
        kanal,
        eingang.datei.stored.sha256,
        eingang.datei.dateiname,
        eingang.datei.originaldateiname,
        eingang.datei.mimeTyp,
        eingang.datei.stored.groesse,
        JSON.stringify(eingang.angaben ?? {}),
        eingang.scanprotokoll ? JSON.stringify(eingang.scanprotokoll) : null,
        ctx.clock.now(),
        caller === "system" ? null : caller.benutzer.id,
      ],
    );
    const neu = rows[0]!.id;
    await ctx.jobs.enqueue(tx, JOB_POSTEINGANG, { id: neu }, { schluessel: neu, maxVersuche: 3 });
    await appendProtokoll(tx, ctx.clock, {
      akteur: caller,
      systemName: "System (Scanordner)",
      aktion: "posteingang.aufgenommen",
      objektArt: "posteingang",
      objektId: neu,
      details: {
        oe: oe.kuerzel,
        kanal,
        dateiname: eingang.datei.dateiname,
        sha256: eingang.datei.stored.sha256,
      },
    });
    return neu;
  });
  return (await finde(ctx, caller, id))!;
}

async function finde(ctx: AppContext, leser: Akteur | "system", id: string): Promise<Eintrag | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const values: unknown[] = [];
  const select = selectFuer(leser === "system" ? null : await profilFuer(ctx, leser), values);
  values.push(id);
  const { rows } = await ctx.db.query<Row>(`${select} WHERE p.id = $${values.length}`, values);
  return rows[0] ? toEintrag(rows[0]) : undefined;
}

export async function getEintrag(ctx: AppContext, actor: Akteur, id: string): Promise<Eintrag> {
  const e = await finde(ctx, actor, id);
  if (!e || !darfSehen(actor, e.oe.id)) throw nichtGefunden("Der Eingang");
  return e;
}

/** A page of the Posteingang list and where the next one starts (null: this was the last). */
export interface PosteingangSeite {
  eintraege: Eintrag[];
  naechsteSeite: string | null;
}

/** The cursor is the last row's (erstellt_am, id), opaque to the client. */
function cursor(r: Row): string {
  return Buffer.from(JSON.stringify([r.erstellt_am_genau, r.id])).toString("base64url");
}

function leseCursor(text: string): [string, string] {
  try {
    const [zeit, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    if (typeof zeit === "string" && !Number.isNaN(Date.parse(zeit)) && typeof id === "string")
      if (/^[0-9a-f-]{36}$/i.test(id)) return [zeit, id];
  } catch {
    // falls through to the error below
  }
  throw new AppError("ungueltige_eingabe", "Die Seitenangabe ist ungültig.", {
    fehler: [{ feld: "/nach", meldung: "Bitte den Wert aus der vorigen Antwort verwenden." }],
  });
}

/**
 * Open items the actor may see, oldest first (they wait longest). The permission is part of the
 * query, so a small OE finds its own items however many other OEs have; pages follow a cursor.
 */
export async function listPosteingang(
  ctx: AppContext,
  actor: Akteur,
  filter: { oe?: string; nach?: string; limit?: number } = {},
): Promise<PosteingangSeite> {
  const oeId = filter.oe ? (await resolveOe(ctx.db, filter.oe, "oe")).id : null;
  const limit = Math.min(Math.max(filter.limit ?? 200, 1), 500);
  const values: unknown[] = [];
  const select = selectFuer(await profilFuer(ctx, actor), values);
  const eigeneOes = actor.mitgliedschaften.filter((m) => OE_ROLLEN.includes(m.rolle)).map((m) => m.oeId);
  values.push(oeId, hatRolle(actor, "Posteingang"), eigeneOes);
  const n = values.length;
  const where = [
    "p.status = 'neu'",
    `($${n - 2}::uuid IS NULL OR p.oe_id = $${n - 2})`,
    `($${n - 1}::boolean OR p.oe_id = ANY($${n}::uuid[]))`,
  ];
  if (filter.nach) {
    values.push(...leseCursor(filter.nach));
    where.push(`(p.erstellt_am, p.id) > ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(limit + 1);
  const { rows } = await ctx.db.query<Row>(
    `${select} WHERE ${where.join(" AND ")} ORDER BY p.erstellt_am, p.id LIMIT $${values.length}`,
    values,
  );
  const seite = rows.slice(0, limit);
  return {
    eintraege: seite.map(toEintrag),
    naechsteSeite: rows.length > limit ? cursor(seite.at(-1)!) : null,
  };
}

export interface Registrierung extends Partial<DokumentMetadaten> {
  /** An existing Vorgang … */
  vorgang?: string;
  /** … or a new one in this Akte. */
  neuerVorgang?: { akte: string } & NeuerVorgang;
}

/**
 * Registration: the item becomes a Dokument (its content unchanged, its Scanprotokoll kept) in an
 * existing or a new Vorgang, with Eingangsdatum, Absender, fremdes Geschäftszeichen and
 * Dokumenttyp; an e-mail's attachments become Anlagen. All of it is one transaction: when anything
 * is refused, no Vorgang, Dokument or status change remains, and of two users registering the same
 * item at once exactly one succeeds.
 */
export async function registriere(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  eingabe: Registrierung,
): Promise<Eintrag> {
  const { vorgang, neuerVorgang, ...metadaten } = eingabe;
  if ((vorgang === undefined) === (neuerVorgang === undefined))
    throw new AppError(
      "ungueltige_eingabe",
      "Bitte entweder einen bestehenden Vorgang wählen oder einen neuen anlegen.",
      { fehler: [{ feld: "/vorgang", meldung: "Vorgang oder neuer Vorgang angeben." }] },
    );
  const e = await getEintrag(ctx, actor, id);
  // The target is checked before the item's state: whether someone else is quicker must not change
  // what a user who may not file there learns (404 for a Vorgang or Akte they cannot see).
  if (vorgang !== undefined) await requireVorgang(ctx, actor, vorgang, "dokumentAnlegen");
  else await requireAkte(ctx, actor, neuerVorgang!.akte, "bearbeiten");
  if (e.status !== "neu") throw schonErledigt(e.status);
  const { rows } = await ctx.db.query<{ sha256: string; originaldateiname: string }>(
    "SELECT sha256, originaldateiname FROM posteingang_eintrag WHERE id = $1",
    [id],
  );
  const datei: EmpfangeneDatei = {
    stored: { sha256: rows[0]!.sha256, groesse: e.groesse, neu: false },
    dateiname: e.dateiname,
    originaldateiname: rows[0]!.originaldateiname,
    mimeTyp: e.mimeTyp,
  };
  // Attachments are stored before the transaction (content-addressed; fsck removes unused ones).
  const anlagen = e.mimeTyp === "message/rfc822" ? await anlagenAusEmail(ctx, rows[0]!.sha256) : [];
  await ctx.db.transaction(async (tx) => {
    const { rows: gesperrt } = await tx.query<{ status: string }>(
      "SELECT status FROM posteingang_eintrag WHERE id = $1 FOR UPDATE",
      [id],
    );
    const stand = gesperrt[0]?.status;
    if (stand !== "neu") throw schonErledigt(stand === "verworfen" ? "verworfen" : "registriert");
    const zielVorgang = neuerVorgang
      ? await legeVorgangAn(ctx, tx, actor, neuerVorgang.akte, neuerVorgang)
      : vorgang!;
    const neu = await legeDokumentAn(
      ctx,
      tx,
      actor,
      zielVorgang,
      {
        typ: e.kanal === "email" ? "E-Mail" : "Eingang",
        eingangsdatum: e.erstelltAm.slice(0, 10),
        ...(typeof e.angaben.absender === "string" ? { absender: e.angaben.absender } : {}),
        ...(typeof e.angaben.fremdesGeschaeftszeichen === "string"
          ? { fremdesGeschaeftszeichen: e.angaben.fremdesGeschaeftszeichen }
          : {}),
        ...metadaten,
      },
      datei,
      `Aus dem Posteingang (${e.kanal})`,
      e.scanprotokoll,
    );
    for (const anlage of anlagen) {
      await legeDokumentAn(
        ctx,
        tx,
        actor,
        zielVorgang,
        { typ: "Anlage", titel: anlage.dateiname.replace(/\.[^.]{1,10}$/, "") || "Anlage" },
        anlage,
        "Anlage der E-Mail",
      );
    }
    await tx.query(
      "UPDATE posteingang_eintrag SET status = 'registriert', dokument_id = $2, erledigt_am = $3, erledigt_von = $4 WHERE id = $1",
      [id, neu, ctx.clock.now(), actor.benutzer.id],
    );
    await appendProtokoll(tx, ctx.clock, {
      akteur: actor,
      aktion: "posteingang.registriert",
      objektArt: "posteingang",
      objektId: id,
      details: { dokumentId: neu, vorgangId: zielVorgang, neuerVorgang: neuerVorgang !== undefined },
    });
  });
  return (await finde(ctx, actor, id))!;
}

/** The answer to whoever comes second: the item is taken, and how. */
function schonErledigt(status: "registriert" | "verworfen"): AppError {
  return new AppError(
    "konflikt",
    status === "registriert"
      ? "Dieser Eingang wurde bereits registriert (von jemand anderem oder in einem anderen Fenster)."
      : "Dieser Eingang wurde bereits verworfen.",
  );
}

/** Attachments of an e-mail, stored and typed, ready to become Anlagen; the .eml itself stays whole. */
async function anlagenAusEmail(ctx: AppContext, sha256: string): Promise<EmpfangeneDatei[]> {
  const teile: Buffer[] = [];
  for await (const chunk of await ctx.blobs.get(sha256)) teile.push(chunk as Buffer);
  let mail;
  try {
    mail = await simpleParser(Buffer.concat(teile));
  } catch {
    return [];
  }
  const anlagen: EmpfangeneDatei[] = [];
  for (const anlage of mail.attachments.slice(0, 50)) {
    if (anlage.content.length === 0 || anlage.content.length > ctx.config.maxUploadBytes || anlage.related)
      continue;
    const name = anlage.filename ?? "anlage";
    anlagen.push({
      stored: await ctx.blobs.put(Readable.from([anlage.content])),
      dateiname: bereinigeDateiname(name),
      originaldateiname: name,
      mimeTyp: await erkenneInhaltstyp(anlage.content.subarray(0, SNIFF_BYTES)),
    });
  }
  return anlagen;
}

export async function verwerfe(ctx: AppContext, actor: Akteur, id: string, grund: string): Promise<void> {
  const e = await getEintrag(ctx, actor, id);
  const text = grund.normalize("NFC").trim();
  if (!text)
    throw new AppError("ungueltige_eingabe", "Bitte einen Grund angeben.", {
      fehler: [{ feld: "/grund", meldung: "Pflichtfeld." }],
    });
  if (e.status !== "neu") throw schonErledigt(e.status);
  await ctx.db.transaction(async (tx) => {
    const { rows: gesperrt } = await tx.query<{ status: string }>(
      "SELECT status FROM posteingang_eintrag WHERE id = $1 FOR UPDATE",
      [id],
    );
    const stand = gesperrt[0]?.status;
    if (stand !== "neu") throw schonErledigt(stand === "verworfen" ? "verworfen" : "registriert");
    await tx.query(
      "UPDATE posteingang_eintrag SET status = 'verworfen', erledigt_am = $2, erledigt_von = $3 WHERE id = $1",
      [id, ctx.clock.now(), actor.benutzer.id],
    );
    await appendProtokoll(tx, ctx.clock, {
      akteur: actor,
      aktion: "posteingang.verworfen",
      objektArt: "posteingang",
      objektId: id,
      details: { grund: text },
    });
  });
}

/**
 * The job: read the item's text and propose a Vorgang. An Aktenzeichen found in the text points to
 * the newest open Vorgang of that Akte; otherwise a Betreffregel of the OE, otherwise a sender known
 * from earlier Dokumente.
 */
export async function verarbeiteEintrag(ctx: AppContext, nutzlast: Record<string, unknown>): Promise<void> {
  const id = String(nutzlast.id);
  const { rows } = await ctx.db.query<{
    sha256: string;
    mime_typ: string;
    angaben: Record<string, unknown>;
    oe_id: string;
  }>("SELECT sha256, mime_typ, angaben, oe_id FROM posteingang_eintrag WHERE id = $1", [id]);
  const eintrag = rows[0];
  if (!eintrag) return;
  const ordner = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-posteingang-"));
  try {
    const datei = path.join(ordner, "original");
    await pipeline(await ctx.blobs.get(eintrag.sha256), createWriteStream(datei));
    const ergebnis = await extrahiere(datei, eintrag.mime_typ, ctx.tools, ordner);
    const text = ergebnis.text ?? "";
    let vorschlag: { vorgang: string; grund: string } | null = null;
    const kandidaten = [...new Set(text.match(/[0-9A-Za-z][0-9A-Za-z.\-/]{5,39}/g) ?? [])].slice(0, 500);
    if (kandidaten.length) {
      const { rows: treffer } = await ctx.db.query<{ vorgang_id: string; aktenzeichen: string }>(
        `SELECT v.id AS vorgang_id, a.aktenzeichen FROM akte a JOIN vorgang v ON v.akte_id = a.id
         WHERE a.aktenzeichen = ANY($1) AND a.geloescht_am IS NULL ORDER BY (v.status = 'in_bearbeitung') DESC, v.erstellt_am DESC LIMIT 1`,
        [kandidaten.map((k) => k.replace(/[.,;:)]+$/, ""))],
      );
      if (treffer[0])
        vorschlag = {
          vorgang: treffer[0].vorgang_id,
          grund: `Aktenzeichen ${treffer[0].aktenzeichen} im Text`,
        };
    }
    // An e-mail uploaded as .eml tells its Betreff and sender in the extracted header.
    const kopf = (feld: string) =>
      eintrag.mime_typ === "message/rfc822"
        ? (new RegExp(`^${feld}: (.+)$`, "m").exec(text.slice(0, 4000))?.[1]?.trim() ?? null)
        : null;
    const betreff = typeof eintrag.angaben.betreff === "string" ? eintrag.angaben.betreff : kopf("Betreff");
    const absender = typeof eintrag.angaben.absender === "string" ? eintrag.angaben.absender : kopf("Von");
    if (!vorschlag) {
      // Betreffregeln of the OE: the longest matching pattern wins; without a Betreff, the text's start.
      const { rows: regeln } = await ctx.db.query<{ vorgang_id: string; muster: string }>(
        `SELECT r.vorgang_id, r.muster FROM posteingang_regel r JOIN vorgang v ON v.id = r.vorgang_id
         WHERE r.oe_id = $1 AND v.status = 'in_bearbeitung'
           AND strpos(lower($2), lower(r.muster)) > 0
         ORDER BY length(r.muster) DESC LIMIT 1`,
        [eintrag.oe_id, betreff ?? text.slice(0, 2000)],
      );
      if (regeln[0])
        vorschlag = { vorgang: regeln[0].vorgang_id, grund: `Betreffregel „${regeln[0].muster}“` };
    }
    if (!vorschlag && absender) {
      const { rows: bekannt } = await ctx.db.query<{ vorgang_id: string }>(
        "SELECT d.vorgang_id FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id WHERE lower(d.absender) = lower($1) AND v.status = 'in_bearbeitung' ORDER BY d.erstellt_am DESC LIMIT 1",
        [absender],
      );
      if (bekannt[0]) vorschlag = { vorgang: bekannt[0].vorgang_id, grund: `bekannter Absender ${absender}` };
    }
    await ctx.db.query(
      `UPDATE posteingang_eintrag SET text = $2, texterkennung = $3, vorschlag_vorgang_id = $4, vorschlag_grund = $5,
         angaben = angaben || jsonb_strip_nulls(jsonb_build_object('betreff', $6::text, 'absender', $7::text))
       WHERE id = $1`,
      [
        id,
        text.slice(0, 200_000),
        ergebnis.status === "fertig" ? "fertig" : `${ergebnis.status}: ${ergebnis.grund ?? ""}`,
        vorschlag?.vorgang ?? null,
        vorschlag?.grund ?? null,
        betreff?.slice(0, 500) ?? null,
        absender?.slice(0, 500) ?? null,
      ],
    );
  } finally {
    await fs.rm(ordner, { recursive: true, force: true });
  }
}

/** Optional sidecar of a scan (`brief.pdf.json` or `brief.json`): what the scan station knows. */
interface Beipack {
  oe?: string;
  gescanntVon?: string;
  gescanntAm?: string;
  geraet?: string;
  aufloesungDpi?: number;
  qualitaetGeprueftVon?: string;
  absender?: string;
  betreff?: string;
}

/**
 * Looks into every configured scan folder once: each finished file (untouched for two seconds)
 * goes into the OE's Posteingang with its Scanprotokoll and moves to `verarbeitet/`; a file that
 * cannot be taken moves to `fehler/` with the reason beside it. Nothing is lost or taken twice.
 */
export async function pruefeScanOrdner(ctx: AppContext, jetzt = Date.now()): Promise<number> {
  let aufgenommen = 0;
  for (const { oe, ordner } of ctx.config.scanOrdner) {
    let namen: string[];
    try {
      namen = await fs.readdir(ordner);
    } catch {
      ctx.log.warn({ ordner }, "Scanordner nicht lesbar");
      continue;
    }
    for (const name of namen.sort()) {
      const voll = path.join(ordner, name);
      const stat = await fs.stat(voll).catch(() => undefined);
      if (!stat?.isFile() || name.endsWith(".json") || name.startsWith(".") || jetzt - stat.mtimeMs < 2000)
        continue;
      const beipackDatei = [`${voll}.json`, path.join(ordner, `${path.parse(name).name}.json`)];
      let beipack: Beipack = {};
      let beipackPfad: string | undefined;
      for (const b of beipackDatei) {
        try {
          beipack = JSON.parse(await fs.readFile(b, "utf8")) as Beipack;
          beipackPfad = b;
          break;
        } catch {
          // no sidecar, or not this name
        }
      }
      const ziel = async (unterordner: string, grund?: string) => {
        await fs.mkdir(path.join(ordner, unterordner), { recursive: true });
        const stempel = new Date(jetzt).toISOString().replace(/[:.]/g, "-");
        await fs.rename(voll, path.join(ordner, unterordner, `${stempel}-${name}`));
        if (beipackPfad)
          await fs
            .rename(beipackPfad, path.join(ordner, unterordner, `${stempel}-${path.basename(beipackPfad)}`))
            .catch(() => undefined);
        if (grund)
          await fs.writeFile(path.join(ordner, unterordner, `${stempel}-${name}.fehler.txt`), `${grund}\n`);
      };
      try {
        const head = Buffer.alloc(Math.min(SNIFF_BYTES, stat.size));
        const handle = await fs.open(voll, "r");
        await handle.read(head, 0, head.length, 0);
        await handle.close();
        const stored = await ctx.blobs.put(createReadStream(voll), { maxBytes: ctx.config.maxUploadBytes });
        const datei: EmpfangeneDatei = {
          stored,
          dateiname: bereinigeDateiname(name),
          originaldateiname: name,
          mimeTyp: await erkenneInhaltstyp(head),
        };
        await nimmAuf(ctx, "system", {
          oe: beipack.oe ?? oe,
          kanal: "scan",
          datei,
          angaben: {
            ...(beipack.absender ? { absender: beipack.absender } : {}),
            ...(beipack.betreff ? { betreff: beipack.betreff } : {}),
          },
          scanprotokoll: {
            gescanntVon: beipack.gescanntVon ?? null,
            gescanntAm: beipack.gescanntAm ?? new Date(stat.mtimeMs).toISOString(),
            geraet: beipack.geraet ?? null,
            aufloesungDpi: beipack.aufloesungDpi ?? null,
            qualitaetGeprueftVon: beipack.qualitaetGeprueftVon ?? null,
            sha256: stored.sha256,
            dateiname: name,
            scanordner: ordner,
          },
        });
        await ziel("verarbeitet");
        aufgenommen++;
      } catch (error) {
        const grund = error instanceof AppError ? (error.detail ?? error.title) : (error as Error).message;
        ctx.log.warn({ datei: voll, err: error }, "Scan konnte nicht aufgenommen werden");
        await ziel("fehler", grund).catch(() => undefined);
      }
    }
  }
  return aufgenommen;
}

export interface Betreffregel {
  id: string;
  oe: { id: string; kuerzel: string; name: string };
  muster: string;
  vorgang: { id: string; zeichen: string; betreff: string };
  erstelltAm: string;
}

/** Who keeps an OE's Betreffregeln: its Leitung and Sachbearbeitung, and the Poststelle. */
function darfRegelnPflegen(actor: Akteur, oeId: string): boolean {
  return darfSehen(actor, oeId);
}

const REGEL_SELECT = `SELECT r.id, r.muster, r.erstellt_am, o.id AS oe_id, o.kuerzel, o.name, v.id AS vorgang_id, v.nr,
  v.betreff, a.aktenzeichen
  FROM posteingang_regel r JOIN organisationseinheit o ON o.id = r.oe_id
  JOIN vorgang v ON v.id = r.vorgang_id JOIN akte a ON a.id = v.akte_id`;

/**
 * The Betreffregeln of the OEs the actor keeps. A rule whose Vorgang the actor may not read (say,
 * its Akte was restricted later) is left out: its Betreff and Aktenzeichen are that Akte's content.
 */
export async function listRegeln(ctx: AppContext, actor: Akteur): Promise<Betreffregel[]> {
  const values: unknown[] = [];
  const sichtbar = sichtbarSql(await profilFuer(ctx, actor), values, "a", { inhalt: true });
  const { rows } = await ctx.db.query<{
    id: string;
    muster: string;
    erstellt_am: Date;
    oe_id: string;
    kuerzel: string;
    name: string;
    vorgang_id: string;
    nr: number;
    betreff: string;
    aktenzeichen: string;
  }>(`${REGEL_SELECT} WHERE a.geloescht_am IS NULL AND ${sichtbar} ORDER BY o.kuerzel, r.muster`, values);
  return rows
    .filter((r) => darfRegelnPflegen(actor, r.oe_id))
    .map((r) => ({
      id: r.id,
      oe: { id: r.oe_id, kuerzel: r.kuerzel, name: r.name },
      muster: r.muster,
      vorgang: { id: r.vorgang_id, zeichen: `${r.aktenzeichen}-${r.nr}`, betreff: r.betreff },
      erstelltAm: r.erstellt_am.toISOString(),
    }));
}

export async function legeRegelAn(
  ctx: AppContext,
  actor: Akteur,
  eingabe: { oe: string; muster: string; vorgang: string },
): Promise<Betreffregel> {
  const muster = eingabe.muster.normalize("NFC").trim().replace(/\s+/g, " ");
  if (muster.length < 3)
    throw new AppError("ungueltige_eingabe", "Das Muster ist zu kurz.", {
      fehler: [{ feld: "/muster", meldung: "Mindestens 3 Zeichen, sonst passt es auf zu viele Eingänge." }],
    });
  const id = await ctx.db.transaction(async (tx) => {
    const oe = await resolveOe(tx, eingabe.oe, "oe");
    if (!darfRegelnPflegen(actor, oe.id))
      throw new AppError("keine_berechtigung", `Betreffregeln der OE ${oe.kuerzel} pflegt deren Personal.`);
    // The target must be a Vorgang the author may file into.
    await requireVorgang(ctx, actor, eingabe.vorgang, "dokumentAnlegen", tx);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO posteingang_regel (oe_id, muster, vorgang_id, erstellt_am, erstellt_von) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (oe_id, lower(muster)) DO NOTHING RETURNING id`,
      [oe.id, muster, eingabe.vorgang, ctx.clock.now(), actor.benutzer.id],
    );
    if (!rows[0])
      throw new AppError("konflikt", `Für „${muster}“ gibt es in dieser OE schon eine Betreffregel.`, {
        fehler: [{ feld: "/muster", meldung: "Dieses Muster ist schon vergeben." }],
      });
    await appendProtokoll(tx, ctx.clock, {
      akteur: actor,
      aktion: "posteingang.regel_angelegt",
      objektArt: "posteingang_regel",
      objektId: rows[0].id,
      details: { oe: oe.kuerzel, muster, vorgangId: eingabe.vorgang },
    });
    return rows[0].id;
  });
  return (await listRegeln(ctx, actor)).find((r) => r.id === id)!;
}

export async function loescheRegel(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ oe_id: string; muster: string }>(
      "SELECT oe_id, muster FROM posteingang_regel WHERE id = $1 FOR UPDATE",
      [id],
    );
    if (!rows[0] || !darfRegelnPflegen(actor, rows[0].oe_id)) throw nichtGefunden("Die Betreffregel");
    await tx.query("DELETE FROM posteingang_regel WHERE id = $1", [id]);
    await appendProtokoll(tx, ctx.clock, {
      akteur: actor,
      aktion: "posteingang.regel_geloescht",
      objektArt: "posteingang_regel",
      objektId: id,
      details: { muster: rows[0].muster },
    });
  });
}
