import { Readable } from "node:stream";
import { simpleParser } from "mailparser";
import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import {
  bereinigeDateiname,
  erkenneInhaltstyp,
  SNIFF_BYTES,
  type EmpfangeneDatei,
} from "../../platform/dateieingang/index.js";
import { legeDokumentAnInTx, legeVorgangAnInTx, requireAkte, requireVorgang } from "../schriftgut/index.js";
import { finde, getEintrag } from "./liste.service.js";
import { darfErledigen } from "./posteingang.policy.js";
import * as repo from "./posteingang.repository.js";
import { schonErledigt, sperreOffenenEintragInTx } from "./sperre.js";
import type { Eintrag, Registrierung } from "./posteingang.types.js";

/** An item the actor may register or discard (404 as if absent for one they may not see). */
async function zuErledigen(ctx: AppContext, actor: Akteur, id: string): Promise<Eintrag> {
  const e = await getEintrag(ctx, actor, id);
  if (!darfErledigen(actor, e.oe.id)) throw nichtGefunden("Der Eingang");
  return e;
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
  const { vorgang, neuerVorgang } = eingabe;
  if ((vorgang === undefined) === (neuerVorgang === undefined))
    throw new AppError(
      "ungueltige_eingabe",
      "Bitte entweder einen bestehenden Vorgang wählen oder einen neuen anlegen.",
      { fehler: [{ feld: "/vorgang", meldung: "Vorgang oder neuer Vorgang angeben." }] },
    );
  const e = await zuErledigen(ctx, actor, id);
  // The target is checked before the item's state: whether someone else is quicker must not change
  // what a user who may not file there learns (404 for a Vorgang or Akte they cannot see).
  if (vorgang !== undefined) await requireVorgang(ctx, actor, vorgang, "dokumentAnlegen");
  else await requireAkte(ctx, actor, neuerVorgang!.akte, "bearbeiten");
  if (e.status !== "neu") throw schonErledigt(e.status);
  const gespeichert = (await repo.dateiDes(ctx.db, id))!;
  const datei: EmpfangeneDatei = {
    stored: { sha256: gespeichert.sha256, groesse: e.groesse, neu: false },
    dateiname: e.dateiname,
    originaldateiname: gespeichert.originaldateiname,
    mimeTyp: e.mimeTyp,
  };
  // Attachments are stored before the transaction (content-addressed; fsck removes unused ones).
  const anlagen = e.mimeTyp === "message/rfc822" ? await anlagenAusEmail(ctx, gespeichert.sha256) : [];
  await ctx.db.transaction((tx) => registriereInTx(ctx, tx, actor, { id, e }, eingabe, datei, anlagen));
  return (await finde(ctx, actor, id))!;
}

/** The registration's transaction: lock, file the Dokument and its Anlagen, mark the item, record it. */
async function registriereInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  { id, e }: { id: string; e: Eintrag },
  eingabe: Registrierung,
  datei: EmpfangeneDatei,
  anlagen: EmpfangeneDatei[],
): Promise<void> {
  const { vorgang, neuerVorgang, ...metadaten } = eingabe;
  await sperreOffenenEintragInTx(tx, id, e.oe.id);
  const zielVorgang = neuerVorgang
    ? await legeVorgangAnInTx(ctx, tx, actor, neuerVorgang.akte, neuerVorgang)
    : vorgang!;
  const neu = await legeDokumentAnInTx(
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
    await legeDokumentAnInTx(
      ctx,
      tx,
      actor,
      zielVorgang,
      { typ: "Anlage", titel: anlage.dateiname.replace(/\.[^.]{1,10}$/, "") || "Anlage" },
      anlage,
      "Anlage der E-Mail",
    );
  }
  await repo.markiereRegistriert(tx, id, neu, actor.benutzer.id, ctx.clock.now());
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: actor,
    aktion: "posteingang.registriert",
    objektArt: "posteingang",
    objektId: id,
    details: { dokumentId: neu, vorgangId: zielVorgang, neuerVorgang: neuerVorgang !== undefined },
  });
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
  const e = await zuErledigen(ctx, actor, id);
  const text = grund.normalize("NFC").trim();
  if (!text)
    throw new AppError("ungueltige_eingabe", "Bitte einen Grund angeben.", {
      fehler: [{ feld: "/grund", meldung: "Pflichtfeld." }],
    });
  if (e.status !== "neu") throw schonErledigt(e.status);
  await ctx.db.transaction(async (tx) => {
    await sperreOffenenEintragInTx(tx, id, e.oe.id);
    await repo.markiereVerworfen(tx, id, actor.benutzer.id, ctx.clock.now());
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "posteingang.verworfen",
      objektArt: "posteingang",
      objektId: id,
      details: { grund: text },
    });
  });
}
