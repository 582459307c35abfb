import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { AppContext } from "../../platform/context.js";
import { registriereBlob } from "../../platform/blobstore/index.js";
import { extrahiere, zeichneLesebild } from "../content/index.js";
import { offenerVorgangVonAbsender, vorgangZuAktenzeichen } from "../schriftgut/index.js";
import * as repo from "./posteingang.repository.js";
import { passendeRegel } from "./regeln.repository.js";

type Vorschlag = { vorgang: string; grund: string } | null;

/**
 * The job: read the item's text and propose a Vorgang. An Aktenzeichen found in the text points to
 * the newest open Vorgang of that Akte; otherwise a Betreffregel of the OE, otherwise a sender known
 * from earlier Dokumente. A picture of the first page follows, for the split view.
 */
export async function verarbeiteEintrag(ctx: AppContext, nutzlast: Record<string, unknown>): Promise<void> {
  const id = String(nutzlast.id);
  const eintrag = await repo.eintragZurErkennung(ctx.db, id);
  if (!eintrag) return;
  const ordner = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-posteingang-"));
  try {
    const datei = path.join(ordner, "original");
    await pipeline(await ctx.blobs.get(eintrag.sha256), createWriteStream(datei));
    const ergebnis = await extrahiere(datei, eintrag.mimeTyp, ctx.tools, ordner);
    const text = ergebnis.text ?? "";
    // An e-mail uploaded as .eml tells its Betreff and sender in the extracted header.
    const kopf = (feld: string) =>
      eintrag.mimeTyp === "message/rfc822"
        ? (new RegExp(`^${feld}: (.+)$`, "m").exec(text.slice(0, 4000))?.[1]?.trim() ?? null)
        : null;
    const betreff = typeof eintrag.angaben.betreff === "string" ? eintrag.angaben.betreff : kopf("Betreff");
    const absender = typeof eintrag.angaben.absender === "string" ? eintrag.angaben.absender : kopf("Von");
    const vorschlag = await schlageVor(ctx, { oeId: eintrag.oeId, text, betreff, absender });
    // The letter's first page, to read beside the registration form (from the OCR's PDF for a scan).
    const bild = await zeichneLesebild(
      ctx,
      { datei, mimeTyp: eintrag.mimeTyp },
      ergebnis.status === "fertig" ? ergebnis.rendition : undefined,
    );
    if (bild)
      await ctx.db.transaction(async (tx) => {
        await registriereBlob(tx, bild.sha256, bild.groesse, ctx.clock.now());
        await repo.setzeVorschau(tx, id, bild.sha256);
      });
    await repo.speichereErkennung(ctx.db, id, {
      text: text.slice(0, 200_000),
      texterkennung: ergebnis.status === "fertig" ? "fertig" : `${ergebnis.status}: ${ergebnis.grund ?? ""}`,
      vorschlag,
      betreff: betreff?.slice(0, 500) ?? null,
      absender: absender?.slice(0, 500) ?? null,
    });
  } finally {
    await fs.rm(ordner, { recursive: true, force: true });
  }
}

/** The Vorschlag for a text: by Aktenzeichen, else by Betreffregel, else by known sender. */
async function schlageVor(
  ctx: AppContext,
  e: { oeId: string; text: string; betreff: string | null; absender: string | null },
): Promise<Vorschlag> {
  const kandidaten = [...new Set(e.text.match(/[0-9A-Za-z][0-9A-Za-z.\-/]{5,39}/g) ?? [])].slice(0, 500);
  if (kandidaten.length) {
    const treffer = await vorgangZuAktenzeichen(
      ctx.db,
      kandidaten.map((k) => k.replace(/[.,;:)]+$/, "")),
    );
    if (treffer) return { vorgang: treffer.vorgangId, grund: `Aktenzeichen ${treffer.aktenzeichen} im Text` };
  }
  // Betreffregeln of the OE: the longest matching pattern wins; without a Betreff, the text's start.
  const regel = await passendeRegel(ctx.db, e.oeId, e.betreff ?? e.text.slice(0, 2000));
  if (regel) return { vorgang: regel.vorgangId, grund: `Betreffregel „${regel.muster}“` };
  if (e.absender) {
    const bekannt = await offenerVorgangVonAbsender(ctx.db, e.absender);
    if (bekannt) return { vorgang: bekannt, grund: `bekannter Absender ${e.absender}` };
  }
  return null;
}
