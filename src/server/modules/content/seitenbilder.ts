import { execFile } from "node:child_process";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { registriereBlob } from "../../platform/blobstore/index.js";
import type { AppContext } from "../../platform/context.js";
import { AppError, ungueltigeEingabe } from "../../platform/errors.js";
import { AufgabenFehler, PoolAbbruch } from "../../platform/parser-pool/pool.js";
import { renditionVon } from "./content.repository.js";
import { imPool, STANDARD_GRENZEN, type Grenzen } from "./extraktion.js";
import { erkannterText } from "./auskunft.repository.js";
import * as repo from "./seitenbild.repository.js";
import { ZEICHENBARE_BILDER } from "./vorschau.js";

/**
 * Pages for the document viewer, drawn on the server: page N of a version at one of a few fixed
 * widths, cached in the blob store (`seitenbild`, keyed by the source file, page and width). The
 * source is the OCR rendition where there is one (scans, pictures, Office), else the PDF itself,
 * or the picture as its one page. Untrusted bytes are read only in the parser pool (pdf.js) or in
 * Ghostscript's own process, both under a time limit, as for the preview.
 */

/** The widths the API draws: a thumbnail and three reading sizes (a fixed set bounds the cache). */
export const SEITENBILD_BREITEN = [160, 800, 1200, 1600] as const;
/** A page is drawn at most this many times its width high (a strip of paper stays a strip). */
const HOEHE_JE_BREITE = 4;
/** Pages whose size and text the viewer knows (a longer file shows its first pages). */
const MAX_SEITEN = 2000;
const MAX_SEKUNDEN = 30;
/** Hits the search in a document returns at most. */
const MAX_FUNDSTELLEN = 200;
const UMFELD = 60;

const run = promisify(execFile);

/** A version's file as the viewer needs it: content reads no Schriftgut table. */
export interface VersionsQuelle {
  dokumentId: string;
  nr: number;
  sha256: string;
  mimeTyp: string;
}

/** Where the pages of a version come from: the original PDF, the searchable rendition, or a picture. */
type Quelle = { sha256: string; art: "pdf" | "rendition" | "bild" };

/** What the viewer knows before it draws: page count and sizes, or why there are no pages. */
export interface Seitenangaben {
  seiten: number;
  /** Width and height of each page in points (1/72 inch), in page order. */
  formate: { breite: number; hoehe: number }[];
  /** `original` (the PDF or picture itself) or `durchsuchbar` (the OCR rendition); null without pages. */
  quelle: "original" | "durchsuchbar" | null;
  /** Why there are no pages to show (German), when `seiten` is 0. */
  grund: string | null;
  /** The widths one may ask for. */
  breiten: number[];
  /** The pages have their text, so a search can name the page of each hit. */
  text: boolean;
}

function grenzen(ctx: AppContext): Grenzen {
  return { ...STANDARD_GRENZEN, maxParserSekunden: Math.min(MAX_SEKUNDEN, ctx.config.parserSekunden) };
}

async function quelleVon(ctx: AppContext, v: VersionsQuelle): Promise<Quelle | null> {
  const inhalt = await renditionVon(ctx.db, v.dokumentId, v.nr);
  if (inhalt?.renditionSha256) return { sha256: inhalt.renditionSha256, art: "rendition" };
  if (v.mimeTyp === "application/pdf") return { sha256: v.sha256, art: "pdf" };
  if (ZEICHENBARE_BILDER.has(v.mimeTyp)) return { sha256: v.sha256, art: "bild" };
  return null;
}

/** Work already under way, by key: two viewers asking for the same page draw it once. */
const laufend = new Map<string, Promise<unknown>>();
function einmal<T>(schluessel: string, arbeit: () => Promise<T>): Promise<T> {
  const da = laufend.get(schluessel) as Promise<T> | undefined;
  if (da) return da;
  const p = arbeit().finally(() => laufend.delete(schluessel));
  laufend.set(schluessel, p);
  return p;
}

