import { constants, crc32, deflateRawSync, deflateSync } from "node:zlib";

/**
 * Hostile files, made in memory by the tests and the `feindlich` bench (none is committed): PDFs
 * that make pdf.js burn CPU, zips whose headers lie about their sizes and inflate to gigabytes,
 * images whose header claims billions of pixels.
 */

/** A PDF around one Flate-compressed content stream; with `seiten`, the same page that many times. */
export function pdfMitInhalt(inhalt: Buffer, seiten = 1): Buffer {
  const stream = deflateSync(inhalt, { level: 9 });
  const objekte: (string | null)[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${"3 0 R ".repeat(seiten)}] /Count ${seiten} >>`,
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const teile: Buffer[] = [Buffer.from("%PDF-1.4\n", "latin1")];
  let laenge = teile[0]!.length;
  const offsets: number[] = [];
  const schreibe = (b: Buffer) => {
    teile.push(b);
    laenge += b.length;
  };
  objekte.forEach((o, i) => {
    offsets.push(laenge);
    if (o === null) {
      schreibe(
        Buffer.from(
          `${i + 1} 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`,
          "latin1",
        ),
      );
      schreibe(stream);
      schreibe(Buffer.from("\nendstream\nendobj\n", "latin1"));
    } else schreibe(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, "latin1"));
  });
  const xref = laenge;
  let x = `xref\n0 ${objekte.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) x += `${String(o).padStart(10, "0")} 00000 n \n`;
  x += `trailer\n<< /Size ${objekte.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  schreibe(Buffer.from(x, "latin1"));
  return Buffer.concat(teile);
}

/**
 * A small PDF whose one page holds `operatoren` drawing operators: "text" makes pdf.js's text
 * extraction slow (200,000 take ~6 s here), "pfad" its rendering (200,000 take ~15 s). A few KB.
 */
export function rechenPdf(operatoren: number, art: "text" | "pfad", seiten = 1): Buffer {
  const op = art === "text" ? "BT /F1 1 Tf 1 0 0 1 10 10 Tm (a) Tj ET\n" : "0 0 m 500 800 l S\n";
  return pdfMitInhalt(Buffer.from(op.repeat(operatoren), "latin1"), seiten);
}

/** An Office Open XML package whose one part inflates to `nullen` zeros while its headers claim 1,000 bytes. */
export function ooxmlBombe(art: "docx" | "xlsx" | "pptx", nullen: number): Buffer {
  const arten = {
    docx: ["wordprocessingml.document", "word/document.xml"],
    xlsx: ["spreadsheetml.sheet", "xl/worksheets/sheet1.xml"],
    pptx: ["presentationml.presentation", "ppt/slides/slide1.xml"],
  } as const;
  const [typ, teil] = arten[art];
  return zipMitLuegendenGroessen([
    {
      name: "[Content_Types].xml",
      daten: Buffer.from(
        `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/${art === "docx" ? "word/document.xml" : art === "xlsx" ? "xl/workbook.xml" : "ppt/presentation.xml"}" ContentType="application/vnd.openxmlformats-officedocument.${typ}.main+xml"/></Types>`,
      ),
    },
    { name: teil, nullen },
  ]);
}

/** Raw deflate data that inflates to `bytes` zeros (rounded up to MB), about 1 KB per MB. */
export function deflateNullen(bytes: number): Buffer {
  const mb = 1024 * 1024;
  // A fully flushed block is self-contained: repeating it repeats its output.
  const block = deflateRawSync(Buffer.alloc(mb), { finishFlush: constants.Z_FULL_FLUSH });
  const bloecke = Math.ceil(bytes / mb);
  return Buffer.concat([...Array.from({ length: bloecke }, () => block), Buffer.from([0x03, 0x00])]);
}

/** One entry of a hand-made zip: real content, or `nullen` zeros that its headers understate. */
export type ZipEintrag = { name: string; daten: Buffer } | { name: string; nullen: number };

/**
 * A zip written by hand: entries with real content are stored honestly (deflated); entries of
 * zeros declare an uncompressed size of `angabe` (default 1,000 bytes) in the local header and the
 * central directory while they inflate to `nullen` bytes.
 */
