import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { imageSize } from "image-size";
import { LEERES_PDF, type Grenzen } from "./extraktion.js";

/** Width of a preview image in pixels; enough for a list thumbnail and a sharp 160 px at 2× density. */
export const VORSCHAU_BREITE = 320;
const MAX_HOEHE = 1200;
const MAX_SEKUNDEN = 30;

/** Types the preview can draw directly (TIFF and others come via the OCR rendition, a PDF). */
const ZEICHENBARE_BILDER = new Set(["image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp"]);

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

async function pdfSeiteEins(data: Uint8Array): Promise<Buffer> {
  const { createCanvas } = await import("@napi-rs/canvas");
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
  try {
    const page = await doc.getPage(1);
    const natuerlich = page.getViewport({ scale: 1 });
    const scale = Math.min(VORSCHAU_BREITE / natuerlich.width, MAX_HOEHE / natuerlich.height);
    const viewport = page.getViewport({ scale });
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

/**
 * A PNG of the first page (or the picture itself), VORSCHAU_BREITE wide; null where there is
 * nothing to draw. Prefers the OCR rendition, so scanned TIFFs get a preview too. Never throws:
 * a broken file simply has no preview, its status comes from the text extraction.
 */
export async function erzeugeVorschau(
  original: { datei: string; mimeTyp: string },
  rendition: string | undefined,
  grenzen: Grenzen,
): Promise<Buffer | null> {
  try {
    if (rendition) return await mitZeitlimit(pdfSeiteEins(new Uint8Array(await readFile(rendition))));
    if (original.mimeTyp === "application/pdf")
      return await mitZeitlimit(pdfSeiteEins(new Uint8Array(await readFile(original.datei))));
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