/** Copies a blob to a temporary file for the parser, runs `arbeit`, and removes the file. */
async function mitDatei<T>(
  ctx: AppContext,
  sha256: string,
  arbeit: (datei: string) => Promise<T>,
): Promise<T> {
  const ordner = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-seiten-"));
  try {
    const datei = path.join(ordner, "quelle");
    await pipeline(await ctx.blobs.get(sha256), createWriteStream(datei));
    return await arbeit(datei);
  } finally {
    await fs.rm(ordner, { recursive: true, force: true });
  }
}

/** The German reason a file could not be read, from the pool's or the task's error. */
function lesefehler(error: unknown): string {
  if (error instanceof PoolAbbruch) return `Die Seiten konnten nicht gelesen werden: ${error.message}`;
  if (error instanceof AufgabenFehler && /[äöüß]|Seite/.test(error.message)) return error.message;
  return "Die Datei ist beschädigt oder kein lesbares PDF.";
}

/** Page count, sizes and text of a source file, read once and then kept. */
async function seitenquelle(ctx: AppContext, q: Quelle): Promise<repo.Seitenquelle> {
  const da = await repo.seitenquelle(ctx.db, q.sha256);
  if (da) return da;
  return einmal(`quelle:${q.sha256}`, async () => {
    const gelesen: repo.Seitenquelle = await mitDatei(ctx, q.sha256, async (datei) => {
      try {
        if (q.art === "bild") {
          const { breite, hoehe } = await imPool("bildGroesse", { datei }, grenzen(ctx));
          if (breite === 0 || hoehe === 0 || (breite * hoehe) / 1_000_000 > grenzen(ctx).maxMegapixel)
            return { seiten: 0, formate: [], texte: [], grund: "Das Bild ist zu groß oder beschädigt." };
          return { seiten: 1, formate: [[breite, hoehe]], texte: [], grund: null };
        }
        const r = await imPool("pdfSeiten", { datei, maxSeiten: MAX_SEITEN }, grenzen(ctx));
        if (r.seiten === 0) return { ...r, grund: "Die PDF-Datei hat keine Seiten." };
        return { ...r, grund: null };
      } catch (error) {
        return { seiten: 0, formate: [], texte: [], grund: lesefehler(error) };
      }
    });
    await repo.speichereSeitenquelle(ctx.db, q.sha256, gelesen, ctx.clock.now());
    return gelesen;
  });
}

/** Page count and page sizes of a version, or why it has no pages to show. */
export async function seitenangaben(ctx: AppContext, v: VersionsQuelle): Promise<Seitenangaben> {
  const breiten = [...SEITENBILD_BREITEN];
  const q = await quelleVon(ctx, v);
  if (!q)
    return {
      seiten: 0,
      formate: [],
      quelle: null,
      grund:
        v.mimeTyp === "image/tiff"
          ? "Die Seiten werden nach der Texterkennung gezeigt."
          : "Für diesen Dateityp gibt es keine Seitenansicht.",
      breiten,
      text: false,
    };
  const s = await seitenquelle(ctx, q);
  const formate = Array.from({ length: s.seiten }, (_, i) => {
    const [breite, hoehe] = s.formate[Math.min(i, s.formate.length - 1)] ?? [595, 842];
    return { breite, hoehe };
  });
  return {
    seiten: s.seiten,
    formate,
    quelle: s.seiten === 0 ? null : q.art === "rendition" ? "durchsuchbar" : "original",
    grund: s.grund,
    breiten,
    text: s.texte.some((t) => t.trim() !== ""),
  };
}

/** A drawn page, stored in the blob store. */
export interface Seitenbild {
  sha256: string;
  mimeTyp: string;
  bildBreite: number;
  bildHoehe: number;
}

/** The widths as a German list: "160, 800, 1200 oder 1600". */
const BREITEN_TEXT = `${SEITENBILD_BREITEN.slice(0, -1).join(", ")} oder ${SEITENBILD_BREITEN.at(-1)}`;

