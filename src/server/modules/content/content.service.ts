import { registriereBlob } from "../../platform/blobstore/index.js";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import * as repo from "./content.repository.js";
import { extrahiere, STANDARD_GRENZEN, type Grenzen } from "./extraktion.js";
import { seitenbild } from "./seitenbilder.js";
import { erzeugeVorschau } from "./vorschau.js";

/** A version's file as the job needs it: content reads no Schriftgut table. */
export interface VersionsDatei {
  dokumentId: string;
  nr: number;
  sha256: string;
  mimeTyp: string;
}

export const JOB_TEXTERKENNUNG = "texterkennung";
export const JOB_VORSCHAU = "vorschau";

/**
 * Called in the transaction that adds a version: the version is indexed by its metadata at once,
 * and its text follows from the job.
 */
export async function planeTexterkennungInTx(ctx: AppContext, tx: Tx, version: VersionsDatei): Promise<void> {
  const { dokumentId, nr } = version;
  await repo.setzeWartend(tx, dokumentId, nr, ctx.clock.now());
  await ctx.jobs.enqueue(
    tx,
    JOB_TEXTERKENNUNG,
    { dokumentId, nr, sha256: version.sha256, mimeTyp: version.mimeTyp },
    { schluessel: `${dokumentId}:${nr}`, maxVersuche: 3 },
  );
  await ctx.ereignisse.sende(tx, { art: "dokument.geaendert", dokumentId: dokumentId });
}

/**
 * The preview job: a PNG of the first page (from the OCR rendition where there is one, so scanned
 * TIFFs get one too) or of the picture. A file without a preview simply has none.
 */
export async function erzeugeVorschauBild(ctx: AppContext, nutzlast: Record<string, unknown>): Promise<void> {
  const dokumentId = String(nutzlast.dokumentId);
  const nr = Number(nutzlast.nr);
  // The version's file comes with the job (content knows no Schriftgut tables); a version whose
  // row is gone (deleted after an Aussonderung) has no dokument_inhalt either.
  const inhalt = await repo.renditionVon(ctx.db, dokumentId, nr);
  if (!inhalt) return;
  const version = {
    sha256: String(nutzlast.sha256),
    mime_typ: String(nutzlast.mimeTyp),
    rendition_sha256: inhalt.renditionSha256,
  };
  const ordner = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-vorschau-"));
  try {
    const datei = path.join(ordner, "original");
    await pipeline(await ctx.blobs.get(version.sha256), createWriteStream(datei));
    let rendition: string | undefined;
    if (version.rendition_sha256) {
      rendition = path.join(ordner, "rendition.pdf");
      await pipeline(await ctx.blobs.get(version.rendition_sha256), createWriteStream(rendition));
    }
    const png = await mitOcrSlot(() =>
      erzeugeVorschau(
        { datei, mimeTyp: version.mime_typ },
        rendition,
        grenzenVon(ctx),
        ctx.tools.ghostscript.gefunden,
      ),
    );
    if (png) {
      const blob = await ctx.blobs.put(Readable.from([png]));
      await ctx.db.transaction(async (tx) => {
        await registriereBlob(tx, blob.sha256, blob.groesse, ctx.clock.now());
        await repo.setzeVorschau(tx, dokumentId, nr, blob.sha256);
      });
    }
    // The viewer's first page at its usual width, drawn now, so the first reader gets it from the
    // cache. A file that cannot be drawn simply is not (the viewer then says why).
    await seitenbild(
      ctx,
      { dokumentId, nr, sha256: version.sha256, mimeTyp: version.mime_typ },
      1,
      800,
    ).catch(() => undefined);
  } finally {
    await fs.rm(ordner, { recursive: true, force: true });
  }
}

/** Width of a page picture someone reads beside a form (the Posteingang's split view). */
export const LESEBILD_BREITE = 800;

/**
 * A picture of the first page of a file that is no Dokument yet (a Posteingang item), drawn like a
 * Dokument's preview but LESEBILD_BREITE wide, and stored; null where there is nothing to draw.
 * `rendition` is the OCR's PDF of a scan, if the text extraction made one. The caller registers
 * the blob in its own transaction.
 */
