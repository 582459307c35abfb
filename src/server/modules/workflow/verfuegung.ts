import { deutschesDatum } from "../../platform/clock.js";
import PDFDocument from "pdfkit";
import type { Geschaeftsgang, Schritt } from "./workflow.types.js";

const ERGEBNIS: Record<string, string> = {
  erledigt: "erledigt",
  zugestimmt: "mitgezeichnet",
  zugestimmt_mit_aenderungen: "mitgezeichnet mit Änderungen",
  abgelehnt: "Mitzeichnung abgelehnt",
  zur_kenntnis_genommen: "zur Kenntnis genommen",
  gezeichnet: "gezeichnet",
  zurueckgegeben: "zurückgegeben",
  abgesandt: "abgesandt",
  zda: "zu den Akten verfügt",
  uebersprungen: "übersprungen",
};

const zeit = (iso: string) =>
  new Intl.DateTimeFormat("de-DE", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/Berlin",
  }).format(new Date(iso));

/** One point of the Verfügung: what was to be done, by whom, and what became of it. */
export function verfuegungsPunkt(s: Schritt): string {
  const teile = [`${s.art}: ${s.adressat.name}`];
  if (s.verfuegungstext) teile.push(`„${s.verfuegungstext}“`);
  if (s.frist) teile.push(`Frist ${deutschesDatum(s.frist)}`);
  if (s.ergebnis) {
    const wer = s.erledigtVon
      ? s.erledigtIvFuer
        ? `${s.erledigtVon.anzeigename} i. V. für ${s.erledigtIvFuer.anzeigename}`
        : s.erledigtVon.anzeigename
      : "";
    teile.push(
      `${ERGEBNIS[s.ergebnis] ?? s.ergebnis}${wer ? ` von ${wer}` : ""}${s.erledigtAm ? ` am ${zeit(s.erledigtAm)}` : ""}`,
    );
  } else teile.push(s.status === "offen" ? "offen" : "steht aus");
  if (s.versionNr) teile.push(`Version ${s.versionNr} des Entwurfs`);
  if (s.kanal) teile.push(`Abgang per ${s.kanal}${s.abgangAm ? ` am ${deutschesDatum(s.abgangAm)}` : ""}`);
  if (s.begruendung) teile.push(`Begründung: ${s.begruendung}`);
  return teile.join(" – ");
}

/**
 * The route and its decisions as a readable Verfügung (PDF, A4): heading, Vorgang, Entwurf, then
 * the numbered points in route order, each with who decided what and when ("i. V." for deputies).
 */
export async function verfuegungAlsPdf(
  gang: Geschaeftsgang,
  kreis: string,
  erzeugtAm: Date,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 64, bottom: 64, left: 70, right: 56 },
    info: { Title: `Verfügung ${gang.vorgang.zeichen}`, Producer: "Aktenwerk", Creator: "Aktenwerk" },
  });
  const teile: Buffer[] = [];
  doc.on("data", (b: Buffer) => teile.push(b));
  const fertig = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(teile)));
    doc.on("error", reject);
  });
  doc.font("Helvetica").fontSize(9).fillColor("#444").text(kreis);
  doc.moveDown(1.5);
  doc.font("Helvetica-Bold").fontSize(16).fillColor("#000").text("Verfügung");
  doc.moveDown(0.5);
  doc.font("Helvetica").fontSize(11);
  doc.text(`Vorgang: ${gang.vorgang.zeichen} – ${gang.vorgang.betreff}`);
  if (gang.dokument)
    doc.text(`Entwurf: ${gang.dokument.titel}${gang.dokument.gezeichnet ? " (gezeichnet, endgültig)" : ""}`);
  doc.text(`Geschäftsgang begonnen am ${zeit(gang.erstelltAm)} von ${gang.ersteller.anzeigename}`);
  if (gang.abgeschlossenAm)
    doc.text(
      `${gang.status === "abgebrochen" ? "Abgebrochen" : "Abgeschlossen"} am ${zeit(gang.abgeschlossenAm)}`,
    );
  doc.moveDown();
  let nr = 0;
  let stufe = 0;
  for (const s of gang.schritte) {
    if (s.stufe !== stufe) {
      stufe = s.stufe;
      nr++;
    }
    const parallel = gang.schritte.filter((x) => x.stufe === s.stufe).length > 1;
    doc.font("Helvetica-Bold").text(`${nr}.${parallel ? " (gleichzeitig)" : ""} `, { continued: true });
    doc.font("Helvetica").text(verfuegungsPunkt(s), { align: "left" });
    doc.moveDown(0.4);
  }
  doc.moveDown();
  doc
    .fontSize(8)
    .fillColor("#444")
    .text(`Erzeugt von Aktenwerk am ${zeit(erzeugtAm.toISOString())}.`);
  doc.end();
  return fertig;
}
