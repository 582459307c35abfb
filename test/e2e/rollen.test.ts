import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucheNachrichtInTx } from "../../src/server/modules/aussonderung/xdomea/nachrichtenbuch.js";
import { anfrage } from "../helpers/anfrage.js";
import {
  axe,
  browserVoraussetzung,
  DEMO_PASSWORT,
  SCREENSHOT_DIR,
  startBrowser,
  startWebServer,
  VersetzbareUhr,
  waehleAus,
  type WebServer,
  angemeldet,
  BREITEN,
} from "../helpers/browser.js";
import { login, type Session } from "../helpers/factories.js";

const browserDa = browserVoraussetzung();

let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

/** The Akten this test makes due for Aussonderung: Aktenzeichen by a short name. */
const az: Record<"gartenhaus" | "garage" | "freizeit", string> = { gartenhaus: "", garage: "", freizeit: "" };

async function als(benutzername: string, breite: (typeof BREITEN)[number]): Promise<Page> {
  return angemeldet(browser, server.url, benutzername, {
    viewport: { width: breite.width, height: breite.height },
  });
}

async function pruefenUndFotografieren(page: Page, name: string, breite: (typeof BREITEN)[number]) {
  expect(await axe(page)).toEqual([]);
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}-${breite.width}x${breite.height}.png`),
    fullPage: true,
  });
}

/**
 * An Akte whose only Vorgang is zdA today and whose retention the Registratur set to 0 years: due
 * for Aussonderung from 1 January next year.
 */
async function bald(
  s: Record<string, Session>,
  wer: string,
  akte: { aktenplaneinheit: string; federfuehrendeOe: string; betreff: string },
  archivwuerdigkeit: "A" | "B" | "V" | null,
): Promise<{ id: string; aktenzeichen: string }> {
  const a = await anfrage(server.app, s[wer]!, "POST", "/akten", akte);
  expect(a.statusCode, a.body).toBe(201);
  const { id, aktenzeichen } = a.json() as { id: string; aktenzeichen: string };
  const v = await anfrage(server.app, s[wer]!, "POST", `/akten/${id}/vorgaenge`, { betreff: akte.betreff });
  expect(v.statusCode, v.body).toBe(201);
  const zda = await anfrage(server.app, s[wer]!, "POST", `/vorgaenge/${(v.json() as { id: string }).id}/zda`);
  expect(zda.statusCode, zda.body).toBe(200);
  const frist = await anfrage(server.app, s.registratur!, "PUT", `/akten/${id}/aufbewahrung`, {
    aufbewahrungsfrist: 0,
    archivwuerdigkeit,
    begruendung: "Zweitschrift, das Original liegt beim Bauherrn",
  });
  expect(frist.statusCode, frist.body).toBe(200);
  return { id, aktenzeichen };
}

/** The demo Aktenplan as a CSV file with some lines changed and some added. */
async function aktenplanCsv(ersetzt: [string, string][], neu: string[]): Promise<Buffer> {
  let text = await fs.readFile(
    path.resolve(import.meta.dirname, "..", "..", "src", "server", "demo", "aktenplan.csv"),
    "utf8",
  );
  for (const [alt, ersatz] of ersetzt) {
    expect(text).toContain(alt);
    text = text.replace(alt, ersatz);
  }
  return Buffer.from(`${text.trimEnd()}\r\n${neu.join("\r\n")}\r\n`);
}

describe.runIf(browserDa)(
  "Rollen: Archiv, Registratur, Administration (Chromium)",
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      const uhr = new VersetzbareUhr();
      server = await startWebServer(uhr);
      ({ browser, close: closeBrowser } = await startBrowser());
      const s: Record<string, Session> = {};
      for (const wer of ["mueller", "weber", "registratur"])
        s[wer] = await login(server.app, wer, DEMO_PASSWORT);
      const gartenhaus = await bald(
        s,
        "mueller",
        {
          aktenplaneinheit: "63.30",
          federfuehrendeOe: "63",
          betreff: "Gartenhaus Lindenweg 3 – Schlussabnahme",
        },
        "A",
      );
      const garage = await bald(
        s,
        "mueller",
        {
          aktenplaneinheit: "63.30",
          federfuehrendeOe: "63",
          betreff: "Garage Birkenallee 9 – Rohbauabnahme",
        },
        "V",
      );
      const freizeit = await bald(
        s,
        "weber",
        { aktenplaneinheit: "54.10", federfuehrendeOe: "51", betreff: "Zuschuss Jugendfreizeit Ostsee" },
        null,
      );
      Object.assign(az, {
        gartenhaus: gartenhaus.aktenzeichen,
        garage: garage.aktenzeichen,
        freizeit: freizeit.aktenzeichen,
      });
      // The Registratur offered the two Bauakten to the archive (0501); no Bewertung has come back.
      await server.ctx.db.transaction((tx) =>
        bucheNachrichtInTx(server.ctx, tx, "system", {
          prozessId: randomUUID(),
          nachrichtentyp: "0501",
          richtung: "aus",
          version: "3.0.0",
          sha256: createHash("sha256").update(randomUUID()).digest("hex"),
          inhalt: [gartenhaus, garage].map((a) => ({ akteId: a.id, kennzeichen: a.aktenzeichen })),
        }),
      );
      // Kept 0 years after a zdA this year: due from 1 January; the clock moves to 2 January, noon in Berlin.
      const jahr = uhr.now().getUTCFullYear();
      uhr.vorstellen(Date.UTC(jahr + 1, 0, 2, 11) - uhr.now().getTime());
    });
    afterAll(async () => {
      await closeBrowser?.();
      await server?.close();
    });

    for (const breite of BREITEN) {
      it(`${breite.name}: the Archiv sees the offer still waiting for its answer and assesses a due Akte with a note`, async () => {
        const page = await als("archiv", breite);
        await page.goto(`${server.url}/aussonderung`);
        const offen = page.getByRole("region", { name: "Offene Austausche" });
        await offen
          .getByText(/Anbieteverzeichnis vom .* mit 2 Akte\(n\) wartet auf die Bewertung des Archivs/)
          .waitFor();
        await offen.getByText(az.gartenhaus, { exact: false }).waitFor();
        const faellig = page.getByRole("region", { name: "1. Fällige Akten" });
        for (const a of Object.values(az))
          await faellig.getByRole("cell", { name: a, exact: true }).waitFor();

        await page.getByRole("button", { name: `Bewerten: ${az.gartenhaus}` }).click();
        const titel = page.getByRole("heading", { name: `Bewerten: ${az.gartenhaus}`, exact: false });
        await expect.poll(() => titel.evaluate((el) => el === document.activeElement)).toBe(true);
        await page.getByRole("radio", { name: "A – archivwürdig" }).check();
        await page.getByLabel(/^Notiz/).fill(`Erstes Gartenhaus mit Gründach im Kreis (${breite.name})`);
        await page.getByRole("button", { name: "Bewertung speichern" }).click();
        const erledigt = page
          .locator("#inhalt")
          .getByText(`Bewertung gespeichert: ${az.gartenhaus} – A – archivwürdig.`);
        await erledigt.waitFor();
        // Focus moves to the result, not to the top of the page.
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""))
          .toContain("Bewertung gespeichert");
        const zeile = page.getByRole("row").filter({ hasText: az.gartenhaus });
        await zeile.getByText(`Erstes Gartenhaus mit Gründach im Kreis (${breite.name})`).waitFor();
        await zeile.getByText("Henrike Ostrowski", { exact: false }).waitFor();
        await pruefenUndFotografieren(page, "archiv-bewertung", breite);
        await page.context().close();
      });

      it(`${breite.name}: the Registratur selects all due Akten, then narrows them by OE, Archivwürdigkeit, Bewertung and text`, async () => {
        const page = await als("registratur", breite);
        await page.goto(`${server.url}/aussonderung`);
        const alle = page.getByRole("checkbox", { name: "Alle auswählen" });
        const stand = page.locator("#auswahl-stand");
        await stand.getByText("3 Akte(n) fällig, 0 ausgewählt").waitFor();
        await alle.check();
        await stand.getByText("3 Akte(n) fällig, 3 ausgewählt").waitFor();
        // One taken out: "Alle auswählen" is neither on nor off.
        await page.getByRole("checkbox", { name: `${az.garage} auswählen` }).uncheck();
        await stand.getByText("3 Akte(n) fällig, 2 ausgewählt").waitFor();
        expect(await alle.evaluate((el: HTMLInputElement) => el.indeterminate)).toBe(true);
        expect(await alle.isChecked()).toBe(false);
        await alle.check();
        expect(await alle.evaluate((el: HTMLInputElement) => el.indeterminate)).toBe(false);
        await stand.getByText("3 Akte(n) fällig, 3 ausgewählt").waitFor();

        // By OE, chosen by name: only the Jugendamt's Akte.
        await waehleAus(page, /^Federführende OE/, "jugend", /Jugendamt/);
        await stand.getByText("1 Akte(n) fällig, 1 ausgewählt").waitFor();
        await page.getByRole("cell", { name: az.freizeit, exact: true }).waitFor();
        expect(await page.getByRole("cell", { name: az.gartenhaus, exact: true }).count()).toBe(0);
        await page.getByRole("button", { name: "Filter zurücksetzen" }).click();
        await stand.getByText("3 Akte(n) fällig, 3 ausgewählt").waitFor();

        // By Archivwürdigkeit, by the Archiv's Bewertung, by text.
        await page.getByLabel("Archivwürdigkeit").selectOption("V");
        await stand.getByText("1 von 3 Akte(n) angezeigt, 1 ausgewählt").waitFor();
        await page.getByRole("cell", { name: az.garage, exact: true }).waitFor();
        await page.getByLabel("Archivwürdigkeit").selectOption("");
        await page.getByLabel("Bewertung des Archivs").selectOption("offen");
        await stand.getByText("2 von 3 Akte(n) angezeigt, 2 ausgewählt").waitFor();
        await page.getByLabel("Bewertung des Archivs").selectOption("A");
        await stand.getByText("1 von 3 Akte(n) angezeigt, 1 ausgewählt").waitFor();
        await page
          .getByRole("row")
          .filter({ hasText: az.gartenhaus })
          .getByText(/Erstes Gartenhaus mit Gründach/)
          .waitFor();
        await page.getByLabel("Bewertung des Archivs").selectOption("");
        await page.getByLabel("Aktenzeichen oder Betreff").fill("birkenallee");
        await stand.getByText("1 von 3 Akte(n) angezeigt, 1 ausgewählt").waitFor();
        // Only what the filter shows goes to the archive.
        await page
          .getByText(
            "1 Akte(n) ausgewählt – ausgewählte Akten, die der Filter ausblendet, werden nicht gesendet.",
          )
          .waitFor();
        // With the filter on, "Alle auswählen" takes out only what is shown.
        await alle.uncheck();
        await stand.getByText("1 von 3 Akte(n) angezeigt, 0 ausgewählt").waitFor();
        await page.getByRole("button", { name: "Filter zurücksetzen" }).click();
        await stand.getByText("3 Akte(n) fällig, 2 ausgewählt").waitFor();
        expect(await alle.evaluate((el: HTMLInputElement) => el.indeterminate)).toBe(true);
        await pruefenUndFotografieren(page, "registratur-aussonderung", breite);

        // The Registratur takes over an Aktenplan it tried first.
        await page.goto(`${server.url}/verwaltung`);
        const kennzeichen = breite.name === "desktop" ? "68" : "69";
        await page.locator("#csv").setInputFiles({
          name: `aktenplan-${kennzeichen}.csv`,
          mimeType: "text/csv",
          buffer: await aktenplanCsv([], [`${kennzeichen};Hochbau Kreisschulen;6;;30;B;nein;63;nein;`]),
        });
        await page.getByRole("button", { name: "Probelauf: Was würde sich ändern?" }).click();
        await page
          .locator("#inhalt")
          .getByText(`„aktenplan-${kennzeichen}.csv“: 1 neu, 0 geändert, 0 geschlossen`)
          .waitFor();
        await page.locator("#inhalt").getByText(`Neu: ${kennzeichen} Hochbau Kreisschulen`).waitFor();
        await page.getByRole("button", { name: "Jetzt übernehmen" }).click();
        await page
          .locator("#inhalt")
          .getByText(/Aktenplan aus „aktenplan-6[89]\.csv“ übernommen: 1 angelegt, 0 geändert/)
          .waitFor();
        expect(await axe(page)).toEqual([]);
        await page.context().close();
        const { rows } = await server.ctx.db.query(
          "SELECT titel FROM aktenplaneinheit WHERE kennzeichen = $1",
          [kennzeichen],
        );
        expect(rows).toEqual([{ titel: "Hochbau Kreisschulen" }]);
      });

      it(`${breite.name}: the admin sees the OE tree, finds a user by part of the name, edits, deactivates and reactivates them, and tries an Aktenplan import`, async () => {
        const page = await als("admin", breite);
        await page.goto(`${server.url}/verwaltung`);
        // The OE tree: the top open, deeper levels on demand.
        const baum = page.getByRole("list", { name: "Organisationseinheiten als Baum" });
        const d2 = "D2 Dezernat II – Ordnung, Bauen und Umwelt";
        await baum.getByText("Dezernat II – Ordnung, Bauen und Umwelt").waitFor();
        expect(await baum.getByText("Bauaufsicht").count()).toBe(0);
        const auf = baum.getByRole("button", { name: `${d2} aufklappen` });
        expect(await auf.getAttribute("aria-expanded")).toBe("false");
        await auf.click();
        await baum.getByText("Bauaufsicht").waitFor();
        expect(
          await baum.getByRole("button", { name: `${d2} zuklappen` }).getAttribute("aria-expanded"),
        ).toBe("true");
        await page.getByRole("button", { name: "Alle zuklappen" }).click();
        expect(await baum.getByText("Dezernat II – Ordnung, Bauen und Umwelt").count()).toBe(0);
        await page.getByRole("button", { name: "Alle aufklappen" }).click();
        await baum.getByText("Jugendamt").waitFor();
        await pruefenUndFotografieren(page, "admin-organisation", breite);

        await page.getByRole("button", { name: "Benutzer und Rollen" }).click();
        await page.getByLabel("Benutzer suchen").fill("WAGN");
        await page
          .locator("#inhalt")
          .getByText(/^1 von \d+ Konten gefunden\.$/)
          .waitFor();
        await page.getByRole("button", { name: "Bearbeiten: Lena Wagner" }).click();
        const email = `lena.wagner.${breite.name}@landkreis-demo.example`;
        await page
          .getByRole("form", { name: "Name und E-Mail" })
          .getByLabel(/^E-Mail/)
          .fill(email);
        await page.getByRole("button", { name: "Name und E-Mail speichern" }).click();
        await page.locator("#inhalt").getByText("Name und E-Mail gespeichert.").waitFor();

        await page.getByRole("button", { name: "Deaktivieren", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: "Lena Wagner deaktivieren?" });
        await dialog.getByRole("button", { name: "Deaktivieren" }).click();
        await page
          .locator("#inhalt")
          .getByText("Lena Wagner ist deaktiviert; alle Sitzungen sind beendet.")
          .waitFor();
        await page.getByRole("row").filter({ hasText: "wagner" }).getByText("deaktiviert").waitFor();
        await expect(login(server.app, "wagner", DEMO_PASSWORT)).rejects.toThrow(/fehlgeschlagen/);
        await pruefenUndFotografieren(page, "admin-benutzer", breite);
        await page.getByRole("button", { name: "Wieder aktivieren" }).click();
        await page
          .locator("#inhalt")
          .getByText("Lena Wagner ist wieder aktiv und kann sich anmelden.")
          .waitFor();
        await page
          .getByRole("row")
          .filter({ hasText: "wagner" })
          .getByText("aktiv", { exact: true })
          .waitFor();
        expect((await login(server.app, "wagner", DEMO_PASSWORT)).cookie).toBeTruthy();
        const { rows } = await server.ctx.db.query(
          "SELECT email, aktiv FROM benutzer WHERE benutzername = 'wagner'",
        );
        expect(rows).toEqual([{ email, aktiv: true }]);

        // The dry run: what a new Aktenplan would change, and nothing taken over.
        await page.getByRole("button", { name: "Aktenplan-Import" }).click();
        await page.locator("#csv").setInputFiles({
          name: "aktenplan-2027.csv",
          mimeType: "text/csv",
          buffer: await aktenplanCsv(
            [
              ["60.30;Städtebauförderung;60;", "60.30;Städtebauförderung und Dorferneuerung;60;"],
              [
                "52.20;Kindertagespflege;52;Pflegeerlaubnisse;10;V;ja;51;nein;",
                "52.20;Kindertagespflege;52;Pflegeerlaubnisse;10;V;ja;51;ja;",
              ],
            ],
            ["99;Klimaschutz;;Klimaschutzkonzept, Förderung;10;A;nein;;nein;"],
          ),
        });
        await page.getByRole("button", { name: "Probelauf: Was würde sich ändern?" }).click();
        await page
          .getByText(/„aktenplan-2027\.csv“: 1 neu, 1 geändert, 1 geschlossen, \d+ unverändert\./)
          .waitFor();
        const liste = page.getByRole("list", { name: "Was sich ändern würde" });
        await liste.getByText("Geschlossen: 52.20 Kindertagespflege (geschlossen)").waitFor();
        await liste.getByText("Geändert: 60.30 Städtebauförderung und Dorferneuerung (Titel)").waitFor();
        await liste.getByText("Neu: 99 Klimaschutz").waitFor();
        await page.locator("#inhalt").getByText("Übernehmen kann die Registratur").waitFor();
        expect(await page.getByRole("button", { name: "Jetzt übernehmen" }).count()).toBe(0);
        await pruefenUndFotografieren(page, "admin-aktenplan-probelauf", breite);
        await page.context().close();
        const { rows: einheiten } = await server.ctx.db.query(
          "SELECT kennzeichen, titel, geschlossen FROM aktenplaneinheit WHERE kennzeichen IN ('52.20', '60.30', '99') ORDER BY kennzeichen",
        );
        expect(einheiten).toEqual([
          { kennzeichen: "52.20", titel: "Kindertagespflege", geschlossen: false },
          { kennzeichen: "60.30", titel: "Städtebauförderung", geschlossen: false },
        ]);
      });
    }
  },
);
