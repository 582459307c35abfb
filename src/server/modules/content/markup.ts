/** Text of XML or HTML: elements out, paragraphs and cells as line breaks, entities decoded. */
export function textAusMarkup(markup: string): string {
  return markup
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<(\/p|br|\/div|\/tr|\/h\d|\/li|text:p|\/text:p|w:p|\/w:p|\/si|table:table-row)[^>]*>/gi, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      const named: Record<string, string> = {
        amp: "&",
        lt: "<",
        gt: ">",
        quot: '"',
        apos: "'",
        nbsp: " ",
        szlig: "ß",
        auml: "ä",
        ouml: "ö",
        uuml: "ü",
        Auml: "Ä",
        Ouml: "Ö",
        Uuml: "Ü",
        euro: "€",
        sect: "§",
        ndash: "–",
        bdquo: "„",
        ldquo: "“",
      };
      if (named[e]) return named[e]!;
      if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
      if (!e.startsWith("#")) return m;
      const code =
        e.startsWith("#x") || e.startsWith("#X") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : " ";
    })
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n\s*\n+/g, "\n")
    .trim();
}

/** Bytes as text: UTF-8 if they are valid UTF-8 (BOM dropped), else Windows-1252. */
export function dekodiere(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}
