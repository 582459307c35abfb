import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { imageSize } from "image-size";
import { LEERES_PDF, type Grenzen } from "./extraktion.js";

/** Width of a preview image in pixels; enough for a list thumbnail and a sharp 160 px at 2× density. */
export const VORSCHAU_BREITE = 320;
const MAX_HOEHE = 1200;
const MAX_SEKUNDEN = 30;

/** Types the preview can draw directly (TIFF and others come via the OCR rendition, a PDF). */
const ZEICHENBARE_BILDER = new Set(["image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp"]);

const run = promisify(execFile);

const standardFonts = `${path.join(
  path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")),
  "standard_fonts",
)}/`;

async function mitZeitlimit<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error("Zeitlimit der Vorschau überschritten")),
          MAX_SEKUNDEN * 1000,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function oeffnePdf(data: Uint8Array) {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({
    data,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    enableXfa: false,
    standardFontDataUrl: standardFonts,
    verbosity: 0,
  }).promise;
  return { pdfjs, doc };
}

/** Scale of the first page so that it fits VORSCHAU_BREITE wide and MAX_HOEHE high. */
function vorschauMassstab(natuerlich: { width: number; height: number }): number {
  return Math.min(VORSCHAU_BREITE / natuerlich.width, MAX_HOEHE / natuerlich.height);
}

/**
 * The first page drawn by Ghostscript in a process of its own: a scanned page's image is decoded
 * in C instead of on the server's main thread (pdf.js decodes JPEG in JavaScript). pdf.js only
 * reads the page's size, which decodes nothing.
 */
async function pdfSeiteEinsMitGhostscript(datei: string): Promise<Buffer> {
  const { doc } = await oeffnePdf(new Uint8Array(await readFile(datei)));
  let breite: number;
  let hoehe: number;
  try {
    const natuerlich = (await doc.getPage(1)).getViewport({ scale: 1 });
    const scale = vorschauMassstab(natuerlich);
    breite = Math.max(1, Math.round(natuerlich.width * scale));
    hoehe = Math.max(1, Math.round(natuerlich.height * scale));
  } finally {
    await doc.destroy();
  }
  const ziel = `${datei}.vorschau.png`;
  try {
    await run(
      "gs",
      [
        "-q",
        "-dSAFER",
        "-dBATCH",
        "-dNOPAUSE",
        "-sDEVICE=png16m",
        `-g${breite}x${hoehe}`,
        "-dPDFFitPage",
        "-dUseCropBox",
        "-dFirstPage=1",
        "-dLastPage=1",
        "-dTextAlphaBits=4",
        "-dGraphicsAlphaBits=4",
        // Scanned pages are scaled down by a factor of ten: smooth them as pdf.js does.
        "-dDOINTERPOLATE",
        `-sOutputFile=${ziel}`,
        "-f",
        datei,
      ],
      { timeout: MAX_SEKUNDEN * 1000, killSignal: "SIGKILL", maxBuffer: 1024 * 1024 },
    );
    return await readFile(ziel);
  } finally {
    await rm(ziel, { force: true });
  }
}

async function pdfSeiteEins(data: Uint8Array): Promise<Buffer> {
  const { createCanvas } = await import("@napi-rs/canvas");
  const { pdfjs, doc } = await oeffnePdf(data);
  try {
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: vorschauMassstab(page.getViewport({ scale: 1 })) });
    const canvas = createCanvas(
      Math.max(1, Math.ceil(viewport.width)),
      Math.max(1, Math.ceil(viewport.height)),
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
    }).promise;
    page.cleanup();
    return await canvas.encode("png");
  } finally {
    await doc.destroy();
  }
}

async function bildVerkleinert(datei: string, grenzen: Grenzen): Promise<Buffer | null> {
  const daten = await readFile(datei);
  const groesse = imageSize(daten);
  const breite = groesse.width ?? 0;
  const hoehe = groesse.height ?? 0;
  // Checked from the header before a single pixel is decoded.
  if (breite === 0 || hoehe === 0 || (breite * hoehe) / 1_000_000 > grenzen.maxMegapixel) return null;
  const { createCanvas, loadImage } = await import("@napi-rs/canvas");
  const bild = await loadImage(daten);
  const scale = Math.min(1, VORSCHAU_BREITE / bild.width, MAX_HOEHE / bild.height);
  const canvas = createCanvas(
    Math.max(1, Math.round(bild.width * scale)),
    Math.max(1, Math.round(bild.height * scale)),
  );
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bild, 0, 0, canvas.width, canvas.height);
  return await canvas.encode("png");
}

/** The first page of a PDF: by Ghostscript if asked (and installed), else (or if it fails) by pdf.js. */
async function pdfVorschau(datei: string, ghostscript: boolean): Promise<Buffer> {
  if (ghostscript) {
    try {
      // The time limit covers pdf.js reading the page size too, not only Ghostscript.
      return await mitZeitlimit(pdfSeiteEinsMitGhostscript(datei));
    } catch {
      // pdf.js may still draw what Ghostscript refused.
    }
  }
  return mitZeitlimit(pdfSeiteEins(new Uint8Array(await readFile(datei))));
}

/**
 * A PNG of the first page (or the picture itself), VORSCHAU_BREITE wide; null where there is
 * nothing to draw. Prefers the OCR rendition, so scanned TIFFs get a preview too. Never throws:
 * a broken file simply has no preview, its status comes from the text extraction.
 */
export async function erzeugeVorschau(
  original: { datei: string; mimeTyp: string },
  rendition: string | undefined,
  grenzen: Grenzen,
  ghostscript = false,
): Promise<Buffer | null> {
  try {
    // A rendition means scanned pages: large images that Ghostscript decodes far faster. A born-
    // digital PDF is drawn quicker by pdf.js in the process than by starting Ghostscript.
    if (rendition) return await pdfVorschau(rendition, ghostscript);
    if (original.mimeTyp === "application/pdf") return await pdfVorschau(original.datei, false);
    if (ZEICHENBARE_BILDER.has(original.mimeTyp))
      return await mitZeitlimit(bildVerkleinert(original.datei, grenzen));
    return null;
  } catch {
    return null;
  }
}

let vorgewaermt: Promise<void> | undefined;

/** Loads the renderer (canvas and pdf.js) once per process, so the first preview does not pay for it. */
export function vorschauVorwaermen(): Promise<void> {
  vorgewaermt ??= pdfSeiteEins(LEERES_PDF.slice()).then(
    () => undefined,
    () => undefined,
  );
  return vorgewaermt;
}