/**
 * Page `seite` of a version drawn `breite` pixels wide (one of SEITENBILD_BREITEN): from the cache,
 * or drawn now and kept. A width outside the set is a 400, a page the file does not have a 404.
 */
export async function seitenbild(
  ctx: AppContext,
  v: VersionsQuelle,
  seite: number,
  breite: number,
): Promise<Seitenbild> {
  if (!(SEITENBILD_BREITEN as readonly number[]).includes(breite))
    throw ungueltigeEingabe([
      { feld: "/breite", meldung: `Die Breite ${breite} gibt es nicht; möglich sind ${BREITEN_TEXT} Pixel.` },
    ]);
  const q = await quelleVon(ctx, v);
  if (!q) throw new AppError("nicht_gefunden", "Für diesen Dateityp gibt es keine Seitenbilder.");
  const s = await seitenquelle(ctx, q);
  if (s.seiten === 0) throw new AppError("nicht_gefunden", s.grund ?? "Das Dokument hat keine Seiten.");
  if (seite > s.seiten)
    throw new AppError(
      "nicht_gefunden",
      `Die Seite ${seite} gibt es nicht; das Dokument hat ${s.seiten === 1 ? "eine Seite" : `${s.seiten} Seiten`}.`,
    );
  const da = await repo.seitenbild(ctx.db, q.sha256, seite, breite);
  if (da) return da;
  return einmal(`bild:${q.sha256}:${seite}:${breite}`, async () => {
    const bild = await mitDatei(ctx, q.sha256, (datei) => zeichne(ctx, q, s, datei, seite, breite)).catch(
      (error: unknown) => {
        throw new AppError("nicht_verarbeitbar", lesefehler(error));
      },
    );
    const blob = await ctx.blobs.put(Readable.from([bild.daten]));
    const gespeichert = {
      sha256: blob.sha256,
      mimeTyp: bild.mimeTyp,
      bildBreite: bild.breite,
      bildHoehe: bild.hoehe,
    };
    await ctx.db.transaction(async (tx) => {
      await registriereBlob(tx, blob.sha256, blob.groesse, ctx.clock.now());
      await repo.speichereSeitenbild(tx, q.sha256, seite, breite, gespeichert, ctx.clock.now());
    });
    return gespeichert;
  });
}

/**
 * Draws one page: a scan (rendition) by Ghostscript in a process of its own as JPEG (it decodes
 * the page's large image in C), anything else by pdf.js in a pool thread as WebP.
 */
async function zeichne(
  ctx: AppContext,
  q: Quelle,
  s: repo.Seitenquelle,
  datei: string,
  seite: number,
  breite: number,
): Promise<{ daten: Buffer; mimeTyp: string; breite: number; hoehe: number }> {
  const g = grenzen(ctx);
  const maxHoehe = breite * HOEHE_JE_BREITE;
  if (q.art === "bild") {
    const daten = await imPool(
      "bildVorschau",
      { datei, breite, maxHoehe, maxMegapixel: g.maxMegapixel, format: "webp" },
      g,
    );
    if (!daten) throw new Error("Das Bild ist zu groß oder beschädigt.");
    return { daten: Buffer.from(daten), mimeTyp: "image/webp", ...(await masse(Buffer.from(daten))) };
  }
  if (q.art === "rendition" && ctx.tools.ghostscript.gefunden) {
    try {
      return await mitGhostscript(datei, seite, s.formate[seite - 1] ?? s.formate.at(-1), breite, maxHoehe);
    } catch {
      // pdf.js may still draw what Ghostscript refused.
    }
  }
  const daten = Buffer.from(await imPool("pdfSeite", { datei, seite, breite, maxHoehe, format: "webp" }, g));
  return { daten, mimeTyp: "image/webp", ...(await masse(daten)) };
}

/** Width and height of an image we drew (from its header; our own bytes, read on the loop). */
async function masse(daten: Buffer): Promise<{ breite: number; hoehe: number }> {
  const { imageSize } = await import("image-size");
  const g = imageSize(daten);
  return { breite: g.width ?? 0, hoehe: g.height ?? 0 };
}

