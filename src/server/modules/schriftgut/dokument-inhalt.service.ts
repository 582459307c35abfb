import type { Readable } from "node:stream";
import type { AppContext } from "../../platform/context.js";
import { blobGroesse } from "../../platform/blobstore/index.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { ableitungVon } from "../content/index.js";
import { ohneEndung } from "./dokument-eingabe.js";
import * as repo from "./dokumente.repository.js";
import type { DokumentVersion } from "./dokumente.types.js";
import { leseEmail, type EmailAnsicht } from "./email-ansicht.js";
import { protokolliereLesenInTx } from "./protokollierung.js";
import { requireDokument } from "./zugriffstor.js";

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
  const stamm = ohneEndung(r.dateiname);
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
