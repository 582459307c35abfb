import fs from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { einfachesPdf } from "../../src/server/demo/pdf.js";
import { createWorker } from "../../src/server/main.js";
import { anfrage } from "../helpers/anfrage.js";
import {
  angemeldet,
  axe,
  BREITEN,
  browserVoraussetzung,
  DEMO_PASSWORT,
  erfolgsmeldung,
  SCREENSHOT_DIR,
  startBrowser,
  startWebServer,
  VersetzbareUhr,
  waehleAus,
  type WebServer,
} from "../helpers/browser.js";
import { login } from "../helpers/factories.js";

/**
 * A day in the county, role by role, as issue #13 asks: nobody types an id — only pickers, clicks
 * and natural text. Each role walks its part at one width and every screen it meets is checked at
 * both (1366×768 and 390 px): axe without findings and a screenshot, attached to the test.
 */

const browserDa = browserVoraussetzung();
const ORDNER = path.join(SCREENSHOT_DIR, "tagesablauf");

type Breite = (typeof BREITEN)[number];
const [DESKTOP, TELEFON] = BREITEN;

const uhr = new VersetzbareUhr();
let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
/** The Akte the Archiv assesses at the end of the day (kept 0 years after its zdA). */
let gartenhaus = "";
let nummer = 0;

async function als(benutzername: string, breite: Breite): Promise<Page> {
  return angemeldet(browser, server.url, benutzername, {
    viewport: { width: breite.width, height: breite.height },
  });
}

/** The layout has settled at the new width: fonts loaded and two frames drawn (no fixed wait). */
async function gezeichnet(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((fertig) => requestAnimationFrame(() => requestAnimationFrame(fertig)));
  });
}

/**
 * The screen as it is now, at both widths: axe finds nothing, and a full-page screenshot of each
 * is written and attached to the test. The page returns to the width the role walks at.
 */
async function pruefe(page: Page, t: TestContext, name: string, zurueck: Breite): Promise<void> {
  await fs.mkdir(ORDNER, { recursive: true });
  nummer++;
  for (const breite of [zurueck, ...BREITEN.filter((b) => b !== zurueck)]) {
    await page.setViewportSize({ width: breite.width, height: breite.height });
    await gezeichnet(page);
    expect(await axe(page), `${name} bei ${breite.width} px`).toEqual([]);
    const datei = path.join(
      ORDNER,
      `${String(nummer).padStart(2, "0")}-${name}-${breite.width}x${breite.height}.png`,
    );
    await page.screenshot({ path: datei, fullPage: true });
    console.log(`Bildschirmfoto: ${path.relative(process.cwd(), datei)}`);
    await t.annotate(`${name} (${breite.width} px)`, "bildschirmfoto", {
      path: datei,
      contentType: "image/png",
    });
  }
  await page.setViewportSize({ width: zurueck.width, height: zurueck.height });
  await gezeichnet(page);
}

/** A letter as the scanner gives it: a PDF page with these lines. */
function brief(name: string, zeilen: string[]) {
  return { name, mimeType: "application/pdf", buffer: Buffer.from(einfachesPdf(zeilen)) };
}

/** The text recognition and Vorschläge run (the worker of a real server does this in the background). */
async function hintergrund(): Promise<void> {
  await createWorker(server.ctx, 1).drain();
}

/** Whether the picture of the letter has arrived and is drawn. */
async function bildGeladen(page: Page, alt: string): Promise<void> {
  const bild = page.getByRole("img", { name: alt });
  await bild.waitFor();
  await expect
    .poll(() => bild.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0))
    .toBe(true);
}

/** Opens the Vorgang of a Postkorb entry in the given category. */
async function ausDemPostkorb(page: Page, kategorie: RegExp, betreff: RegExp): Promise<void> {
  await page.getByRole("button", { name: kategorie }).click();
  await page.getByRole("link", { name: betreff }).first().click();
  await page.getByRole("heading", { name: /^Vorgang / }).waitFor();
}

