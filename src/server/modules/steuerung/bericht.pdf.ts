import * as echarts from "echarts";
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import { deutschesDatum } from "../../platform/clock.js";
import type { GruppenFiguren, Uebersicht } from "./abfrage.service.js";
import { KATALOG, type Kennzahl } from "./katalog.js";
import { einheit } from "./tabelle.js";

/** Okabe–Ito: colours that stay apart for the common colour-vision deficiencies. */
export const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#D55E00",
  "#CC79A7",
  "#56B4E9",
  "#F0E442",
  "#000000",
];

/** The Kennzahlen the report draws as charts (the others are in its tables and definitions). */
export const BERICHT_DIAGRAMME = [
  "akten.elektronisch",
  "vorgaenge.ohne_papier",
  "vorgaenge.laufzeit",
  "benutzer.aktiv",
] as const;
const KANAELE = ["eingaenge.scan", "eingaenge.email", "eingaenge.upload", "eingaenge.api"];

const BREITE = 483;
const HOEHE = 230;

/** A chart as SVG, rendered on the server by ECharts (no canvas, no raster). */
function diagramm(option: echarts.EChartsCoreOption): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: BREITE, height: HOEHE });
  chart.setOption({
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: "Helvetica", fontSize: 11 },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    ...option,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

const zahl = (w: number | null | undefined): string =>
  w === null || w === undefined ? "–" : w.toLocaleString("de-DE", { maximumFractionDigits: 1 });

/** The value of a Kennzahl over the whole period: shares and durations as monthly mean, counts summed. */
function ueberZeitraum(g: GruppenFiguren, k: Kennzahl): number | null {
  const werte = (g.kennzahlen[k.schluessel] ?? []).map((w) => w.wert).filter((w): w is number => w !== null);
  if (werte.length === 0) return null;
  if (k.art === "anzahl") return werte.reduce((s, w) => s + w, 0);
  if (k.art === "bestand") return werte[werte.length - 1]!;
  return Math.round((10 * werte.reduce((s, w) => s + w, 0)) / werte.length) / 10;
}

export interface BerichtDaten {
  behoerde: string;
  erstelltAm: Date;
  uebersicht: Uebersicht;
}

/**
 * The Verwaltungsbericht E-Government for the Kreistag as PDF (A4): title page, summary, charts
 * (vector graphics from ECharts' SVG), the figures as tables and the definitions of every
 * Kennzahl from the catalogue. It only holds what the Übersicht holds: the county and the groups
 * below it the suppression lets through.
 */
export async function berichtAlsPdf(d: BerichtDaten): Promise<Buffer> {
  const u = d.uebersicht;
  const zeitraum = `${monatDeutsch(u.zeitraum.von)} bis ${monatDeutsch(u.zeitraum.bis)}`;
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: {
      Title: `Verwaltungsbericht E-Government ${zeitraum}`,
      Author: d.behoerde,
      Producer: "Aktenwerk",
      Creator: "Aktenwerk",
    },
  });
  const teile: Buffer[] = [];
  doc.on("data", (b: Buffer) => teile.push(b));
  const fertig = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(teile)));
    doc.on("error", reject);
  });
  const links = doc.page.margins.left;

  // Title page.
  doc.font("Helvetica").fontSize(11).fillColor("#333").text(d.behoerde);
  doc.moveDown(8);
  doc.font("Helvetica-Bold").fontSize(26).fillColor("#000").text("Verwaltungsbericht E-Government");
  doc.moveDown(0.5);
  doc.font("Helvetica").fontSize(15).text(`Berichtszeitraum ${zeitraum}`);
  doc.moveDown(0.5);
  doc
    .fontSize(11)
    .text(`Bericht an den Kreistag · erstellt am ${deutschesDatum(d.erstelltAm.toISOString().slice(0, 10))}`);
  doc.moveDown(4);
  doc
    .fontSize(10)
    .fillColor("#333")
    .text(
      "Alle Zahlen sind für Organisationseinheiten zusammengefasst. Keine Zahl beschreibt eine einzelne Person; Gruppen unter fünf Personen werden nicht ausgewiesen. Die Definitionen aller Kennzahlen stehen am Ende des Berichts.",
    );

  // Summary.
  doc.addPage();
  ueberschrift(doc, "Zusammenfassung");
  const g = u.gruppe;
  const satz = (schluessel: string, text: (w: string) => string) => {
    const k = KATALOG.find((x) => x.schluessel === schluessel);
    if (!k) return;
    const w = ueberZeitraum(g, k);
    if (w !== null) doc.text(`• ${text(zahl(w))}`, { paragraphGap: 4 });
  };
  doc.font("Helvetica").fontSize(11).fillColor("#000");
  if (g.unterdrueckt)
    doc.text("Für diese Gruppe werden keine Zahlen ausgewiesen (weniger als fünf Personen).");
  else {
    doc.text(
      `${g.oe.name}: ${g.personen} Beschäftigte in der Auswertung; ${u.unten.length} Bereiche einzeln ausgewiesen.`,
      {
        paragraphGap: 8,
      },
    );
    satz(
      "akten.elektronisch",
      (w) => `${w} % der neuen Akten wurden rein elektronisch geführt (Monatsmittel).`,
    );
    satz("vorgaenge.ohne_papier", (w) => `${w} % der abgeschlossenen Vorgänge kamen ohne Papier aus.`);
    satz(
      "vorgaenge.laufzeit",
      (w) => `Ein Vorgang lief im Median ${w} Stunden von der Anlage bis zdA (Monatsmittel).`,
    );
    satz("benutzer.aktiv", (w) => `${w} % der Beschäftigten arbeiteten an einem Arbeitstag in der E-Akte.`);
    satz("abgaenge.gezeichnet", (w) => `${w} % der Abgänge waren vorher gezeichnet.`);
    const eingaenge = KANAELE.map(
      (s) =>
        ueberZeitraum(
          g,
          KATALOG.find((k) => k.schluessel === s)!,
        ) ?? 0,
    );
    const summe = eingaenge.reduce((s, w) => s + w, 0);
    if (summe > 0)
      doc.text(
        `• ${zahl(summe)} Eingänge, davon ${zahl(Math.round((1000 * eingaenge[0]!) / summe) / 10)} % als Scan von Papier.`,
      );
  }
  if (u.ausgeblendet > 0)
    doc
      .moveDown()
      .fontSize(10)
      .fillColor("#333")
      .text(
        `${u.ausgeblendet} Bereiche sind zu klein, um einzeln ausgewiesen zu werden; ihre Zahlen sind im Gesamtwert enthalten.`,
      );

  // Charts.
  if (!g.unterdrueckt) {
    doc.addPage();
    ueberschrift(doc, "Entwicklung im Berichtszeitraum");
    const monate = u.monate.map(monatKurz);
    const bild = (titel: string, svg: string) => {
      if (doc.y + HOEHE + 30 > doc.page.height - doc.page.margins.bottom) doc.addPage();
      doc.font("Helvetica-Bold").fontSize(11).fillColor("#000").text(titel);
      SVGtoPDF(doc, svg, links, doc.y + 4, { width: BREITE, height: HOEHE });
      doc.y += HOEHE + 16;
      doc.x = links;
    };
    bild(
      "Eingänge nach Kanal",
      diagramm({
        legend: { top: 0 },
        xAxis: { type: "category", data: monate },
        yAxis: { type: "value", name: "Anzahl" },
        series: KANAELE.map((s, i) => ({
          type: "bar",
          stack: "kanal",
          name: KATALOG.find((k) => k.schluessel === s)!.name.replace("Eingänge über ", ""),
          data: (g.kennzahlen[s] ?? []).map((w) => w.wert),
          itemStyle: { decal: { symbol: ["rect", "circle", "triangle", "diamond"][i] } },
        })),
      }),
    );
    for (const schluessel of BERICHT_DIAGRAMME) {
      const k = KATALOG.find((x) => x.schluessel === schluessel);
      if (!k) continue;
      bild(
        `${k.name} (${einheit(k)})`,
        diagramm({
          legend: { top: 0 },
          xAxis: { type: "category", data: monate },
          yAxis: { type: "value", ...(k.art === "anteil" ? { max: 100 } : {}) },
          series: [g, ...u.unten.slice(0, PALETTE.length - 1)].map((x, i) => ({
            type: "line",
            name: x.oe.kuerzel,
            symbol: ["circle", "rect", "triangle", "diamond", "pin", "arrow", "roundRect", "emptyCircle"][i],
            symbolSize: 6,
            lineStyle: { width: i === 0 ? 3 : 1.5, type: i === 0 ? "solid" : i % 2 ? "dashed" : "dotted" },
            data: (x.kennzahlen[k.schluessel] ?? []).map((w) => w.wert),
          })),
        }),
      );
    }

    // Tables: every Kennzahl over the period, per shown group.
    doc.addPage();
    ueberschrift(doc, "Kennzahlen je Bereich");
    doc
      .font("Helvetica")
      .fontSize(9)
      .fillColor("#333")
      .text(
        "Werte über den Berichtszeitraum: Anteile und Dauern als Mittel der Monatswerte, Anzahlen als Summe, Bestände am Ende des Zeitraums. „–“: keine Daten.",
      );
    doc.moveDown(0.5);
    const gruppen = [g, ...u.unten];
    for (let ab = 0; ab < gruppen.length; ab += 5) tabelle(doc, gruppen.slice(ab, ab + 5));
  }

  // Definitions.
  doc.addPage();
  ueberschrift(doc, "Definitionen der Kennzahlen");
  for (const k of KATALOG) {
    if (doc.y > doc.page.height - 140) doc.addPage();
    doc
      .font("Helvetica-Bold")
      .fontSize(10)
      .fillColor("#000")
      .text(`${k.name} (${einheit(k)})`);
    doc.font("Helvetica").fontSize(9).text(k.definition);
    doc
      .fillColor("#333")
      .text(`Quelle: ${k.quelle} · erhoben seit ${deutschesDatum(k.seit)}`, { paragraphGap: 6 });
  }
  doc.end();
  return fertig;
}

