import { existsSync } from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContextOptions, CDPSession, Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { buildApp, WEB_DIR } from "../../src/server/app.js";
import { seedDemo, type DemoOptionen } from "../../src/server/demo/seed.js";
import { systemClock, type Clock } from "../../src/server/platform/clock.js";
import { CHROMIUM, launchChromium } from "./chromium.js";
import { createTestContext, type TestContext } from "./context.js";
import { voraussetzung } from "./voraussetzung.js";

export const DEMO_PASSWORT = "Demo-Passwort-2026";

/** Whether browser tests can run here: Chromium and the built web client (see voraussetzung). */
export function browserVoraussetzung(): boolean {
  return (
    voraussetzung("Chromium", existsSync(CHROMIUM), `fehlt unter ${CHROMIUM} (Debian-Paket chromium)`) &&
    voraussetzung(
      "gebauter Web-Client",
      existsSync(path.join(WEB_DIR, "index.html")),
      `${WEB_DIR}/index.html fehlt (npm run build)`,
    )
  );
}

export interface WebServer {
  ctx: TestContext;
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** The next instant at which it is 12:00 in Berlin (the county's days), from `ab` on. */
export function naechsterMittagInBerlin(ab: number): number {
  const tag = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin" });
  const stunde = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Berlin",
    hour: "2-digit",
    hourCycle: "h23",
  });
  for (let i = 0; i <= 2; i++) {
    const [j, m, t] = tag
      .format(ab + i * 86_400_000)
      .split("-")
      .map(Number) as [number, number, number];
    // Noon in Berlin is 11:00 UTC in winter and 10:00 UTC in summer.
    for (const utc of [11, 10]) {
      const kandidat = Date.UTC(j, m - 1, t, utc);
      if (kandidat >= ab && stunde.format(kandidat) === "12") return kandidat;
    }
  }
  throw new Error("Kein Mittag in Berlin gefunden.");
}

/**
 * Real time, moved on to the next noon in Berlin, plus an offset the test can move: a journey
 * that fills in "today" and "tomorrow" never crosses midnight, whatever hour it runs at. Ahead of
 * the real clock, never behind it, so the browser's cookies (real time) stay valid.
 */
export class VersetzbareUhr implements Clock {
  #versatz: number;
  /** `echt`: the real clock (replaceable in tests of this clock). */
  constructor(private readonly echt: () => number = Date.now) {
    const start = echt();
    this.#versatz = naechsterMittagInBerlin(start) - start;
  }
  now(): Date {
    return new Date(this.echt() + this.#versatz);
  }
  vorstellen(ms: number): void {
    this.#versatz += ms;
  }
}

/**
 * The real app with the demo county on a fresh database, listening on a free loopback port;
 * `demo` as for `seedDemo` (e.g. with its two years of history).
 */
export async function startWebServer(
  clock: Clock = systemClock,
  demo: DemoOptionen = {},
): Promise<WebServer> {
  const ctx = await createTestContext({ clock });
  await seedDemo(ctx, DEMO_PASSWORT, demo);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  // A name, not an address: browsers allow passkeys (WebAuthn) only for a domain; the server's
  // public address (the relying party) is this one.
  const url = `http://localhost:${port}`;
  ctx.config.basisUrl = url;
  return {
    ctx,
    app,
    url,
    async close() {
      await app.close();
      await ctx.cleanup();
    },
  };
}

export async function startBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await launchChromium();
  return { browser, close: () => browser.close() };
}

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, "..", "..", "test-artifacts", "screenshots");

/** axe with the WCAG 2.1 A/AA rules; returns the violations in a readable form. */
export async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

/**
 * Chooses in a picker (combobox) as a keyboard user would: types `eingabe`, waits for an option
 * matching `eintrag`, moves to it with the arrow keys and takes it with Enter. Fails when the
 * option never appears; returns the option's text.
 */
export async function waehleAus(
  page: Page,
  feld: string | RegExp,
  eingabe: string,
  eintrag: string | RegExp,
): Promise<string> {
  const box = page.getByRole("combobox", { name: feld });
  await box.fill(eingabe);
  const liste = page.locator(`[id="${await box.getAttribute("aria-controls")}"]`);
  // The list answers the typed text only when it is no longer busy (aria-busy while a stale list
  // from an earlier keystroke or the empty field is still shown).
  await liste.and(page.locator('[aria-busy="false"]')).waitFor({ state: "attached" });
  const ziel = liste.getByRole("option", { name: eintrag }).first();
  await ziel.waitFor();
  // The list may still be replaced by the answer to the last keystroke: the option's id is read
  // again at each step, so a stale list never sends the arrows past the target.
  const erreicht = async () =>
    (await box.getAttribute("aria-activedescendant")) === (await ziel.getAttribute("id"));
  // Down first; a list replaced mid-way may have put the active option past the target (the
  // list does not wrap), so then back up.
  for (const taste of ["ArrowDown", "ArrowUp"]) {
    for (let i = 0; i < 20 && !(await erreicht()); i++) await box.press(taste);
    if (await erreicht()) break;
  }
  if (!(await erreicht())) throw new Error(`Eintrag ${String(eintrag)} mit den Pfeiltasten nicht erreicht`);
  const text = (await ziel.innerText()).trim();
  await box.press("Enter");
  return text;
}

