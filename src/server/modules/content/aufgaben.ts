import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Unzip, UnzipInflate } from "fflate";
import { imageSize } from "image-size";
import { simpleParser } from "mailparser";
import { dekodiere, textAusMarkup } from "./markup.js";

/**
 * Everything that parses an uploaded file's bytes. These functions run in the parser pool's
 * threads (platform/parser-pool), never on the server's event loop: a hostile file can burn a
 * thread until the pool kills it, nothing more. Arguments and results are plain data.
 */

/** Pixels pdf.js decodes of one embedded image at most (a 600 dpi A4 scan has 35 million). */
const PDF_MAX_BILDPIXEL = 40_000_000;
/** Input fed to the inflater at a time: one push yields at most ~1,000 times this many bytes. */
const ZIP_HAPPEN = 8 * 1024;

const standardFonts = `${path.join(
  path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")),
  "standard_fonts",
)}/`;

/** A zip that unpacks to more than its limits allow: refused while inflating, by bytes produced. */
export class ZipBombe extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipBombe";
  }
}

/** Limits on unpacking a zip (Office, ODF): counted on the bytes inflated, never on declared sizes. */
export interface ZipGrenzen {
  maxEntpacktBytes: number;
  maxEintraege: number;
  /** Bytes inflated per byte read, checked once more than 1 MB is out. */
  maxVerhaeltnis: number;
}

/**
 * The wanted entries of a zip, inflated as a stream in small steps. Sizes in the local headers and
 * the central directory are ignored (they may lie): what counts is what the inflater produces.
 */
export async function entpackeTeile(
  datei: string,
  gewollt: (name: string) => boolean,
  grenzen: ZipGrenzen,
): Promise<Map<string, Buffer>> {
  const stuecke = new Map<string, Uint8Array[]>();
  let eintraege = 0;
  let entpackt = 0;
  let gelesen = 0;
  let fehler: Error | null = null;
  const unzip = new Unzip((f) => {
    if (fehler) return;
    if (++eintraege > grenzen.maxEintraege) {
      fehler = new ZipBombe(`Das Archiv hat mehr als ${grenzen.maxEintraege} Einträge.`);
      return;
    }
    if (!gewollt(f.name) || stuecke.has(f.name)) return;
    const teile: Uint8Array[] = [];
    stuecke.set(f.name, teile);
    f.ondata = (err, daten) => {
      if (fehler) return;
      if (err) {
        fehler = err;
        return;
      }
      entpackt += daten.length;
      if (entpackt > grenzen.maxEntpacktBytes)
        fehler = new ZipBombe(
          `Das Archiv entpackt sich auf mehr als ${Math.round(grenzen.maxEntpacktBytes / 1024 / 1024)} MB.`,
        );
      else if (entpackt > 1024 * 1024 && entpackt > grenzen.maxVerhaeltnis * gelesen)
        fehler = new ZipBombe(
          `Das Archiv ist verdächtig stark komprimiert (über ${grenzen.maxVerhaeltnis}:1).`,
        );
      else teile.push(daten);
    };
    f.start();
  });
  unzip.register(UnzipInflate);
  for await (const chunk of createReadStream(datei, { highWaterMark: 64 * 1024 })) {
    const block = chunk as Buffer;
    for (let i = 0; i < block.length; i += ZIP_HAPPEN) {
      const happen = block.subarray(i, i + ZIP_HAPPEN);
      gelesen += happen.length;
      unzip.push(happen);
      if (fehler) throw fehler;
    }
  }
  unzip.push(new Uint8Array(0), true);
  if (fehler) throw fehler;
  return new Map([...stuecke].map(([name, teile]) => [name, Buffer.concat(teile)]));
}

/**
 * Text items (runs of text) one PDF may have: a 500-page book has some 200,000; far more is a file
 * built to exhaust the parser.
 */
const PDF_MAX_TEXTELEMENTE = 500_000;

/**
 * Drawing operations the preview of a first page executes at most: a letter or a scanned page has
 * a few hundred to a few thousand; a page built to keep the renderer busy has hundreds of
 * thousands (200,000 lines take pdf.js some 15 s).
 */
const PDF_MAX_ZEICHENBEFEHLE = 50_000;