function ueberschrift(doc: PDFKit.PDFDocument, text: string): void {
  doc.font("Helvetica-Bold").fontSize(16).fillColor("#000").text(text);
  doc.moveDown(0.6);
}

/** A table of every Kennzahl (rows) for up to five groups (columns). */
function tabelle(doc: PDFKit.PDFDocument, gruppen: GruppenFiguren[]): void {
  const links = doc.page.margins.left;
  const erste = 200;
  const spalte = (BREITE - erste) / 5;
  const zeile = (zellen: string[], fett: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
    const y = doc.y;
    doc
      .font(fett ? "Helvetica-Bold" : "Helvetica")
      .fontSize(8)
      .fillColor("#000");
    const hoehe = Math.max(
      ...zellen.map((z, i) => doc.heightOfString(z, { width: (i === 0 ? erste : spalte) - 6 })),
    );
    zellen.forEach((z, i) =>
      doc.text(z, i === 0 ? links : links + erste + (i - 1) * spalte, y, {
        width: (i === 0 ? erste : spalte) - 6,
        align: i === 0 ? "left" : "right",
      }),
    );
    doc.y = y + hoehe + 3;
    doc
      .moveTo(links, doc.y - 1.5)
      .lineTo(links + BREITE, doc.y - 1.5)
      .lineWidth(0.3)
      .strokeColor("#999")
      .stroke();
    doc.x = links;
  };
  zeile(["Kennzahl", ...gruppen.map((g) => g.oe.kuerzel)], true);
  for (const k of KATALOG)
    zeile(
      [
        `${k.name} (${einheit(k)})`,
        ...gruppen.map((g) => (g.unterdrueckt ? "< 5" : zahl(ueberZeitraum(g, k)))),
      ],
      false,
    );
  doc.moveDown();
}

const MONATE = [
  "Januar",
  "Februar",
  "März",
  "April",
  "Mai",
  "Juni",
  "Juli",
  "August",
  "September",
  "Oktober",
  "November",
  "Dezember",
];
function monatDeutsch(m: string): string {
  const [j, n] = m.split("-").map(Number) as [number, number];
  return `${MONATE[n - 1]} ${j}`;
}
function monatKurz(m: string): string {
  const [j, n] = m.split("-").map(Number) as [number, number];
  return `${MONATE[n - 1]!.slice(0, 3)} ${String(j).slice(2)}`;
}
