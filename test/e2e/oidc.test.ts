import { createServer } from "node:net";
import type { FastifyInstance } from "fastify";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { seedDemo } from "../../src/server/demo/seed.js";
import { systemClock } from "../../src/server/platform/clock.js";
import {
  ansagen,
  axe,
  browserVoraussetzung,
  DEMO_PASSWORT,
  startBrowser,
  waehleAus,
  zweitenFaktorGeben,
} from "../helpers/browser.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { starteOidcAnbieter, type TestAnbieter } from "../helpers/oidc.js";

const browserDa = browserVoraussetzung();

/** A free loopback port: Aktenwerk's address must be known before the provider registers it. */
async function freierPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

let ctx: TestContext;
let app: FastifyInstance;
let anbieter: TestAnbieter;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let url: string;

describe.runIf(browserDa)(
  "Anmeldung über den Anmeldedienst im Browser (Chromium)",
  { timeout: 180_000 },
  () => {
    beforeAll(async () => {
      const port = await freierPort();
      // A name, not an address: the admin confirms with a passkey, and browsers allow those only
      // for a domain (see startWebServer).
      url = `http://localhost:${port}`;
      anbieter = await starteOidcAnbieter({
        redirectUri: `${url}/api/v1/auth/oidc/rueckkehr`,
        postLogoutRedirectUri: `${url}/`,
      });
      ctx = await createTestContext({
        // The browser's cookies expire by real time: a sign-in in progress lasts five minutes.
        clock: systemClock,
        config: {
          basisUrl: url,
          oidc: {
            issuer: anbieter.issuer,
            clientId: anbieter.clientId,
            mfaAcr: [],
            clientSecret: anbieter.clientSecret,
            name: "Kreis-Login",
            gruppenClaim: "groups",
          },
        },
      });
      await seedDemo(ctx, DEMO_PASSWORT);
      app = await buildApp(ctx);
      await app.listen({ port, host: "127.0.0.1" });
      ({ browser, close: closeBrowser } = await startBrowser());
    });

    afterAll(async () => {
      await closeBrowser?.();
      await app?.close();
      await ctx?.cleanup();
      await anbieter?.stop();
    });

    it("the admin maps GG-63-SB to Sachbearbeitung in 63; a person signs in at the provider and lands with that OE and role", async () => {
      // 1. The Administration maps the directory group (Verwaltung → Anmeldung).
      // With a provider configured the password form sits in a disclosure below its button.
      const admin = await (
        await browser.newContext({
          locale: "de-DE",
          timezoneId: "Europe/Berlin",
          viewport: { width: 1366, height: 768 },
        })
      ).newPage();
      await admin.goto(`${url}/`);
      await admin.getByText("Mit Benutzername und Passwort anmelden").click();
      await admin.getByLabel("Benutzername").fill("admin");
      await admin.getByLabel("Passwort", { exact: true }).fill(DEMO_PASSWORT);
      await admin.getByRole("button", { name: "Anmelden", exact: true }).click();
      // The Administration always gives a second factor: a passkey in a virtual security key.
      await zweitenFaktorGeben(admin, url, "admin");
      await admin.goto(`${url}/verwaltung`);
      await admin.getByRole("button", { name: "Anmeldung", exact: true }).click();
      await admin.getByRole("heading", { name: "Anmeldedienste" }).waitFor();
      await admin.getByText("„Kreis-Login“").waitFor();
      await admin.getByText(anbieter.issuer, { exact: true }).waitFor();
      await admin.getByRole("heading", { name: "Letzter Verzeichnisabgleich" }).waitFor();
      await admin.getByText(/^Kein Verzeichnis eingerichtet/).waitFor();
      await admin.getByLabel(/^Gruppe im Verzeichnis/).fill("GG-63-SB");
      await waehleAus(admin, /^Organisationseinheit/, "63", /Bauaufsicht/);
      await admin.getByLabel(/^Rolle/).selectOption("Sachbearbeitung");
      await admin.getByRole("button", { name: "Vorschau" }).click();
      await admin.getByText(/Niemand, der sich bisher angemeldet hat/).waitFor();
      await admin.waitForLoadState("networkidle");
      expect(await axe(admin)).toEqual([]);
      await admin.getByRole("button", { name: "Zuordnung anlegen" }).click();
      await admin.getByText("Zuordnung „GG-63-SB“ → Sachbearbeitung in 63 gespeichert.").waitFor();
      expect(await ansagen(admin, "Zuordnung „GG-63-SB“")).toBe(1);
      await admin.getByRole("cell", { name: "GG-63-SB", exact: true }).waitFor();

      // 2. Berta Bauer signs in through the provider's own form.
      const context = await browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
      const page = await context.newPage();
      await page.goto(`${url}/`);
      const knopf = page.getByRole("link", { name: "Anmelden mit Kreis-Login" });
      await knopf.waitFor();
      await page.waitForLoadState("networkidle");
      expect(await axe(page)).toEqual([]);
      await knopf.click();
      await page.waitForURL(new RegExp(`^${anbieter.issuer}/interaction/`));
      await page.getByLabel("Benutzername").fill("b.bauer");
      await page.getByLabel("Passwort").fill("egal");
      await page.getByRole("button", { name: "Beim Anmeldedienst anmelden" }).click();
      await page.getByRole("heading", { name: /Guten Tag/ }).waitFor();
      expect(page.url().startsWith(url)).toBe(true);
      const me = await page.evaluate(async () => (await fetch("/api/v1/auth/me")).json());
      expect(me).toMatchObject({
        benutzer: { benutzername: "b.bauer", anzeigename: "Berta Bauer" },
        rollen: ["Sachbearbeitung"],
        organisationseinheiten: [{ kuerzel: "63", name: "Bauaufsicht" }],
      });

      // 3. The preview now knows her: a row for Leitung in 63 would reach one person.
      await admin.getByLabel(/^Rolle/).selectOption("Leitung");
      await admin.getByLabel(/^Gruppe im Verzeichnis/).fill("gg-63-sb");
      await waehleAus(admin, /^Organisationseinheit/, "63", /Bauaufsicht/);
      // The choice has settled in the form (a late list answer cannot undo it) before the preview.
      await expect
        .poll(() => admin.getByRole("combobox", { name: /^Organisationseinheit/ }).inputValue())
        .toMatch(/Bauaufsicht/);
      await expect.poll(() => admin.getByLabel(/^Rolle/).inputValue()).toBe("Leitung");
      await admin.getByRole("button", { name: "Vorschau" }).click();
      await admin.getByText(/Dieser Benutzer würde Leitung in 63 \(Bauaufsicht\)/).waitFor();
      await admin.getByText("Berta Bauer (b.bauer)").waitFor();

      // 4. Signing out ends the session at the provider too and comes back to the login page.
      await page.getByRole("button", { name: /Profil und Einstellungen/ }).click();
      await page.getByRole("button", { name: "Abmelden" }).click();
      await page.getByRole("link", { name: "Anmelden mit Kreis-Login" }).waitFor();
      expect(page.url()).toBe(`${url}/`);
      expect(anbieter.abmeldungen()).toBe(1);
      await context.close();
      await admin.context().close();
    });

    // The outage itself (discovery fails → redirect with the reason) is tested against a stopped
    // provider in src/server/modules/access/oidc.test.ts; here the page that explains it.
    it("explains a provider outage in German on the login page; the password form still works", async () => {
      const context = await browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
      const page = await context.newPage();
      await page.goto(`${url}/?oidc=nicht_erreichbar`);
      await page
        .getByText(
          "Der Anmeldedienst „Kreis-Login“ ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut.",
          {
            exact: false,
          },
        )
        .waitFor();
      await page.waitForLoadState("networkidle");
      expect(await axe(page)).toEqual([]);
      await page.getByText("Mit Benutzername und Passwort anmelden").click();
      await page.getByLabel("Benutzername").fill("admin");
      await page.getByLabel("Passwort", { exact: true }).fill(DEMO_PASSWORT);
      await page.getByRole("button", { name: "Anmelden", exact: true }).click();
      await zweitenFaktorGeben(page, url, "admin");
      await context.close();
    });
  },
);
