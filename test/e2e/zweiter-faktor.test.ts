import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axe,
  BREITEN,
  browserVoraussetzung,
  DEMO_PASSWORT,
  startBrowser,
  startWebServer,
  virtuellerSchluessel,
  type WebServer,
} from "../helpers/browser.js";
import { totpCode } from "../helpers/zweiter-faktor.js";

const browserDa = browserVoraussetzung();

let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

async function neueSeite(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: "de-DE",
    timezoneId: "Europe/Berlin",
  });
  return context.newPage();
}

async function passwortEingeben(page: Page, benutzername: string): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.getByLabel("Benutzername").fill(benutzername);
  await page.getByLabel("Passwort", { exact: true }).fill(DEMO_PASSWORT);
  await page.getByRole("button", { name: "Anmelden" }).click();
}

/** axe finds nothing at the desk and at the phone width. */
async function ohneBefundInBeidenBreiten(page: Page): Promise<void> {
  for (const b of BREITEN) {
    await page.setViewportSize({ width: b.width, height: b.height });
    expect(await axe(page), `${b.name}`).toEqual([]);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

describe.runIf(browserDa)("Zweiter Faktor im Browser (Chromium)", { timeout: 180_000 }, () => {
  /** The demo admin's passkey, as the virtual authenticator holds it after registration. */
  let adminSchluessel: object[] = [];

  beforeAll(async () => {
    server = await startWebServer();
    ({ browser, close: closeBrowser } = await startBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it("makes the demo admin set up a passkey at the first sign-in, with recovery codes shown once", async () => {
    const page = await neueSeite();
    const { cdp, authenticatorId } = await virtuellerSchluessel(page);
    await passwortEingeben(page, "admin");
    await page.getByRole("heading", { name: "Zweiten Faktor einrichten", level: 1 }).waitFor();
    // Nothing else answers before the factor is set up.
    expect((await page.request.get(`${server.url}/api/v1/akten`)).status()).toBe(401);
    await ohneBefundInBeidenBreiten(page);
    await page.getByLabel("Name des Passkeys").fill("Sicherheitsschlüssel blau");
    await page.getByRole("button", { name: "Passkey registrieren" }).click();
    await page.getByRole("heading", { name: "Zweiter Faktor eingerichtet", level: 1 }).waitFor();
    const codes = page.getByRole("list", { name: "Wiederherstellungscodes" }).getByRole("listitem");
    await expect.poll(() => codes.count()).toBe(10);
    await ohneBefundInBeidenBreiten(page);
    await page.getByRole("button", { name: "Codes notiert – weiter" }).click();
    await page.getByRole("heading", { name: /Guten Tag/ }).waitFor();
    adminSchluessel = (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
    expect(adminSchluessel).toHaveLength(1);
    await page.context().close();
  });

  it("signs the admin in with the passkey, and refuses the admin without it", async () => {
    const page = await neueSeite();
    const { cdp, authenticatorId } = await virtuellerSchluessel(page);
    for (const credential of adminSchluessel)
      await cdp.send("WebAuthn.addCredential", { authenticatorId, credential: credential as never });
    await passwortEingeben(page, "admin");
    await page.getByRole("heading", { name: "Zweiter Faktor", level: 1 }).waitFor();
    await ohneBefundInBeidenBreiten(page);
    await page.getByRole("button", { name: "Mit Passkey bestätigen" }).click();
    await page.getByRole("heading", { name: /Guten Tag/ }).waitFor();
    // The key's counter moved on; the server would refuse the old one.
    adminSchluessel = (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
    // The session records how it was signed in to.
    await page.goto(`${server.url}/konto`);
    await page.getByRole("cell", { name: "Passwort + Passkey" }).first().waitFor();
    await page.context().close();

    // Another security key, without the admin's passkey: the password alone gets nobody in.
    const ohne = await neueSeite();
    await virtuellerSchluessel(ohne);
    await passwortEingeben(ohne, "admin");
    await ohne.getByRole("heading", { name: "Zweiter Faktor", level: 1 }).waitFor();
    expect((await ohne.request.get(`${server.url}/api/v1/auth/me`)).status()).toBe(401);
    await ohne.getByRole("button", { name: "Mit Passkey bestätigen" }).click();
    await ohne
      .getByRole("alert")
      .filter({ hasText: /Passkey wurde nicht verwendet|nicht angenommen/ })
      .waitFor();
    await ohne
      .getByLabel("Code aus der Authenticator-App")
      .waitFor({ state: "detached" })
      .catch(() => undefined);
    expect(await ohne.getByRole("heading", { name: /Guten Tag/ }).count()).toBe(0);
    expect((await ohne.request.get(`${server.url}/api/v1/akten`)).status()).toBe(401);
    await ohne.context().close();
  });

  it("sets up an authenticator app in Mein Konto and signs in with its code", async () => {
    const page = await neueSeite();
    await passwortEingeben(page, "mueller");
    await page.getByRole("heading", { name: /Guten Tag/ }).waitFor();
    await page.goto(`${server.url}/konto`);
    await page.getByRole("heading", { name: "Zweiter Faktor", level: 2 }).waitFor();
    await page.getByRole("button", { name: "Authenticator-App einrichten" }).click();
    await page.getByRole("img", { name: /QR-Code für die Authenticator-App/ }).waitFor();
    const geheimnis = (await page.locator("code.geheimnis").innerText()).trim();
    await ohneBefundInBeidenBreiten(page);
    await page.getByLabel("Code aus der App").fill("000000");
    await page.getByRole("button", { name: "Code bestätigen" }).click();
    await page.locator(".kern-alert--danger").filter({ hasText: "Der Code stimmt nicht" }).waitFor();
    const eingerichtet = totpCode(geheimnis, server.ctx.clock.now());
    await page.getByLabel("Code aus der App").fill(eingerichtet);
    await page.getByRole("button", { name: "Code bestätigen" }).click();
    await page.getByRole("list", { name: "Wiederherstellungscodes" }).waitFor();
    await page
      .locator(".kern-alert--success")
      .filter({ hasText: "Authenticator-App eingerichtet." })
      .waitFor();
    await ohneBefundInBeidenBreiten(page);
    await page.context().close();

    const wieder = await neueSeite();
    await passwortEingeben(wieder, "mueller");
    await wieder.getByRole("heading", { name: "Zweiter Faktor", level: 1 }).waitFor();
    // The code of the enrolment counts as used (the same code, not the current one: the real
    // clock may have moved on to the next 30 s step meanwhile); the app's next one is taken.
    await wieder.getByLabel("Code aus der Authenticator-App").fill(eingerichtet);
    await wieder.getByRole("button", { name: "Code bestätigen" }).click();
    await wieder.locator(".kern-alert--danger").filter({ hasText: "schon verwendet" }).waitFor();
    await wieder
      .getByLabel("Code aus der Authenticator-App")
      .fill(totpCode(geheimnis, server.ctx.clock.now(), 1));
    await wieder.getByRole("button", { name: "Code bestätigen" }).click();
    await wieder.getByRole("heading", { name: /Guten Tag/ }).waitFor();
    await wieder.context().close();
  });

  it("lets the Administration choose the roles that require a second factor", async () => {
    const page = await neueSeite();
    const { cdp, authenticatorId } = await virtuellerSchluessel(page);
    const [credential] = (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
    expect(credential).toBeUndefined();
    for (const c of adminSchluessel)
      await cdp.send("WebAuthn.addCredential", { authenticatorId, credential: c as never });
    await passwortEingeben(page, "admin");
    await page.getByRole("button", { name: "Mit Passkey bestätigen" }).click();
    await page.getByRole("heading", { name: /Guten Tag/ }).waitFor();
    await page.goto(`${server.url}/verwaltung`);
    await page.getByRole("button", { name: "Anmeldung" }).click();
    await page.getByRole("checkbox", { name: "Leitung" }).check();
    expect(await page.getByRole("checkbox", { name: "Administration (immer)" }).isDisabled()).toBe(true);
    await ohneBefundInBeidenBreiten(page);
    await page.getByRole("button", { name: "Speichern" }).click();
    await page.getByText(/Zweiter Faktor verlangt für: .*Leitung/).waitFor();
    await page.context().close();
  });
});
