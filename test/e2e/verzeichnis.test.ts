import { createServer } from "node:net";
import type { FastifyInstance } from "fastify";
import { Attribute, Change } from "ldapts";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { seedDemo } from "../../src/server/demo/seed.js";
import { gleicheVerzeichnisAb, legeGruppenzuordnungAn } from "../../src/server/modules/access/index.js";
import { systemClock } from "../../src/server/platform/clock.js";
import { loadConfig } from "../../src/server/platform/config.js";
import { anmeldenAuf, axe, BREITEN, browserVoraussetzung, startBrowser } from "../helpers/browser.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { login } from "../helpers/factories.js";
import {
  kleinerLandkreis,
  landkreisLdif,
  personDn,
  slapdDa,
  starteSlapd,
  VERZEICHNIS_PASSWORT,
  type Slapd,
} from "../helpers/slapd.js";
import { voraussetzung } from "../helpers/voraussetzung.js";

const da =
  browserVoraussetzung() && voraussetzung("slapd", slapdDa(), "Debian-Pakete slapd ldap-utils und openssl");

/** A free loopback port: the server's address (relying party of the admin's passkey) comes first. */
async function freierPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** axe finds nothing at the desk and at the phone width. */
async function ohneBefund(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  for (const b of BREITEN) {
    await page.setViewportSize({ width: b.width, height: b.height });
    expect(await axe(page), b.name).toEqual([]);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

let verzeichnis: Slapd;
let ctx: TestContext;
let app: FastifyInstance;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let url: string;
/** Berta Bauer's browser, signed in with her directory password. */
let bauer: Page;

const optionen = { locale: "de-DE", timezoneId: "Europe/Berlin", viewport: { width: 1366, height: 768 } };

describe.runIf(da)(
  "Anmeldung und Abgleich mit dem Verzeichnis im Browser (slapd, Chromium)",
  { timeout: 180_000 },
  () => {
    beforeAll(async () => {
      // An Active-Directory-shaped county over LDAPS; Berta Bauer is in GG-631-SB, nested in GG-63-SB.
      verzeichnis = await starteSlapd("ad", landkreisLdif("ad", kleinerLandkreis()));
      const port = await freierPort();
      url = `http://localhost:${port}`;
      ctx = await createTestContext({
        // The browser's cookies expire by real time.
        clock: systemClock,
        config: {
          basisUrl: url,
          ldap: loadConfig({
            ...verzeichnis.umgebung(verzeichnis.ldapsUrl),
            AKTENWERK_LDAP_BENUTZERFILTER: "(objectClass=user)",
            AKTENWERK_LDAP_GRUPPENFILTER: "(objectClass=group)",
          }).ldap,
        },
      });
      await seedDemo(ctx, "Demo-Passwort-2026");
      await legeGruppenzuordnungAn(ctx, "system", { gruppe: "GG-63-SB", oe: "63", rolle: "Sachbearbeitung" });
      app = await buildApp(ctx);
      await app.listen({ port, host: "127.0.0.1" });
      ({ browser, close: closeBrowser } = await startBrowser());
    }, 120_000);

    afterAll(async () => {
      await closeBrowser?.();
      await app?.close();
      await ctx?.cleanup();
      await verzeichnis?.stop();
    });

    it("signs an LDAP user in with the directory password, with the OE and role of her nested group", async () => {
      const context = await browser.newContext(optionen);
      bauer = await context.newPage();
      // A wrong directory password is refused on the page, in German.
      await bauer.goto(`${url}/`);
      await bauer.getByLabel("Benutzername").fill("bauer");
      await bauer.getByLabel("Passwort", { exact: true }).fill("nicht-das-passwort");
      await bauer.getByRole("button", { name: "Anmelden" }).click();
      await bauer
        .getByRole("alert")
        .filter({ hasText: /Benutzername oder Passwort/ })
        .waitFor();
      await ohneBefund(bauer);

      await anmeldenAuf(bauer, url, "bauer", VERZEICHNIS_PASSWORT);
      await bauer.getByRole("heading", { name: "Guten Tag, Berta" }).waitFor();
      const me = await bauer.evaluate(async () => (await fetch("/api/v1/auth/me")).json());
      expect(me).toMatchObject({
        benutzer: { benutzername: "bauer", anzeigename: "Berta Bauer" },
        rollen: ["Sachbearbeitung"],
        organisationseinheiten: [{ kuerzel: "63", name: "Bauaufsicht" }],
      });
      await ohneBefund(bauer);
    });

    it("a user disabled in the directory is out after the next sync; her open step waits in the OE's Postkorb", async () => {
      // An open Bearbeitung for Berta Bauer (set up through the API, as she would in the Vorgang).
      const s = await login(app, "bauer", VERZEICHNIS_PASSWORT);
      const akte = await app.inject({
        method: "POST",
        url: "/api/v1/akten",
        headers: s.headers,
        payload: { aktenplaneinheit: "63.30", betreff: "Rohbauabnahme Lindenweg 7", federfuehrendeOe: "63" },
      });
      expect(akte.statusCode, akte.body).toBe(201);
      const vorgang = await app.inject({
        method: "POST",
        url: `/api/v1/akten/${akte.json().id}/vorgaenge`,
        headers: s.headers,
        payload: { betreff: "Rohbauabnahme Lindenweg 7" },
      });
      expect(vorgang.statusCode, vorgang.body).toBe(201);
      const gang = await app.inject({
        method: "POST",
        url: `/api/v1/vorgaenge/${vorgang.json().id}/geschaeftsgaenge`,
        headers: s.headers,
        payload: { schritte: [{ art: "Bearbeitung", adressat: { benutzer: "bauer" } }] },
      });
      expect(gang.statusCode, gang.body).toBe(201);
      await bauer.reload();
      const ihrSchritt = postkorb(bauer).getByRole("row").filter({ hasText: "Rohbauabnahme Lindenweg 7" });
      await ihrSchritt.waitFor();
      expect(await ihrSchritt.getByRole("cell").last().innerText()).toBe("Sie");

      // The directory disables her account (ACCOUNTDISABLE); the next sync takes it over.
      await verzeichnis.aendere((c) =>
        c.modify(
          personDn("ad", { kennung: "bauer", ou: "63" }),
          new Change({
            operation: "replace",
            modification: new Attribute({ type: "userAccountControl", values: ["514"] }),
          }),
        ),
      );
      const bericht = await gleicheVerzeichnisAb(ctx, { ausgeloest: "zeitplan" });
      expect(bericht.anzahl.deaktiviert).toBe(1);

      // Her open page is signed out at the next step; the directory password no longer opens it.
      await bauer.reload();
      await bauer.getByRole("heading", { name: "Anmeldung", level: 1 }).waitFor();
      await bauer.getByLabel("Benutzername").fill("bauer");
      await bauer.getByLabel("Passwort", { exact: true }).fill(VERZEICHNIS_PASSWORT);
      await bauer.getByRole("button", { name: "Anmelden" }).click();
      await bauer.getByRole("alert").waitFor();
      expect(await bauer.getByRole("heading", { name: /Guten Tag/ }).count()).toBe(0);
      await bauer.context().close();

      // The Leitung of the Bauaufsicht finds the step in the OE's Postkorb and was told.
      const leitung = await angemeldetAls("schmidt");
      const imOePostkorb = postkorb(leitung)
        .getByRole("row")
        .filter({ hasText: "Rohbauabnahme Lindenweg 7" });
      await imOePostkorb.waitFor();
      expect(await imOePostkorb.getByRole("cell").last().innerText()).toBe("OE 63");
      await leitung
        .getByText("Berta Bauer ist deaktiviert. Ein offener Schritt liegt jetzt im Postkorb Ihrer OE.")
        .waitFor();
      await ohneBefund(leitung);
      await leitung.context().close();

      // The Administration reads the sync's report in Verwaltung → Anmeldung.
      const admin = await angemeldetAls("admin");
      await admin.goto(`${url}/verwaltung`);
      await admin.getByRole("button", { name: "Anmeldung", exact: true }).click();
      await admin.getByRole("heading", { name: "Letzter Verzeichnisabgleich" }).waitFor();
      await admin.getByText("nach Zeitplan", { exact: false }).waitFor();
      const deaktiviert = admin.getByRole("table", { name: /^Deaktiviert \(1\)/ });
      await deaktiviert
        .getByRole("row")
        .filter({ hasText: "Berta Bauer" })
        .filter({ hasText: "im Verzeichnis gesperrt" })
        .waitFor();
      await admin.getByText(verzeichnis.ldapsUrl, { exact: false }).first().waitFor();
      await ohneBefund(admin);
      await admin.context().close();
    });
  },
);

/** The Postkorb on the Startseite (not "Meine Akten" below it). */
function postkorb(page: Page) {
  return page.locator("section[aria-labelledby=postkorb]");
}

/** A demo user in a new browser context, on the Startseite (second factor included). */
async function angemeldetAls(benutzername: string): Promise<Page> {
  const page = await (await browser.newContext(optionen)).newPage();
  await anmeldenAuf(page, url, benutzername);
  return page;
}
