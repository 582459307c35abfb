/** The text of a PDF, page by page joined, for assertions on downloads (Verfügung, OCR rendition). */
export async function pdfText(inhalt: Buffer | Uint8Array): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(inhalt),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  try {
    const seiten: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const inhaltDerSeite = await (await doc.getPage(n)).getTextContent();
      seiten.push(inhaltDerSeite.items.map((item) => ("str" in item ? item.str : "")).join(" "));
    }
    return seiten.join("\n").replace(/\s+/g, " ");
  } finally {
    await doc.destroy();
  }
}