/**
 * The visible success of the last action, as the reader meets it: a KERN success alert with this
 * title, holding a link to what was created (unless `mitLink: false`), and with the focus inside —
 * not at the top of the page. Returns the message, e.g. to follow its link.
 */
export async function erfolgsmeldung(
  page: Page,
  titel: string | RegExp,
  { mitLink = true }: { mitLink?: boolean } = {},
): Promise<Locator> {
  const meldung = page.locator(".ergebnis").filter({ hasText: titel });
  await meldung.waitFor();
  expect(await meldung.locator(".kern-alert--success").isVisible()).toBe(true);
  if (mitLink) expect(await meldung.getByRole("link").count()).toBeGreaterThan(0);
  await expect.poll(() => meldung.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  return meldung;
}

/** The error summary after a failed action: visible, with this title, and holding the focus. */
export async function fehlermeldung(page: Page, titel: string | RegExp): Promise<Locator> {
  const meldung = page
    .locator(".rueckmeldung")
    .filter({ has: page.getByRole("alert") })
    .filter({ hasText: titel });
  await meldung.waitFor();
  await expect.poll(() => meldung.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  return meldung;
}

/** The desk and phone widths every role's journey is walked at. */
export const BREITEN = [
  { name: "desktop", width: 1366, height: 768 },
  { name: "telefon", width: 390, height: 844 },
] as const;

/** A fresh browser context (German, Berlin time) signed in as a demo user, on the Startseite. */
export async function angemeldet(
  browser: Browser,
  url: string,
  benutzername: string,
  optionen: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin", ...optionen });
  const page = await context.newPage();
  await anmeldenAuf(page, url, benutzername);
  return page;
}

/** A virtual security key in this page's Chromium (CDP WebAuthn domain): user present and verified. */
export async function virtuellerSchluessel(
  page: Page,
): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "usb",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** A credential as CDP `WebAuthn.getCredentials` reports it (private key included); passed back as is. */
type Credential = object;

/** The passkeys the browser helper set up, per server and user, with their current counters. */
const browserPasskeys = new Map<string, Credential[]>();

/**
 * Signs in on the login page as a person would, second factor included: a user whose role
 * requires one (e.g. the demo admin) registers a passkey in a virtual security key at the first
 * sign-in; later sign-ins (new contexts) load that key into a new virtual authenticator and
 * confirm with it. Ends on the Startseite.
 */
export async function anmeldenAuf(page: Page, url: string, benutzername: string, passwort = DEMO_PASSWORT) {
  await page.goto(`${url}/`);
  await page.getByLabel("Benutzername").fill(benutzername);
  await page.getByLabel("Passwort", { exact: true }).fill(passwort);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await zweitenFaktorGeben(page, url, benutzername);
}

/**
 * After the password was sent on the login page (in whatever form it sits): gives the second
 * factor as `anmeldenAuf` does — sets up a passkey in a virtual security key when the role asks
 * for one, or confirms with the key set up before. Ends on the Startseite.
 */
export async function zweitenFaktorGeben(page: Page, url: string, benutzername: string) {
  const schluessel = `${url}|${benutzername}`;
  const ziel = page.getByRole("heading", {
    level: 1,
    name: /^(Guten Tag.*|Zweiten Faktor einrichten|Zweiter Faktor)$/,
  });
  await ziel.waitFor();
  const titel = await ziel.innerText();
  if (titel.startsWith("Guten Tag")) return;
  const { cdp, authenticatorId } = await virtuellerSchluessel(page);
  if (titel === "Zweiten Faktor einrichten") {
    await page.getByRole("button", { name: "Passkey registrieren" }).click();
    await page.getByRole("button", { name: "Codes notiert – weiter" }).click();
  } else {
    const gemerkt = browserPasskeys.get(schluessel);
    if (!gemerkt)
      throw new Error(`${benutzername} hat einen zweiten Faktor, den der Browser-Helfer nicht kennt.`);
    for (const credential of gemerkt)
      await cdp.send("WebAuthn.addCredential", {
        authenticatorId,
        // As CDP gave it (Protocol.WebAuthn.Credential, a type playwright-core does not export).
        credential: credential as never,
      });
    await page.getByRole("button", { name: "Mit Passkey bestätigen" }).click();
  }
  await page.getByRole("heading", { name: /Guten Tag/ }).waitFor();
  // Keep the key with its counter as it is now: the server refuses a counter that went back.
  browserPasskeys.set(
    schluessel,
    (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials,
  );
  await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });
  await cdp.detach();
}

/**
 * How often a screen reader says `titel` now: once per live region holding it (the outermost
 * only; a region inside another is said with it), once more if the focus sits on it.
 */
export function ansagen(page: Page, titel: string): Promise<number> {
  return page.evaluate((t) => {
    const LIVE = '[role="status"], [role="alert"], [aria-live]:not([aria-live="off"])';
    const regionen = [...document.querySelectorAll(LIVE)].filter(
      (el) => !el.parentElement?.closest(LIVE) && (el.textContent ?? "").includes(t),
    ).length;
    const a = document.activeElement;
    const fokus = a && a !== document.body && a.id !== "inhalt" && (a.textContent ?? "").includes(t) ? 1 : 0;
    return regionen + fokus;
  }, titel);
}
