import { strToU8, zipSync } from "fflate";

/** Vocabulary of administrative German, most frequent first (drawn with a Zipf-like skew). */
const WOERTER = `
der die das und in zu den von mit für auf ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei
einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei
Antrag Bescheid Genehmigung Verfahren Landkreis Gemeinde Grundstück Bauvorhaben Stellungnahme Frist Unterlagen Anhörung
Widerspruch Gebühr Kosten Prüfung Entscheidung Verwaltung Behörde Satzung Beschluss Ausschuss Sitzung Vorlage Vermerk
Bauantrag Baugenehmigung Nutzungsänderung Abwassergebühr Straßenbaubeitrag Kindertagesstätte Jugendhilfe Eingliederungshilfe
Wohngeld Unterhaltsvorschuss Fahrerlaubnis Zulassung Gewerbeanmeldung Naturschutz Wasserrecht Immissionsschutz Denkmalschutz
Schulentwicklung Haushaltsplan Jahresabschluss Fördermittel Zuwendung Verwendungsnachweis Vergabe Ausschreibung Vertrag
Flurstück Gemarkung Lageplan Bauzeichnung Baubeschreibung Standsicherheit Brandschutz Stellplatz Abstandsfläche Bebauungsplan
Sachbearbeitung Amtsleitung Kreistag Landrat Dezernat Bürgerin Bürger Antragstellerin Antragsteller Eigentümer Nachbar
Mühlenstraße Lindenweg Birkenallee Schulstraße Bahnhofstraße Kirchplatz Am Markt Musterstadt Neudorf Altenhagen Lindow
`
  .split(/\s+/)
  .filter(Boolean);
const SELTEN =
  "Photovoltaikfreiflächenanlage Streuobstwiese Biberdamm Kleinkläranlage Windenergieanlage Altlastenverdachtsfläche Hochwasserrückhaltebecken Fledermausquartier".split(
    " ",
  );

/** A deterministic pseudo-random generator, so every run builds the same corpus. */
export function zufall(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) % 1_000_000) / 1_000_000;
  };
}

/** German-looking administrative text of about `woerter` words; `selten` adds one rare word. */
export function deutscherText(rnd: () => number, woerter: number, selten?: string): string {
  const out: string[] = [];
  for (let i = 0; i < woerter; i++) {
    const idx = Math.floor(WOERTER.length * rnd() ** 2.2);
    out.push(WOERTER[idx]!);
    if (i % 14 === 13) out.push(".");
  }
  if (selten) out.splice(Math.floor(rnd() * out.length), 0, selten);
  return out.join(" ").replace(/ \./g, ".");
}

export const SELTENE_WOERTER = SELTEN;

/** A minimal valid DOCX (WordprocessingML) with one paragraph per line. */
export function einfachesDocx(zeilen: string[]): Buffer {
  const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const body = zeilen.map((z) => `<w:p><w:r><w:t xml:space="preserve">${esc(z)}</w:t></w:r></w:p>`).join("");
  const files = {
    "[Content_Types].xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    "_rels/.rels": strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    "word/document.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    ),
  };
  return Buffer.from(zipSync(files));
}