describe.runIf(browserDa)("Ein Tag im Landkreis, Rolle für Rolle (Chromium)", { timeout: 240_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer(uhr);
    ({ browser, close: closeBrowser } = await startBrowser());
    await fs.rm(ORDNER, { recursive: true, force: true });
    // Last year's Gartenhaus: zdA today, kept 0 years – due for Aussonderung on 1 January.
    const mueller = await login(server.app, "mueller", DEMO_PASSWORT);
    const registratur = await login(server.app, "registratur", DEMO_PASSWORT);
    const akte = await anfrage(server.app, mueller, "POST", "/akten", {
      aktenplaneinheit: "63.30",
      federfuehrendeOe: "63",
      betreff: "Gartenhaus Lindenweg 3 – Schlussabnahme",
    });
    expect(akte.statusCode, akte.body).toBe(201);
    const { id, aktenzeichen } = akte.json() as { id: string; aktenzeichen: string };
    gartenhaus = aktenzeichen;
    const vorgang = await anfrage(server.app, mueller, "POST", `/akten/${id}/vorgaenge`, {
      betreff: "Schlussabnahme",
    });
    const zda = await anfrage(
      server.app,
      mueller,
      "POST",
      `/vorgaenge/${(vorgang.json() as { id: string }).id}/zda`,
    );
    expect(zda.statusCode, zda.body).toBe(200);
    const frist = await anfrage(server.app, registratur, "PUT", `/akten/${id}/aufbewahrung`, {
      aufbewahrungsfrist: 0,
      archivwuerdigkeit: "B",
      begruendung: "Zweitschrift, das Original liegt beim Bauherrn",
    });
    expect(frist.statusCode, frist.body).toBe(200);
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it("in the morning the Sachbearbeiter keeps a Betreffregel: letters about the Standsicherheit go to the Schröder Vorgang", async (t) => {
    const page = await als("mueller", DESKTOP);
    await page.goto(`${server.url}/posteingang`);
    const regeln = page.getByRole("region", { name: "Betreffregeln" });
    await regeln.getByLabel(/^Muster im Betreff/).fill("Standsicherheit");
    await waehleAus(page, /^Vorgang der Regel/, "Schröder", /Bauantrag Familie Schröder/);
    await regeln.getByRole("button", { name: "Regel anlegen" }).click();
    await erfolgsmeldung(page, "Betreffregel „Standsicherheit“ angelegt.");
    await regeln.getByText(/„Standsicherheit“ → 63\.10-\S+ \(63\)/).waitFor();
    await pruefe(page, t, "sachbearbeiter-betreffregel", DESKTOP);
    await page.context().close();
  });

  it("the Poststelle scans the morning post and routes its letters to three Ämter, one after a look at it", async (t) => {
    const page = await als("post", DESKTOP);
    await page.goto(`${server.url}/posteingang`);
    await page.getByRole("heading", { name: "Offene Eingänge" }).waitFor();
    await pruefe(page, t, "poststelle-posteingang", DESKTOP);
    // Three letters, each into the Amt chosen by name; the second on the phone.
    const post: [Breite, string, RegExp, ReturnType<typeof brief>[]][] = [
      [
        DESKTOP,
        "bau",
        /Bauaufsicht/,
        [
          brief("nachreichung-schroeder.pdf", [
            "Katrin Schröder, Lindenweg 10, 12345 Musterstadt",
            "Betreff: Bauantrag Lindenweg 12 – Nachreichung Lageplan",
            "Sehr geehrte Damen und Herren,",
            "anbei der geänderte Lageplan zu meinem Bauantrag.",
          ]),
          brief("statik-schroeder.pdf", [
            "Ingenieurbüro Nowak",
            "Nachweis der Standsicherheit für das Einfamilienhaus Lindenweg 12",
            "Der geprüfte Nachweis liegt bei.",
          ]),
          brief("werbung-fenster.pdf", ["Fensterbau Meier", "Jetzt 20 % auf alle Fenster!"]),
          brief("werbung-dach.pdf", ["Dachdeckerei Krause", "Frühjahrsaktion für Bauherren"]),
        ],
      ],
      [
        TELEFON,
        "jugend",
        /Jugendamt/,
        [brief("anfrage-kita.pdf", ["Anfrage zu einem Kita-Platz", "Familie Yılmaz, Neudorf"])],
      ],
      [
        DESKTOP,
        "kämmerei",
        /Kämmerei/,
        [
          brief("baumfaellung.pdf", [
            "Antrag auf Fällung einer Eiche",
            "Grundstück Birkenallee 9, Neudorf",
            "Bitte um Genehmigung nach der Baumschutzsatzung.",
          ]),
        ],
      ],
    ];
    for (const [breite, eingabe, amt, dateien] of post) {
      await page.setViewportSize({ width: breite.width, height: breite.height });
      await waehleAus(page, /^Posteingang der Organisationseinheit/, eingabe, amt);
      await page.locator("#posteingang-dateien").setInputFiles(dateien);
      await page.getByRole("button", { name: "In den Posteingang" }).click();
      await erfolgsmeldung(page, /liegt im Posteingang|Dateien liegen im Posteingang/);
    }
    await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });
    await pruefe(page, t, "poststelle-hochgeladen", DESKTOP);

    // The letter for the Kämmerei is about a tree: a look at it, then on to the Umweltamt.
    await hintergrund();
    await page.getByRole("button", { name: "Bearbeiten: baumfaellung.pdf" }).click();
    const ansicht = page.getByRole("region", { name: "Eingang: baumfaellung.pdf" });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""))
      .toBe("Eingang: baumfaellung.pdf");
    await bildGeladen(page, "Erste Seite von „baumfaellung.pdf“");
    // At a desk the letter stands beside the form, on a phone above it.
    const [bild, form] = [
      ansicht.getByRole("region", { name: /^Vorschau/ }),
      ansicht.getByRole("form").first(),
    ];
    const nebeneinander = async () => {
      const [b, f] = [await bild.boundingBox(), await form.boundingBox()];
      return f!.x >= b!.x + b!.width;
    };
    expect(await nebeneinander()).toBe(true);
    await pruefe(page, t, "poststelle-ansicht", DESKTOP);
    await page.setViewportSize({ width: TELEFON.width, height: TELEFON.height });
    await gezeichnet(page);
    expect(await nebeneinander()).toBe(false);
    await ansicht.locator("summary", { hasText: "An eine andere OE weiterleiten" }).click();
    await waehleAus(page, /^An den Posteingang von/, "umwelt", /Umweltamt/);
    await ansicht.getByLabel(/^Notiz/).fill("Baumschutz, nicht Gebühren");
    await ansicht.getByRole("button", { name: "Weiterleiten", exact: true }).click();
    // Focus moves on to the next letter, with the result on top.
    await erfolgsmeldung(page, /^„baumfaellung\.pdf“ ist an .*Umweltamt weitergeleitet\./, {
      mitLink: false,
    });
    await page.getByRole("heading", { name: /^Eingang: / }).waitFor();
    const heute = page.getByRole("region", { name: "Heute verteilt" });
    await heute.getByText("baumfaellung.pdf → 70 Umweltamt").waitFor();
    await heute.getByText("nachreichung-schroeder.pdf → 63 Bauaufsicht").waitFor();
    await heute.getByText("anfrage-kita.pdf → 51 Jugendamt").waitFor();
    await pruefe(page, t, "poststelle-verteilt", TELEFON);
    await page.context().close();
  });

  it("the Sachbearbeiter discards the flyers at once, registers the letter into the Vorgang found by its Bauherrin, and starts a route chosen from pickers", async (t) => {
    const page = await als("mueller", TELEFON);
    await page.getByRole("button", { name: /^Neu im Posteingang: 4/ }).waitFor();
    await pruefe(page, t, "sachbearbeiter-postkorb", TELEFON);
    await page
      .getByRole("link", { name: /nachreichung-schroeder\.pdf/ })
      .first()
      .click();
    await page.getByRole("heading", { name: "Offene Eingänge" }).waitFor();

    // The two flyers: all selected but the letters, discarded with one reason – on the phone.
    const stand = page.locator("#eingaenge-stand");
    await page.getByRole("checkbox", { name: "Alle auswählen" }).check();
    await stand.getByText("4 Eingänge, 4 ausgewählt").waitFor();
    await page.getByRole("checkbox", { name: "nachreichung-schroeder.pdf auswählen" }).uncheck();
    await page.getByRole("checkbox", { name: "statik-schroeder.pdf auswählen" }).uncheck();
    await stand.getByText("4 Eingänge, 2 ausgewählt").waitFor();
    await page.getByRole("radio", { name: "Verwerfen" }).check();
    await page.getByLabel(/^Grund für das Verwerfen/).fill("Werbung");
    await pruefe(page, t, "sachbearbeiter-sammel", TELEFON);
    await page.getByRole("button", { name: "2 Eingänge verwerfen" }).click();
    const verworfen = await erfolgsmeldung(page, "2 Eingänge verworfen.", { mitLink: false });
    await verworfen.getByText("werbung-fenster.pdf: Verworfen (Werbung).").waitFor();
    await stand.getByText("2 Eingänge, 0 ausgewählt").waitFor();

    // The letter beside the form at the desk; the Vorgang is found by the Bauherrin, not by its number.
    await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });
    await page.getByRole("button", { name: "Bearbeiten: nachreichung-schroeder.pdf" }).click();
    await bildGeladen(page, "Erste Seite von „nachreichung-schroeder.pdf“");
    await waehleAus(page, /^Vorgang$/, "Katrin Schröder", /Bauantrag Familie Schröder/);
    await page.getByLabel(/^Titel des Dokuments/).fill("Nachreichung geänderter Lageplan");
    await pruefe(page, t, "sachbearbeiter-registrieren", DESKTOP);
    await page
      .getByRole("form", { name: "nachreichung-schroeder.pdf registrieren" })
      .getByRole("button", { name: "Registrieren" })
      .click();
    // The next letter opens with the result on top; its Vorschlag (the Betreffregel) takes one click.
    const registriert = await erfolgsmeldung(
      page,
      /^„nachreichung-schroeder\.pdf“ registriert in Vorgang 63\.10-/,
    );
    await registriert.getByText("Weiter mit „statik-schroeder.pdf“.").waitFor();
    const ansicht = page.getByRole("region", { name: "Eingang: statik-schroeder.pdf" });
    await ansicht.getByText(/^Vorschlag: Vorgang 63\.10-/).waitFor();
    await ansicht.getByText(/Bauantrag Familie Schröder – Betreffregel „Standsicherheit“/).waitFor();
    await bildGeladen(page, "Erste Seite von „statik-schroeder.pdf“");
    await pruefe(page, t, "sachbearbeiter-vorschlag", DESKTOP);
    await ansicht.getByRole("button", { name: "In diesen Vorgang übernehmen" }).click();
    const zweiter = await erfolgsmeldung(page, /^„statik-schroeder\.pdf“ registriert in Vorgang 63\.10-/);
    await page.getByText("Der Posteingang ist leer").waitFor();
    await pruefe(page, t, "sachbearbeiter-registriert", DESKTOP);
    await zweiter.getByRole("link", { name: /^Vorgang 63\.10-\S+ öffnen$/ }).click();
    await page.getByRole("heading", { name: /^Vorgang / }).waitFor();
    await page.getByRole("link", { name: "Nachreichung geänderter Lageplan" }).waitFor();
    await page.locator("summary", { hasText: "Dokument hinzufügen" }).click();
    await page.getByLabel("Dokumenttyp").selectOption("Entwurf");
    await page.getByLabel(/^Titel/).fill("Nachtragsgenehmigung Lageplan");
    await page
      .locator("#upload-datei")
      .setInputFiles(
        brief("nachtrag.pdf", ["Nachtragsgenehmigung", "Der geänderte Lageplan wird genehmigt."]),
      );
    await page.getByRole("button", { name: "Hochladen" }).click();
    await erfolgsmeldung(page, "Dokument „Nachtragsgenehmigung Lageplan“ hinzugefügt.");
    await pruefe(page, t, "sachbearbeiter-vorgang", DESKTOP);

    // The route: Mitzeichnung by the Kämmerei's clerk, Zeichnung by the head of the Bauaufsicht.
    await page.locator("summary", { hasText: "Geschäftsgang starten" }).click();
    await page.getByLabel(/^Entwurf/).selectOption({ label: "Nachtragsgenehmigung Lageplan (Entwurf)" });
    await page.getByLabel("Art von Schritt 1").selectOption("Mitzeichnung");
    await waehleAus(page, /^An \(Schritt 1\)/, "koch", /Stefan Koch/);
    await page.getByRole("button", { name: "Schritt hinzufügen" }).click();
    await page.getByLabel("Art von Schritt 2").selectOption("Zeichnung");
    await waehleAus(page, /^An \(Schritt 2\)/, "schmidt", /Thomas Schmidt/);
    await pruefe(page, t, "sachbearbeiter-laufweg", DESKTOP);
    await page.getByRole("button", { name: "Geschäftsgang starten" }).click();
    const gestartet = await erfolgsmeldung(page, "Geschäftsgang gestartet.");
    await gestartet.getByText("Jetzt: Mitzeichnung an Stefan Koch.").waitFor();
    await pruefe(page, t, "sachbearbeiter-gestartet", DESKTOP);
    await page.context().close();
  });

  it("the co-signer agrees from the task banner", async (t) => {
    const page = await als("koch", TELEFON);
    await page.getByRole("button", { name: /^Zur Mitzeichnung: 1/ }).waitFor();
    await pruefe(page, t, "mitzeichnung-postkorb", TELEFON);
    await ausDemPostkorb(page, /^Zur Mitzeichnung: 1/, /Bauantrag Familie Schröder/);
    const aufgabe = page.getByRole("region", { name: /^Ihre Aufgabe: Mitzeichnung/ });
    await aufgabe.getByRole("link", { name: /„Nachtragsgenehmigung Lageplan“ ansehen/ }).waitFor();
    await pruefe(page, t, "mitzeichnung-aufgabe", TELEFON);
    await aufgabe.getByRole("button", { name: "Zustimmen", exact: true }).click();
    const frage = page.getByRole("dialog", { name: "Jetzt zustimmen?" });
    await frage.getByText(/dem Entwurf „Nachtragsgenehmigung Lageplan“/).waitFor();
    await pruefe(page, t, "mitzeichnung-bestaetigen", TELEFON);
    await frage.getByRole("button", { name: "Zustimmen" }).click();
    const ergebnis = await erfolgsmeldung(page, "Erledigt – Mitzeichnung: zugestimmt.", { mitLink: false });
    await ergebnis.getByText(/Nächster Eintrag im Postkorb|Ihr Postkorb ist leer/).waitFor();
    await pruefe(page, t, "mitzeichnung-erledigt", TELEFON);
    await page.context().close();
  });

  it("the Leitung signs on the phone", async (t) => {
    const page = await als("schmidt", TELEFON);
    await page.getByRole("button", { name: /^Zur Zeichnung: 1/ }).waitFor();
    await pruefe(page, t, "zeichnung-postkorb", TELEFON);
    await ausDemPostkorb(page, /^Zur Zeichnung: 1/, /Bauantrag Familie Schröder/);
    const aufgabe = page.getByRole("region", { name: /^Ihre Aufgabe: Zeichnung/ });
    await aufgabe.getByRole("button", { name: "Zeichnen", exact: true }).waitFor();
    await pruefe(page, t, "zeichnung-aufgabe", TELEFON);
    await aufgabe.getByRole("button", { name: "Zeichnen", exact: true }).click();
    const frage = page.getByRole("dialog", { name: "Jetzt zeichnen?" });
    await frage.getByText(/den Entwurf „Nachtragsgenehmigung Lageplan“ abschließend/).waitFor();
    await pruefe(page, t, "zeichnung-bestaetigen", TELEFON);
    await frage.getByRole("button", { name: "Zeichnen" }).click();
    await erfolgsmeldung(page, "Erledigt – Zeichnung: gezeichnet.", { mitLink: false });
    await page
      .getByText(/gezeichnet von Thomas Schmidt/)
      .first()
      .waitFor();
    await pruefe(page, t, "zeichnung-erledigt", TELEFON);
    await page.context().close();
    const { rows } = await server.ctx.db.query<{ gezeichnet: boolean }>(
      "SELECT gezeichnet_am IS NOT NULL AS gezeichnet FROM dokument WHERE titel = 'Nachtragsgenehmigung Lageplan'",
    );
    expect(rows).toEqual([{ gezeichnet: true }]);
  });

  it("the Archiv assesses an Akte due for Aussonderung", async (t) => {
    // The new year: the Gartenhaus Akte is due.
    const jahr = uhr.now().getUTCFullYear();
    uhr.vorstellen(Date.UTC(jahr + 1, 0, 2, 11) - uhr.now().getTime());
    const page = await als("archiv", DESKTOP);
    await page.goto(`${server.url}/aussonderung`);
    const faellig = page.getByRole("region", { name: "1. Fällige Akten" });
    await faellig.getByRole("cell", { name: gartenhaus, exact: true }).waitFor();
    await pruefe(page, t, "archiv-faellig", DESKTOP);
    await page.getByRole("button", { name: `Bewerten: ${gartenhaus}` }).click();
    await page.getByRole("radio", { name: "A – archivwürdig" }).check();
    await page.getByLabel(/^Notiz/).fill("Erstes Gartenhaus mit Gründach im Kreis");
    await pruefe(page, t, "archiv-bewerten", DESKTOP);
    await page.getByRole("button", { name: "Bewertung speichern" }).click();
    await page
      .locator("#inhalt")
      .getByText(`Bewertung gespeichert: ${gartenhaus} – A – archivwürdig.`)
      .waitFor();
    await page
      .getByRole("row")
      .filter({ hasText: gartenhaus })
      .getByText("Erstes Gartenhaus mit Gründach im Kreis")
      .waitFor();
    await pruefe(page, t, "archiv-bewertet", DESKTOP);
    await page.context().close();
    const { rows } = await server.ctx.db.query(
      "SELECT b.entscheidung FROM archivbewertung b JOIN akte a ON a.id = b.akte_id WHERE a.aktenzeichen = $1",
      [gartenhaus],
    );
    expect(rows).toEqual([{ entscheidung: "A" }]);
  });
});