/**
 * Bytes one stream of a PDF may inflate to in native zlib. pdf.js inflates every Flate stream it
 * needs (page content, images, fonts) whole through `DecompressionStream`, keeping the chunks and
 * then a copy of them all: a 222 KB file with an 80 MB content stream held 160 MB of buffers in
 * the thread. Past this size the stream fails, and pdf.js falls back to its own inflater, which
 * inflates only as far as the page is read (the text-item and drawing-operation limits stop it).
 */
const PDF_MAX_STROM_NATIV = 16 * 1024 * 1024;

let stroemeBegrenzt = false;

/**
 * Replaces this thread's `DecompressionStream` (pool threads only: they parse, nothing else) with
 * one that errors past PDF_MAX_STROM_NATIV bytes out, counted on the chunks zlib produces.
 */
function begrenzeStroeme(): void {
  if (stroemeBegrenzt) return;
  stroemeBegrenzt = true;
  const Nativ = globalThis.DecompressionStream;
  class BegrenzterStrom {
    readonly readable: ReadableStream<Uint8Array>;
    readonly writable: WritableStream;
    constructor(format: ConstructorParameters<typeof DecompressionStream>[0]) {
      const nativ = new Nativ(format);
      let erzeugt = 0;
      this.writable = nativ.writable;
      this.readable = nativ.readable.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(stueck, steuerung) {
            erzeugt += stueck.byteLength;
            if (erzeugt > PDF_MAX_STROM_NATIV) steuerung.error(new Error("Datenstrom zu groß"));
            else steuerung.enqueue(stueck);
          },
        }),
      );
    }
  }
  globalThis.DecompressionStream = BegrenzterStrom as unknown as typeof DecompressionStream;
}

async function oeffnePdf(datei: string) {
  begrenzeStroeme();
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const inhalt = await readFile(datei);
  const doc = await pdfjs.getDocument({
    // A view of the file's bytes, not a copy: off-heap memory is limited per thread (parser pool).
    data: new Uint8Array(inhalt.buffer, inhalt.byteOffset, inhalt.byteLength),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    enableXfa: false,
    standardFontDataUrl: standardFonts,
    maxImageSize: PDF_MAX_BILDPIXEL,
    verbosity: 0,
  }).promise;
  return { pdfjs, doc };
}

/** Scale of a page so that it fits `breite` wide and `maxHoehe` high. */
function massstab(natuerlich: { width: number; height: number }, breite: number, maxHoehe: number): number {
  return Math.min(breite / natuerlich.width, maxHoehe / natuerlich.height);
}

/** Page `seite` of a PDF drawn by pdf.js on a canvas, scaled to fit `breite` × `maxHoehe`. */
async function zeichnePdfSeite(e: {
  datei: string;
  seite: number;
  breite: number;
  maxHoehe: number;
  format: "png" | "webp";
}): Promise<Uint8Array> {
  const { createCanvas } = await import("@napi-rs/canvas");
  const { pdfjs, doc } = await oeffnePdf(e.datei);
  try {
    if (e.seite < 1 || e.seite > doc.numPages) {
      const fehler = new Error(
        `Die Seite ${e.seite} gibt es nicht; das Dokument hat ${doc.numPages} Seiten.`,
      );
      fehler.name = "SeiteFehlt";
      throw fehler;
    }
    const page = await doc.getPage(e.seite);
    const viewport = page.getViewport({
      scale: massstab(page.getViewport({ scale: 1 }), e.breite, e.maxHoehe),
    });
    // Rounded, not ceiled: 800.0000001 px is an 800 px image, as the client reserves it.
    const canvas = createCanvas(
      Math.max(1, Math.round(viewport.width)),
      Math.max(1, Math.round(viewport.height)),
    );
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    // pdf.js types expect DOM canvases; @napi-rs/canvas implements the same 2D API.
    type Render = Parameters<typeof page.render>[0];
    await page.render({
      canvas: canvas as unknown as Render["canvas"],
      canvasContext: context as unknown as Render["canvasContext"],
      viewport,
      annotationMode: pdfjs.AnnotationMode.ENABLE_FORMS,
      // Asked before each operation is drawn: throwing here cancels the rendering and the
      // operator list that is still being built, and the render promise rejects with this error.
      operationsFilter: (index: number) => {
        if (index < PDF_MAX_ZEICHENBEFEHLE) return true;
        const fehler = new Error(
          e.seite === 1
            ? `Die erste Seite enthält mehr als ${PDF_MAX_ZEICHENBEFEHLE.toLocaleString("de-DE")} Zeichenbefehle; eine Vorschau wird nicht gezeichnet.`
            : `Die Seite ${e.seite} enthält mehr als ${PDF_MAX_ZEICHENBEFEHLE.toLocaleString("de-DE")} Zeichenbefehle; sie wird nicht gezeichnet.`,
        );
        fehler.name = "ZuVieleZeichenbefehle";
        throw fehler;
      },
    }).promise;
    page.cleanup();
    // WebP at this quality keeps letters crisp at a third of the PNG's size.
    return new Uint8Array(e.format === "webp" ? await canvas.encode("webp", 90) : await canvas.encode("png"));
  } finally {
    await doc.destroy();
  }
}

