import type { Readable } from "node:stream";
import type { AppContext } from "../../platform/context.js";
import { blobGroesse } from "../../platform/blobstore/index.js";
import { nichtGefunden } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import {
  fundstellen,
  seitenangaben,
  seitenbild,
  type Fundstelle,
  type Seitenangaben,
  type VersionsQuelle,
} from "../content/index.js";
import * as repo from "./dokumente.repository.js";
import { protokolliereLesenInTx } from "./protokollierung.js";
import { requireDokument } from "./zugriffstor.js";

/**
 * The document viewer's reads: page count, page images and the search in a version's text. Each
 * passes the one access gate (reading the content), and for a restricted Akte each is recorded
 * like a download, since every one of them shows the content.
 */

/** The version's file for content, after the gate; the read recorded for a restricted Akte. */
async function versionZumLesen(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  nr: number,
  details: Record<string, unknown>,
): Promise<{ quelle: VersionsQuelle; beschraenkt: boolean }> {
  const { akte } = await requireDokument(ctx, actor, id, "inhaltLesen");
  const version = (await repo.versionen(ctx.db, id)).find((v) => v.nr === nr);
  if (!version) throw nichtGefunden("Die Version");
  if (akte.daten.zugriffsbeschraenkt) {
    await ctx.db.transaction((tx) =>
      protokolliereLesenInTx(ctx, tx, actor, akte.daten, {
        objektArt: "dokument",
        objektId: id,
        details: { version: nr, ...details },
      }),
    );
  }
  return {
    quelle: { dokumentId: id, nr, sha256: version.sha256, mimeTyp: version.mimeTyp },
    beschraenkt: akte.daten.zugriffsbeschraenkt,
  };
}

/** Page count and sizes of a version for the viewer, or why it has no pages. */
export async function seitenDerVersion(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  nr: number,
): Promise<Seitenangaben> {
  const { quelle } = await versionZumLesen(ctx, actor, id, nr, { ansicht: "seiten" });
  return seitenangaben(ctx, quelle);
}

/** One page of a version as an image, `breite` pixels wide; `beschraenkt` forbids keeping it. */
export async function seitenbildDerVersion(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  nr: number,
  seite: number,
  breite: number,
): Promise<{
  sha256: string;
  mimeTyp: string;
  groesse: number;
  beschraenkt: boolean;
  oeffne: () => Promise<Readable>;
}> {
  const { quelle, beschraenkt } = await versionZumLesen(ctx, actor, id, nr, { seite });
  const bild = await seitenbild(ctx, quelle, seite, breite);
  const groesse = await blobGroesse(ctx.db, bild.sha256);
  if (groesse === undefined) throw nichtGefunden("Die Seite");
  return {
    sha256: bild.sha256,
    mimeTyp: bild.mimeTyp,
    groesse,
    beschraenkt,
    oeffne: () => ctx.blobs.get(bild.sha256),
  };
}

/** Where a word occurs in a version's text, with the page where the text has pages. */
export async function fundstellenInVersion(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  nr: number,
  q: string,
): Promise<{ treffer: Fundstelle[]; begrenzt: boolean }> {
  const { quelle } = await versionZumLesen(ctx, actor, id, nr, { suche: true });
  return fundstellen(ctx, quelle, q);
}