export function zipMitLuegendenGroessen(eintraege: ZipEintrag[], angabe = 1000): Buffer {
  const lokal: Buffer[] = [];
  const zentral: Buffer[] = [];
  let offset = 0;
  for (const e of eintraege) {
    const name = Buffer.from(e.name, "utf8");
    const daten = "daten" in e ? deflateRawSync(e.daten) : deflateNullen(e.nullen);
    const crc = "daten" in e ? crc32(e.daten) : 0;
    const groesse = "daten" in e ? e.daten.length : angabe;
    const kopf = Buffer.alloc(30);
    kopf.writeUInt32LE(0x04034b50, 0);
    kopf.writeUInt16LE(20, 4);
    kopf.writeUInt16LE(0, 6);
    kopf.writeUInt16LE(8, 8);
    kopf.writeUInt32LE(0x21000000, 10);
    kopf.writeUInt32LE(crc, 14);
    kopf.writeUInt32LE(daten.length, 18);
    kopf.writeUInt32LE(groesse, 22);
    kopf.writeUInt16LE(name.length, 26);
    kopf.writeUInt16LE(0, 28);
    const z = Buffer.alloc(46);
    z.writeUInt32LE(0x02014b50, 0);
    z.writeUInt16LE(20, 4);
    z.writeUInt16LE(20, 6);
    z.writeUInt16LE(0, 8);
    z.writeUInt16LE(8, 10);
    z.writeUInt32LE(0x21000000, 12);
    z.writeUInt32LE(crc, 16);
    // The central directory understates both sizes: a reader that trusts it allocates too little.
    z.writeUInt32LE("daten" in e ? daten.length : Math.min(daten.length, angabe), 20);
    z.writeUInt32LE(groesse, 24);
    z.writeUInt16LE(name.length, 28);
    z.writeUInt32LE(offset, 42);
    lokal.push(kopf, name, daten);
    zentral.push(z, name);
    offset += kopf.length + name.length + daten.length;
  }
  const zentralBytes = Buffer.concat(zentral);
  const ende = Buffer.alloc(22);
  ende.writeUInt32LE(0x06054b50, 0);
  ende.writeUInt16LE(eintraege.length, 8);
  ende.writeUInt16LE(eintraege.length, 10);
  ende.writeUInt32LE(zentralBytes.length, 12);
  ende.writeUInt32LE(offset, 16);
  return Buffer.concat([...lokal, zentralBytes, ende]);
}

/** A .docx whose word/document.xml inflates to `nullen` zeros while its headers claim 1,000 bytes. */
export function docxBombe(nullen: number): Buffer {
  return zipMitLuegendenGroessen([
    {
      name: "[Content_Types].xml",
      daten: Buffer.from(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    { name: "word/document.xml", nullen },
  ]);
}

/** An .odt (or .ods) whose content.xml inflates to `nullen` zeros while its headers claim 1,000 bytes. */
export function odtBombe(nullen: number, art: "text" | "spreadsheet" = "text"): Buffer {
  return zipMitLuegendenGroessen([
    { name: "mimetype", daten: Buffer.from(`application/vnd.oasis.opendocument.${art}`) },
    { name: "content.xml", nullen },
  ]);
}

/**
 * An xdomea container whose primary document inflates to `nullen` zeros. With `angabe` the
 * headers declare that many bytes (a liar about size: large, so no "bigger than declared" check
 * catches it; only the bytes counted do).
 */
export function xdomeaBombe(nullen: number, angabe = 0xffffffff): Buffer {
  return zipMitLuegendenGroessen(
    [
      { name: "dokument.pdf", nullen },
      {
        name: "6f1c2a80-0000-4000-8000-000000000001_Aussonderung.Aussonderung.0503.xml",
        daten: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><x/>'),
      },
    ],
    angabe,
  );
}

/** A PNG whose header claims the given size; the pixel data is a token (a "decompression bomb"). */
export function pngMitGroesse(breite: number, hoehe: number): Buffer {
  const chunk = (typ: string, daten: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(daten.length);
    const td = Buffer.concat([Buffer.from(typ, "latin1"), daten]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(breite, 0);
  ihdr.writeUInt32BE(hoehe, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.alloc(16))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