/** The tasks of the content module, run by the parser pool. */
export const aufgaben = {
  /** The text layer of a PDF, page by page, for at most `maxSeiten` pages. */
  async pdfText(e: { datei: string; maxSeiten: number }): Promise<{ seiten: number; proSeite: string[] }> {
    const { doc } = await oeffnePdf(e.datei);
    try {
      const proSeite: string[] = [];
      let elemente = 0;
      for (let n = 1; n <= Math.min(doc.numPages, e.maxSeiten); n++) {
        const page = await doc.getPage(n);
        // Streamed and counted: a page of millions of tiny text operators would otherwise be
        // materialised whole on the thread's heap before the first item could be looked at.
        const teile: string[] = [];
        const leser = page.streamTextContent().getReader();
        for (;;) {
          const { value, done } = await leser.read();
          if (done) break;
          elemente += value.items.length;
          if (elemente > PDF_MAX_TEXTELEMENTE) {
            // No cancel(): pdf.js then fails on its closed stream; destroy() below ends the page.
            leser.releaseLock();
            const fehler = new Error(
              `Die PDF-Datei enthält mehr als ${PDF_MAX_TEXTELEMENTE.toLocaleString("de-DE")} Textelemente; ihr Text wird nicht gelesen.`,
            );
            fehler.name = "ZuVieleTextelemente";
            throw fehler;
          }
          for (const i of value.items) if ("str" in i) teile.push(`${i.str}${i.hasEOL ? "\n" : ""}`);
        }
        proSeite.push(teile.join(" "));
        page.cleanup();
      }
      return { seiten: doc.numPages, proSeite };
    } finally {
      await doc.destroy();
    }
  },

  /** Size in pixels of the first page scaled to fit; reads the page dictionary, decodes nothing. */
  async pdfSeitenmass(e: {
    datei: string;
    breite: number;
    maxHoehe: number;
  }): Promise<{ breite: number; hoehe: number }> {
    const { doc } = await oeffnePdf(e.datei);
    try {
      const natuerlich = (await doc.getPage(1)).getViewport({ scale: 1 });
      const scale = massstab(natuerlich, e.breite, e.maxHoehe);
      return {
        breite: Math.max(1, Math.round(natuerlich.width * scale)),
        hoehe: Math.max(1, Math.round(natuerlich.height * scale)),
      };
    } finally {
      await doc.destroy();
    }
  },

  /** The first page drawn by pdf.js as a PNG. */
  async pdfVorschau(e: { datei: string; breite: number; maxHoehe: number }): Promise<Uint8Array> {
    return zeichnePdfSeite({ ...e, seite: 1, format: "png" });
  },

  /** Page `seite` drawn by pdf.js, `breite` wide (at most `maxHoehe` high), as PNG or WebP. */
  async pdfSeite(e: {
    datei: string;
    seite: number;
    breite: number;
    maxHoehe: number;
    format: "png" | "webp";
  }): Promise<Uint8Array> {
    return zeichnePdfSeite(e);
  },

  /**
   * What the viewer needs before it draws a page: the page count, each page's size in points
   * (at most `maxSeiten` pages; the rest are taken as the size of the last) and the text of each
   * page for its search. Text is left out (empty) when the file has more text items than a
   * reader needs: the sizes come from the page dictionaries and decode nothing.
   */
  async pdfSeiten(e: {
    datei: string;
    maxSeiten: number;
  }): Promise<{ seiten: number; formate: [number, number][]; texte: string[] }> {
    const { doc } = await oeffnePdf(e.datei);
    try {
      const formate: [number, number][] = [];
      const texte: string[] = [];
      let elemente = 0;
      let mitText = true;
      for (let n = 1; n <= Math.min(doc.numPages, e.maxSeiten); n++) {
        const page = await doc.getPage(n);
        // getViewport applies the page's own /Rotate, as the drawing does.
        const v = page.getViewport({ scale: 1 });
        formate.push([Math.round(v.width * 100) / 100, Math.round(v.height * 100) / 100]);
        if (mitText) {
          const teile: string[] = [];
          const leser = page.streamTextContent().getReader();
          for (;;) {
            const { value, done } = await leser.read();
            if (done) break;
            elemente += value.items.length;
            if (elemente > PDF_MAX_TEXTELEMENTE) {
              leser.releaseLock();
              mitText = false;
              break;
            }
            for (const i of value.items) if ("str" in i) teile.push(`${i.str}${i.hasEOL ? "\n" : ""}`);
          }
          texte.push(teile.join(" "));
        }
        page.cleanup();
      }
      return { seiten: doc.numPages, formate, texte: mitText ? texte : [] };
    } finally {
      await doc.destroy();
    }
  },

  /** Width and height from an image's header; throws on a broken or unknown image. */
  async bildGroesse(e: { datei: string }): Promise<{ breite: number; hoehe: number }> {
    const groesse = imageSize(await readFile(e.datei));
    return { breite: groesse.width ?? 0, hoehe: groesse.height ?? 0 };
  },

  /**
   * A picture scaled down to fit as a PNG; null if its header is empty or claims more than
   * `maxMegapixel` (checked before a single pixel is decoded).
   */
  async bildVorschau(e: {
    datei: string;
    breite: number;
    maxHoehe: number;
    maxMegapixel: number;
    format?: "png" | "webp";
  }): Promise<Uint8Array | null> {
    const daten = await readFile(e.datei);
    const groesse = imageSize(daten);
    const breite = groesse.width ?? 0;
    const hoehe = groesse.height ?? 0;
    if (breite === 0 || hoehe === 0 || (breite * hoehe) / 1_000_000 > e.maxMegapixel) return null;
    const { createCanvas, loadImage } = await import("@napi-rs/canvas");
    const bild = await loadImage(daten);
    const scale = Math.min(1, e.breite / bild.width, e.maxHoehe / bild.height);
    const canvas = createCanvas(
      Math.max(1, Math.round(bild.width * scale)),
      Math.max(1, Math.round(bild.height * scale)),
    );
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bild, 0, 0, canvas.width, canvas.height);
    return new Uint8Array(e.format === "webp" ? await canvas.encode("webp", 90) : await canvas.encode("png"));
  },

  /** Text of an Office or ODF document: the named parts (a name ending in / is a folder of parts). */
  async officeText(e: { datei: string; teile: string[]; grenzen: ZipGrenzen }): Promise<string> {
    const teile = await entpackeTeile(
      e.datei,
      (name) =>
        e.teile.some((t) => (t.endsWith("/") ? name.startsWith(t) && name.endsWith(".xml") : name === t)) ||
        /^xl\/worksheets\/sheet\d+\.xml$/.test(name),
      e.grenzen,
    );
    return [...teile.keys()]
      .sort()
      .map((name) => textAusMarkup(dekodiere(teile.get(name)!)))
      .join("\n");
  },

  /** Head lines and body of an e-mail as text; null when subject, sender and body are all missing. */
  async emailText(e: { datei: string }): Promise<string | null> {
    const mail = await simpleParser(await readFile(e.datei), {
      skipHtmlToText: false,
      maxHtmlLengthToParse: 5 * 1024 * 1024,
    });
    const adressen = (v: typeof mail.to) =>
      (Array.isArray(v) ? v : v ? [v] : [])
        .flatMap((a) => a.value)
        .slice(0, 50)
        .map((a) => [a.name, a.address].filter(Boolean).join(" "))
        .join(", ");
    const kopf = [
      `Betreff: ${mail.subject ?? ""}`,
      `Von: ${mail.from?.text ?? ""}`,
      `An: ${adressen(mail.to)}`,
      mail.date ? `Datum: ${mail.date.toISOString()}` : "",
    ]
      .filter(Boolean)
      .join("\n");
    const body = mail.text ?? (typeof mail.html === "string" ? textAusMarkup(mail.html) : "");
    if (!mail.subject && !mail.from && !body.trim()) return null;
    return `${kopf}\n\n${body}`;
  },

  /** A text file's text; with `markup`, HTML or XML reduced to its text. */
  async textDatei(e: { datei: string; markup: boolean }): Promise<string> {
    const text = dekodiere(await readFile(e.datei));
    return e.markup ? textAusMarkup(text) : text;
  },
};
