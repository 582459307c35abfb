/**
 * A minimal, valid PDF 1.4 with text lines in Helvetica (WinAnsi, so German umlauts work): for the
 * demo county's letters, test fixtures and benchmarks. Not a layout engine.
 */
export function einfachesPdf(zeilen: string[], titel = "Dokument"): Buffer {
  return mehrseitigesPdf([zeilen], titel);
}

/** Like `einfachesPdf`, one A4 page per entry of `seiten` (each a list of lines). */
export function mehrseitigesPdf(seiten: string[][], titel = "Dokument"): Buffer {
  const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const inhalte = seiten.map((zeilen) =>
    Buffer.from(
      zeilen
        .map((z, i) => `BT /F1 ${i === 0 ? 14 : 11} Tf 56 ${780 - i * 18} Td (${escape(z)}) Tj ET`)
        .join("\n"),
      "latin1",
    ),
  );
  // Objects: catalog, page tree, then page and content stream for each page, font, info.
  const font = 3 + 2 * seiten.length;
  const objects: (string | Buffer)[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${seiten.map((_, i) => `${3 + 2 * i} 0 R`).join(" ")}] /Count ${seiten.length} >>`,
    ...inhalte.flatMap((content, i) => [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${4 + 2 * i} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`,
      content,
    ]),
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Title (${escape(titel)}) /Producer (Aktenwerk) >>`,
  ];
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const obj = Buffer.isBuffer(body)
      ? Buffer.concat([
          Buffer.from(`${i + 1} 0 obj\n<< /Length ${body.length} >>\nstream\n`, "latin1"),
          body,
          Buffer.from("\nendstream\nendobj\n", "latin1"),
        ])
      : Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, "latin1");
    parts.push(obj);
    length += obj.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`),
  ].join("");
  parts.push(
    Buffer.from(
      `${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${length}\n%%EOF\n`,
      "latin1",
    ),
  );
  return Buffer.concat(parts);
}
