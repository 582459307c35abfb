import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { ManualClock } from "../../platform/clock.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import {
  createOe,
  createUser,
  login,
  TEST_PASSWORT,
  type Session,
} from "../../../../test/helpers/factories.js";
import { merkeTestPasskey, SoftwarePasskey, totpCode } from "../../../../test/helpers/zweiter-faktor.js";
import { oidcZweiterFaktorErfuellt } from "./zweiter-faktor.pflicht.js";

let ctx: TestContext;
let app: FastifyInstance;
const clock = new ManualClock("2026-03-02T08:00:00Z");
let admin: Session;

const CHROMIUM_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/131.0.0.0 Chrome/131.0.0.0 Safari/537.36";

function cookieAus(r: LightMyRequestResponse): string {
  const c = r.cookies.find((k) => k.name === "aktenwerk_sitzung");
  return `aktenwerk_sitzung=${c?.value ?? ""}`;
}

/** The first step only: password; returns the answer and the (pending or full) session. */
async function passwort(benutzername: string, userAgent = CHROMIUM_LINUX) {
  const r = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    headers: { "user-agent": userAgent },
    payload: { benutzername, passwort: TEST_PASSWORT },
  });
  const body = r.json();
  return { r, body, s: { cookie: cookieAus(r), csrf: body.csrfToken as string } };
}

function post(
  s: { cookie: string; csrf: string },
  pfad: string,
  payload?: unknown,
  userAgent = CHROMIUM_LINUX,
) {
  return app.inject({
    method: "POST",
    url: `/api/v1${pfad}`,
    headers: { cookie: s.cookie, "x-csrf-token": s.csrf, "user-agent": userAgent },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
}

function get(s: { cookie: string }, pfad: string) {
  return app.inject({ method: "GET", url: `/api/v1${pfad}`, headers: { cookie: s.cookie } });
}

/** A full session from the answer of a step that completed the sign-in. */
function sitzungAus(r: LightMyRequestResponse): Session {
  const cookie = cookieAus(r);
  const body = r.json();
  const csrf = (body.me?.csrfToken ?? body.csrfToken) as string;
  return { cookie, csrf, headers: { cookie, "x-csrf-token": csrf } };
}

async function letzteAnmeldung(benutzerId: string) {
  const { rows } = await ctx.db.query<{ details: Record<string, unknown> }>(
    "SELECT details FROM protokoll WHERE aktion = 'anmeldung' AND objekt_id = $1 ORDER BY nr DESC LIMIT 1",
    [benutzerId],
  );
  return rows[0]?.details;
}

/** Sets up TOTP in a session (full or restricted); the secret and the answer of the confirmation. */
async function richteTotpEin(s: { cookie: string; csrf: string }) {
  const start = await post(s, "/konto/totp");
  expect(start.statusCode, start.body).toBe(200);
  const { geheimnis } = start.json();
  const r = await post(s, "/konto/totp/bestaetigen", { code: totpCode(geheimnis, clock.now()) });
  expect(r.statusCode, r.body).toBe(200);
  return { geheimnis: geheimnis as string, r };
}

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  await createOe(ctx, { kuerzel: "10", name: "Hauptamt" });
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  await createUser(ctx, { benutzername: "admin", rollen: [{ oe: "10", rolle: "Administration" }] });
  admin = await login(app, "admin");
});

afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("an Administration account without a second factor", () => {
  it("must set one up at sign-in before anything else, then gets in with ten recovery codes", async () => {
    const user = await createUser(ctx, {
      benutzername: "neuadmin",
      rollen: [{ oe: "10", rolle: "Administration" }],
    });
    const { r, body, s } = await passwort("neuadmin");
    expect(r.statusCode).toBe(202);
    expect(body.zweiterFaktor).toMatchObject({ einrichtung: true });
    // Restricted to the enrolment: no API, no /auth/me.
    expect((await get(s, "/akten")).statusCode).toBe(401);
    expect((await get(s, "/auth/me")).statusCode).toBe(401);
    expect((await post(s, "/api-tokens", { name: "x" })).statusCode).toBe(401);
    expect((await get(s, "/konto/zweiter-faktor")).json()).toMatchObject({ totp: false, erforderlich: true });

    const start = await post(s, "/konto/totp");
    expect(start.json().qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(start.json().uri).toMatch(/^otpauth:\/\/totp\//);
    const falsch = await post(s, "/konto/totp/bestaetigen", { code: "000000" });
    expect(falsch.statusCode).toBe(401);
    expect(falsch.json().detail).toMatch(/Code stimmt nicht/);

    const ok = await post(s, "/konto/totp/bestaetigen", {
      code: totpCode(start.json().geheimnis, clock.now()),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const codes = ok.json().wiederherstellungscodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const voll = sitzungAus(ok);
    expect((await get(voll, "/auth/me")).statusCode).toBe(200);
    expect((await get(voll, "/akten")).statusCode).toBe(200);
    // The restricted cookie is gone; the codes are stored only hashed.
    expect((await get(s, "/konto/zweiter-faktor")).statusCode).toBe(401);
    const { rows } = await ctx.db.query<{ hash: string }>(
      "SELECT hash FROM wiederherstellungscode WHERE benutzer_id = $1",
      [user.id],
    );
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => row.hash.startsWith("$argon2id$") && !codes.includes(row.hash))).toBe(true);
    expect(await letzteAnmeldung(user.id)).toMatchObject({ verfahren: "passwort", faktor: "einrichtung" });
  });
});

describe("signing in with the authenticator app", () => {
  let geheimnis: string;
  let codes: string[];
  let benutzerId: string;

  beforeAll(async () => {
    benutzerId = (
      await createUser(ctx, { benutzername: "totpler", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] })
    ).id;
    const s = await login(app, "totpler");
    const e = await richteTotpEin(s);
    geheimnis = e.geheimnis;
    codes = e.r.json().wiederherstellungscodes;
    clock.advance(60_000);
  });

  it("asks for the second factor after the password; the pending sign-in opens nothing else", async () => {
    const { r, body, s } = await passwort("totpler");
    expect(r.statusCode).toBe(202);
    expect(body.zweiterFaktor.verfahren).toEqual(["totp", "wiederherstellungscode"]);
    expect((await get(s, "/akten")).statusCode).toBe(401);
    expect((await get(s, "/sitzungen")).statusCode).toBe(401);
    const falsch = await post(s, "/auth/zweiter-faktor", { art: "totp", code: "123456" });
    expect(falsch.statusCode).toBe(401);
    expect(falsch.json().title).toBe("Der zweite Faktor wurde nicht angenommen.");
    const ok = await post(s, "/auth/zweiter-faktor", { art: "totp", code: totpCode(geheimnis, clock.now()) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().benutzer.benutzername).toBe("totpler");
    expect((await get(sitzungAus(ok), "/akten")).statusCode).toBe(200);
    expect(await letzteAnmeldung(benutzerId)).toMatchObject({ verfahren: "passwort", faktor: "totp" });
  });

  it("refuses a code used before within its window, takes the next one", async () => {
    clock.advance(30_000);
    const code = totpCode(geheimnis, clock.now());
    const erste = await passwort("totpler");
    expect((await post(erste.s, "/auth/zweiter-faktor", { art: "totp", code })).statusCode).toBe(200);
    const zweite = await passwort("totpler");
    const nochmal = await post(zweite.s, "/auth/zweiter-faktor", { art: "totp", code });
    expect(nochmal.statusCode).toBe(401);
    expect(nochmal.json().detail).toMatch(/schon verwendet/);
    clock.advance(30_000);
    const naechster = await post(zweite.s, "/auth/zweiter-faktor", {
      art: "totp",
      code: totpCode(geheimnis, clock.now()),
    });
    expect(naechster.statusCode, naechster.body).toBe(200);
  });

  it("takes each recovery code once", async () => {
    const a = await passwort("totpler");
    const ok = await post(a.s, "/auth/zweiter-faktor", {
      art: "wiederherstellungscode",
      code: codes[0]!.toLowerCase(),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await letzteAnmeldung(benutzerId)).toMatchObject({ faktor: "wiederherstellungscode" });
    const b = await passwort("totpler");
    const wieder = await post(b.s, "/auth/zweiter-faktor", { art: "wiederherstellungscode", code: codes[0] });
    expect(wieder.statusCode).toBe(401);
    expect(wieder.json().detail).toMatch(/schon verwendet/);
    expect((await get(sitzungAus(ok), "/konto/zweiter-faktor")).json().wiederherstellungscodesUebrig).toBe(9);
  });

  it("lets the pending sign-in expire after five minutes", async () => {
    const { s } = await passwort("totpler");
    clock.advance(6 * 60_000);
    const spaet = await post(s, "/auth/zweiter-faktor", {
      art: "totp",
      code: totpCode(geheimnis, clock.now()),
    });
    expect(spaet.statusCode).toBe(401);
    expect(spaet.json().title).toBe("Bitte melden Sie sich an.");
  });

  it("throttles guessing the second factor like passwords (429 with Retry-After)", async () => {
    await createUser(ctx, { benutzername: "rater", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
    const s0 = await login(app, "rater");
    const { geheimnis: g } = await richteTotpEin(s0);
    clock.advance(60_000);
    const { s } = await passwort("rater");
    const antworten: number[] = [];
    for (let i = 0; i < 6; i++)
      antworten.push(
        (await post(s, "/auth/zweiter-faktor", { art: "totp", code: String(100000 + i) })).statusCode,
      );
    expect(antworten.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(antworten[5]).toBe(429);
    const gesperrt = await post(s, "/auth/zweiter-faktor", { art: "totp", code: totpCode(g, clock.now()) });
    expect(gesperrt.statusCode).toBe(429);
    expect(Number(gesperrt.headers["retry-after"])).toBeGreaterThan(0);
    const { rows } = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM protokoll WHERE aktion = 'anmeldung.fehlgeschlagen' AND details->>'zweck' = 'zweiter_faktor'
       AND details->>'benutzername' = 'rater'`,
    );
    expect(rows[0]!.n).toBe(5);
    clock.advance(16 * 60_000);
  });

  it("is removed in Mein Konto by a user no role requires it of; then the password is enough", async () => {
    const { s } = await passwort("totpler");
    clock.advance(30_000);
    const ok = await post(s, "/auth/zweiter-faktor", { art: "totp", code: totpCode(geheimnis, clock.now()) });
    const voll = sitzungAus(ok);
    const weg = await app.inject({ method: "DELETE", url: "/api/v1/konto/totp", headers: voll.headers });
    expect(weg.statusCode, weg.body).toBe(204);
    expect((await passwort("totpler")).r.statusCode).toBe(200);
  });
});

const schluessel = new SoftwarePasskey();
const fremd = new SoftwarePasskey();

describe("passkeys", () => {
  let weberId: string;

  beforeAll(async () => {
    weberId = (
      await createUser(ctx, { benutzername: "weber", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] })
    ).id;
    await createUser(ctx, { benutzername: "fremd", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
    for (const [name, key] of [
      ["weber", schluessel],
      ["fremd", fremd],
    ] as const) {
      const s = await login(app, name);
      const optionen = await post(s, "/konto/passkeys/optionen");
      expect(optionen.statusCode).toBe(200);
      const r = await post(s, "/konto/passkeys", {
        name: "Schlüssel",
        antwort: key.registrierung(optionen.json()),
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().wiederherstellungscodes).toHaveLength(10);
    }
    merkeTestPasskey(app, "weber", schluessel);
    merkeTestPasskey(app, "fremd", fremd);
  });

  it("completes a sign-in with the user's passkey and records it", async () => {
    const { r, body, s } = await passwort("weber");
    expect(r.statusCode).toBe(202);
    expect(body.zweiterFaktor.verfahren).toContain("passkey");
    const optionen = (await post(s, "/auth/zweiter-faktor/passkey-optionen")).json();
    expect(optionen.allowCredentials).toEqual([expect.objectContaining({ id: schluessel.id })]);
    const ok = await post(s, "/auth/zweiter-faktor/passkey", { antwort: schluessel.anmeldung(optionen) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await letzteAnmeldung(weberId)).toMatchObject({ faktor: "passkey" });
    const stand = (await get(sitzungAus(ok), "/konto/zweiter-faktor")).json();
    expect(stand.passkeys[0].zuletztBenutztAm).not.toBeNull();
  });

  it("refuses another user's passkey, a replayed answer and a forged signature", async () => {
    const { s } = await passwort("weber");
    const optionen = (await post(s, "/auth/zweiter-faktor/passkey-optionen")).json();
    const fremde = await post(s, "/auth/zweiter-faktor/passkey", { antwort: fremd.anmeldung(optionen) });
    expect(fremde.statusCode).toBe(401);
    expect(fremde.json().detail).toMatch(/Passkey dieses Kontos/);

    const o2 = (await post(s, "/auth/zweiter-faktor/passkey-optionen")).json();
    const antwort = schluessel.anmeldung(o2);
    const gefaelscht = {
      ...antwort,
      response: { ...antwort.response, signature: fremd.anmeldung(o2).response.signature },
    };
    expect((await post(s, "/auth/zweiter-faktor/passkey", { antwort: gefaelscht })).statusCode).toBe(401);

    const o3 = (await post(s, "/auth/zweiter-faktor/passkey-optionen")).json();
    const echt = schluessel.anmeldung(o3);
    expect((await post(s, "/auth/zweiter-faktor/passkey", { antwort: echt })).statusCode).toBe(200);
    const { s: s2 } = await passwort("weber");
    await post(s2, "/auth/zweiter-faktor/passkey-optionen");
    // The old answer was signed over another challenge.
    expect((await post(s2, "/auth/zweiter-faktor/passkey", { antwort: echt })).statusCode).toBe(401);
    clock.advance(16 * 60_000);
  });

  it("is removed in Mein Konto when no role requires a factor; then the password is enough", async () => {
    const s = await login(app, "fremd");
    const stand = (await get(s, "/konto/zweiter-faktor")).json();
    const weg = await app.inject({
      method: "DELETE",
      url: `/api/v1/konto/passkeys/${stand.passkeys[0].id}`,
      headers: s.headers,
    });
    expect(weg.statusCode, weg.body).toBe(204);
    expect((await passwort("fremd")).r.statusCode).toBe(200);
  });
});

describe("the Verwaltung", () => {
  it("requires a second factor per role (Administration always) and only the Administration may", async () => {
    const vorher = (await get(admin, "/verwaltung/zweiter-faktor")).json();
    expect(vorher).toEqual({ rollen: ["Administration"], immer: ["Administration"] });
    const r = await app.inject({
      method: "PUT",
      url: "/api/v1/verwaltung/zweiter-faktor",
      headers: admin.headers,
      payload: { rollen: ["Leitung"] },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().rollen).toEqual(expect.arrayContaining(["Administration", "Leitung"]));
    await createUser(ctx, { benutzername: "leiterin", rollen: [{ oe: "63", rolle: "Leitung" }] });
    expect((await passwort("leiterin")).body.zweiterFaktor).toMatchObject({ einrichtung: true });
    await createUser(ctx, { benutzername: "sachb", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
    const sachb = await login(app, "sachb");
    expect((await get(sachb, "/verwaltung/zweiter-faktor")).statusCode).toBe(403);
  });

  it("refuses to remove the last factor a role requires, and resets a user's factors (lost phone)", async () => {
    const s = await login(app, "leiterin");
    const weg = await app.inject({ method: "DELETE", url: "/api/v1/konto/totp", headers: s.headers });
    expect(weg.statusCode).toBe(404);
    const stand = (await get(s, "/konto/zweiter-faktor")).json();
    const letzter = await app.inject({
      method: "DELETE",
      url: `/api/v1/konto/passkeys/${stand.passkeys[0].id}`,
      headers: s.headers,
    });
    expect(letzter.statusCode).toBe(409);
    const reset = await post(admin, "/benutzer/leiterin/zweiter-faktor-zuruecksetzen");
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await get(s, "/auth/me")).statusCode).toBe(401);
    expect((await passwort("leiterin")).body.zweiterFaktor).toMatchObject({ einrichtung: true });
  });
});

describe("sessions in Mein Konto", () => {
  it("show device, address, sign-in method and factor, and new recovery codes replace the old", async () => {
    const s = await login(app, "weber");
    const liste = (await get(s, "/sitzungen")).json();
    expect(liste[0]).toMatchObject({ anmeldeverfahren: "passwort", faktor: "passkey", aktuell: true });
    const { s: p } = await passwort("weber");
    const chromium = await post(p, "/auth/zweiter-faktor/passkey-optionen");
    const ok = await post(p, "/auth/zweiter-faktor/passkey", {
      antwort: schluessel.anmeldung(chromium.json()),
    });
    expect(ok.statusCode).toBe(200);
    const alle = (await get(s, "/sitzungen")).json();
    expect(alle.map((x: { geraet: string }) => x.geraet)).toContain("Chromium unter Linux");
    // Pending sign-ins are not sessions.
    await passwort("weber");
    expect((await get(s, "/sitzungen")).json()).toHaveLength(alle.length);

    const neu = await post(s, "/konto/wiederherstellungscodes");
    expect(neu.statusCode).toBe(200);
    expect(neu.json().wiederherstellungscodes).toHaveLength(10);
  });
});

describe("OIDC sign-ins", () => {
  it("count as two factors when amr or a configured acr says so", () => {
    expect(oidcZweiterFaktorErfuellt({ amr: ["pwd", "otp"] })).toBe(true);
    expect(oidcZweiterFaktorErfuellt({ amr: ["mfa"] })).toBe(true);
    expect(oidcZweiterFaktorErfuellt({ amr: ["pwd"] })).toBe(false);
    expect(oidcZweiterFaktorErfuellt({ acr: "2" }, ["2"])).toBe(true);
    expect(oidcZweiterFaktorErfuellt({ acr: "1" }, ["2"])).toBe(false);
    expect(oidcZweiterFaktorErfuellt({ amr: "otp" })).toBe(false);
    expect(oidcZweiterFaktorErfuellt({})).toBe(false);
  });
});