export async function zeichneLesebild(
  ctx: AppContext,
  original: { datei: string; mimeTyp: string },
  rendition: string | undefined,
): Promise<{ sha256: string; groesse: number } | null> {
  const png = await mitOcrSlot(() =>
    erzeugeVorschau(original, rendition, grenzenVon(ctx), ctx.tools.ghostscript.gefunden, LESEBILD_BREITE),
  );
  if (!png) return null;
  const blob = await ctx.blobs.put(Readable.from([png]));
  return { sha256: blob.sha256, groesse: blob.groesse };
}

/** The pipeline's limits, with the parser pool's time limit from the configuration. */
function grenzenVon(ctx: AppContext): Grenzen {
  return { ...STANDARD_GRENZEN, maxParserSekunden: ctx.config.parserSekunden };
}

/** OCR runs one job per core: tesseract with one thread each is fastest here (see DESIGN.md). */
const ocrSlots = { frei: Math.max(1, os.availableParallelism()), warten: [] as (() => void)[] };
async function mitOcrSlot<T>(work: () => Promise<T>): Promise<T> {
  if (ocrSlots.frei === 0) await new Promise<void>((resolve) => ocrSlots.warten.push(resolve));
  else ocrSlots.frei--;
  try {
    return await work();
  } finally {
    const next = ocrSlots.warten.shift();
    if (next) next();
    else ocrSlots.frei++;
  }
}

/**
 * The job: text of one version (text layer, Office, e-mail, or OCR with a PDF rendition), stored
 * with its status; the search index follows. Idempotent: running it twice gives the same result.
 */
export async function verarbeiteVersion(ctx: AppContext, nutzlast: Record<string, unknown>): Promise<void> {
  const dokumentId = String(nutzlast.dokumentId);
  const nr = Number(nutzlast.nr);
  if (!(await repo.inhaltVorhanden(ctx.db, dokumentId, nr))) return;
  const version = { sha256: String(nutzlast.sha256), mime_typ: String(nutzlast.mimeTyp) };
  await repo.setzeLaeuft(ctx.db, dokumentId, nr, ctx.clock.now());
  const ordner = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-inhalt-"));
  try {
    const datei = path.join(ordner, "original");
    await pipeline(await ctx.blobs.get(version.sha256), createWriteStream(datei));
    const ergebnis = await mitOcrSlot(() =>
      extrahiere(datei, version.mime_typ, ctx.tools, ordner, grenzenVon(ctx)),
    );
    const renditionDatei = ergebnis.status === "fertig" ? ergebnis.rendition : undefined;
    const rendition = renditionDatei
      ? await ctx.blobs.put(createReadStream(renditionDatei)).catch(() => null)
      : null;
    await ctx.db.transaction(async (tx) => {
      if (rendition) {
        await registriereBlob(tx, rendition.sha256, rendition.groesse, ctx.clock.now());
      }
      await repo.speichereErgebnis(
        tx,
        dokumentId,
        nr,
        {
          status: ergebnis.status,
          grund: ergebnis.grund ?? null,
          quelle: ergebnis.quelle ?? null,
          text: ergebnis.text ?? null,
          seiten: ergebnis.seiten ?? null,
          renditionSha256: rendition?.sha256 ?? null,
        },
        ctx.clock.now(),
      );
      await ctx.ereignisse.sende(tx, { art: "dokument.geaendert", dokumentId: dokumentId });
      // The preview follows: it queues behind waiting text recognition, so it never delays a search.
      // A file the parser pool had to kill gets none: drawing it would only burn a thread again.
      if (!(ergebnis.status !== "fertig" && ergebnis.abgebrochen))
        await ctx.jobs.enqueue(
          tx,
          JOB_VORSCHAU,
          { dokumentId, nr, sha256: version.sha256, mimeTyp: version.mime_typ },
          { schluessel: `${dokumentId}:${nr}` },
        );
    });
  } finally {
    await fs.rm(ordner, { recursive: true, force: true });
  }
}