async function mitGhostscript(
  datei: string,
  seite: number,
  format: [number, number] | undefined,
  breite: number,
  maxHoehe: number,
): Promise<{ daten: Buffer; mimeTyp: string; breite: number; hoehe: number }> {
  const [w, h] = format ?? [595, 842];
  const massstab = Math.min(breite / w, maxHoehe / h);
  const pixelBreite = Math.max(1, Math.round(w * massstab));
  const pixelHoehe = Math.max(1, Math.round(h * massstab));
  const ziel = `${datei}.${seite}.jpg`;
  try {
    await run(
      "gs",
      [
        "-q",
        "-dSAFER",
        "-dBATCH",
        "-dNOPAUSE",
        "-sDEVICE=jpeg",
        "-dJPEGQ=85",
        `-g${pixelBreite}x${pixelHoehe}`,
        "-dPDFFitPage",
        "-dUseCropBox",
        `-dFirstPage=${seite}`,
        `-dLastPage=${seite}`,
        "-dTextAlphaBits=4",
        "-dGraphicsAlphaBits=4",
        "-dDOINTERPOLATE",
        `-sOutputFile=${ziel}`,
        "-f",
        datei,
      ],
      { timeout: MAX_SEKUNDEN * 1000, killSignal: "SIGKILL", maxBuffer: 1024 * 1024 },
    );
    const daten = await fs.readFile(ziel);
    return { daten, mimeTyp: "image/jpeg", breite: pixelBreite, hoehe: pixelHoehe };
  } finally {
    await fs.rm(ziel, { force: true });
  }
}

/** One hit of the search in a document: the page (null when the text has no pages) and context. */
export interface Fundstelle {
  seite: number | null;
  vorher: string;
  treffer: string;
  nachher: string;
}

/** Compared in lower case (German rules) and NFC, as the reader types it. */
function normalisiere(s: string): string {
  return s.normalize("NFC").toLocaleLowerCase("de-DE");
}

function sucheIn(text: string, begriff: string, seite: number | null, ziel: Fundstelle[]): void {
  const t = normalisiere(text);
  let ab = 0;
  while (ziel.length < MAX_FUNDSTELLEN) {
    const i = t.indexOf(begriff, ab);
    if (i < 0) return;
    const ende = i + begriff.length;
    const vorher = text.slice(Math.max(0, i - UMFELD), i).replace(/\s+/g, " ");
    const nachher = text.slice(ende, ende + UMFELD).replace(/\s+/g, " ");
    ziel.push({
      seite,
      vorher: `${i > UMFELD ? "…" : ""}${vorher.trimStart()}`,
      treffer: text.slice(i, ende),
      nachher: `${nachher.trimEnd()}${ende + UMFELD < text.length ? "…" : ""}`,
    });
    ab = ende;
  }
}

/**
 * Where a word occurs in a version's text: page by page where the pages have text (text layer or
 * OCR), else in the recognised text as a whole (Office, e-mail), without a page.
 */
export async function fundstellen(
  ctx: AppContext,
  v: VersionsQuelle,
  suchbegriff: string,
): Promise<{ treffer: Fundstelle[]; begrenzt: boolean }> {
  const begriff = normalisiere(suchbegriff.trim());
  const treffer: Fundstelle[] = [];
  if (!begriff) return { treffer, begrenzt: false };
  const q = await quelleVon(ctx, v);
  const s = q ? await seitenquelle(ctx, q) : undefined;
  if (s && s.texte.some((t) => t.trim() !== "")) {
    s.texte.forEach((text, i) => sucheIn(text, begriff, i + 1, treffer));
  } else {
    const text = await erkannterText(ctx.db, v.dokumentId, v.nr);
    if (text) sucheIn(text, begriff, null, treffer);
  }
  return { treffer, begrenzt: treffer.length >= MAX_FUNDSTELLEN };
}
