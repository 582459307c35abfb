import type { FastifyInstance } from "fastify";
import argon2 from "argon2";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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

let ctx: TestContext;
let app: FastifyInstance;
const clock = new ManualClock("2026-03-02T08:00:00Z");
let admin: Session;
let clerk: Session;

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  app = await buildApp(ctx);
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  await createOe(ctx, { kuerzel: "10", name: "Hauptamt" });
  await createUser(ctx, { benutzername: "admin", rollen: [{ oe: "10", rolle: "Administration" }] });
  await createUser(ctx, {
    benutzername: "mueller",
    vorname: "Jürgen",
    nachname: "Müller",
    rollen: [{ oe: "63", rolle: "Sachbearbeitung" }],
  });
  admin = await login(app, "admin");
  clerk = await login(app, "mueller");
});

afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Anmeldung", () => {
  it("gives the user, OEs and roles on /auth/me after login", async () => {
    const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: clerk.cookie } });
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body.benutzer.anzeigename).toBe("Jürgen Müller");
    expect(body.rollen).toEqual(["Sachbearbeitung"]);
    expect(body.organisationseinheiten).toEqual([
      expect.objectContaining({ kuerzel: "63", name: "Bauaufsicht" }),
    ]);
  });

  it("sets an httpOnly, SameSite=Lax session cookie, Secure only behind TLS", async () => {
    const plain = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { benutzername: "mueller", passwort: TEST_PASSWORT },
    });
    const cookie = plain.cookies.find((c) => c.name === "aktenwerk_sitzung")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.secure).toBeFalsy();
    const proxied = await buildApp({ ...ctx, config: { ...ctx.config, trustProxy: true } });
    const tls = await proxied.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "x-forwarded-proto": "https" },
      payload: { benutzername: "mueller", passwort: TEST_PASSWORT },
    });
    expect(tls.cookies.find((c) => c.name === "aktenwerk_sitzung")!.secure).toBe(true);
    await proxied.close();
  });

  it("answers a wrong password with 401 problem+json in German", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { benutzername: "admin", passwort: "falsch-falsch" },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 401,
      title: "Benutzername oder Passwort ist falsch.",
      type: "urn:aktenwerk:problem:anmeldung_fehlgeschlagen",
    });
  });

  it("refuses everything without a session, and an ended session after logout", async () => {
    expect((await app.inject({ method: "GET", url: "/api/v1/auth/me" })).statusCode).toBe(401);
    const session = await login(app, "mueller");
    const out = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: session.headers });
    expect(out.statusCode).toBe(204);
    const after = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { cookie: session.cookie },
    });
    expect(after.statusCode).toBe(401);
  });

  it("ends an idle session after the idle timeout", async () => {
    const session = await login(app, "mueller");
    clock.advance((ctx.config.sessionIdleMinutes + 1) * 60_000);
    const response = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toMatch(/abgelaufen/);
    admin = await login(app, "admin");
    clerk = await login(app, "mueller");
  });

  it("locks an account after 20 failures from many addresses with 429 and Retry-After, then lets it in again", async () => {
    await createUser(ctx, { benutzername: "vergesslich", rollen: [{ oe: "63", rolle: "Lesen" }] });
    // 19 earlier failures from 19 addresses (cheaper than 19 password checks), then a real one.
    await ctx.db.query(
      `INSERT INTO anmeldeversuch (zeit, benutzername, ip, erfolgreich)
       SELECT $1, 'vergesslich', '10.0.0.' || i, false FROM generate_series(1, 19) i`,
      [clock.now()],
    );
    const zwanzigster = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: "10.0.0.20",
      payload: { benutzername: "vergesslich", passwort: "falsch-20" },
    });
    expect(zwanzigster.statusCode).toBe(401);
    const blocked = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: "10.0.1.1",
      payload: { benutzername: "vergesslich", passwort: TEST_PASSWORT },
    });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    expect(blocked.json().title).toMatch(/Zu viele Anmeldeversuche/);
    clock.advance(16 * 60_000);
    const again = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: "10.0.1.1",
      payload: { benutzername: "vergesslich", passwort: TEST_PASSWORT },
    });
    expect(again.statusCode).toBe(200);
    admin = await login(app, "admin");
    clerk = await login(app, "mueller");
  });

  it("locks one account at one address after 5 failures, but not colleagues behind the same address", async () => {
    await createUser(ctx, { benutzername: "tippfehler", rollen: [{ oe: "63", rolle: "Lesen" }] });
    const versuch = (benutzername: string, passwort: string) =>
      app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        remoteAddress: "192.0.2.10",
        payload: { benutzername, passwort },
      });
    for (let i = 0; i < 5; i++) expect((await versuch("tippfehler", `falsch-${i}`)).statusCode).toBe(401);
    expect((await versuch("tippfehler", TEST_PASSWORT)).statusCode).toBe(429);
    // The county's proxy: everyone else behind that address still gets in.
    expect((await versuch("mueller", TEST_PASSWORT)).statusCode).toBe(200);
    expect(
      (
        await app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          remoteAddress: "192.0.2.11",
          payload: { benutzername: "tippfehler", passwort: TEST_PASSWORT },
        })
      ).statusCode,
    ).toBe(200);
  });

  it("counts before the password check: 30 parallel wrong logins check at most 5 passwords", async () => {
    await createUser(ctx, { benutzername: "ziel", rollen: [{ oe: "63", rolle: "Lesen" }] });
    const verify = vi.spyOn(argon2, "verify");
    try {
      const antworten = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          app.inject({
            method: "POST",
            url: "/api/v1/auth/login",
            remoteAddress: "198.51.100.30",
            payload: { benutzername: "ziel", passwort: `geraten-${i}` },
          }),
        ),
      );
      const codes = antworten.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 401)).toHaveLength(5);
      expect(codes.filter((c) => c === 429)).toHaveLength(25);
      expect(verify).toHaveBeenCalledTimes(5);
    } finally {
      verify.mockRestore();
    }
    const { rows } = await ctx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM anmeldeversuch WHERE benutzername = 'ziel' AND NOT erfolgreich",
    );
    expect(rows[0]!.n).toBe(5);
  });

  it("throttles one address that tries many accounts at 100 failures in 15 minutes", async () => {
    // 99 earlier failures of different names from this address (cheaper than 99 password checks).
    await ctx.db.query(
      `INSERT INTO anmeldeversuch (zeit, benutzername, ip, erfolgreich)
       SELECT $1, 'raten' || i, '192.0.2.77', false FROM generate_series(1, 99) i`,
      [clock.now()],
    );
    const letzter = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: "192.0.2.77",
      payload: { benutzername: "raten100", passwort: "x" },
    });
    expect(letzter.statusCode).toBe(401);
    const blocked = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: "192.0.2.77",
      payload: { benutzername: "mueller", passwort: TEST_PASSWORT },
    });
    expect(blocked.statusCode).toBe(429);
    const elsewhere = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: "192.0.2.78",
      payload: { benutzername: "mueller", passwort: TEST_PASSWORT },
    });
    expect(elsewhere.statusCode).toBe(200);
  });

  it("writes failed logins to the Protokoll with the name tried and the address, never the password", async () => {
    await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: "203.0.113.5",
      payload: { benutzername: "Mueller", passwort: "geheim-falsch-1" },
    });
    await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      remoteAddress: "203.0.113.5",
      payload: { benutzername: "niemand", passwort: "geheim-falsch-2" },
    });
    const { rows } = await ctx.db.query<{ objekt_art: string; details: Record<string, unknown> }>(
      "SELECT objekt_art, details FROM protokoll WHERE aktion = 'anmeldung.fehlgeschlagen' AND details->>'ip' = '203.0.113.5' ORDER BY nr",
    );
    expect(rows.map((r) => [r.objekt_art, r.details.benutzername])).toEqual([
      ["benutzer", "mueller"],
      ["anmeldung", "niemand"],
    ]);
    expect(JSON.stringify(rows)).not.toContain("geheim-falsch");
  });
});

describe("CSRF and input validation", () => {
  it("refuses a cookie-authenticated write without the CSRF token and changes nothing", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/v1/organisationseinheiten",
      headers: { cookie: admin.cookie },
      payload: { name: "Ohne Token", kuerzel: "OT", art: "Amt" },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().type).toBe("urn:aktenwerk:problem:csrf_token_fehlt");
    const list = await app.inject({
      method: "GET",
      url: "/api/v1/organisationseinheiten",
      headers: { cookie: admin.cookie },
    });
    expect(list.json().map((o: { kuerzel: string }) => o.kuerzel)).not.toContain("OT");
  });

  it("rejects unknown fields and type-confused values with field-level German messages", async () => {
    const unknown = await app.inject({
      method: "POST",
      url: "/api/v1/benutzer",
      headers: admin.headers,
      payload: { benutzername: "neu", nachname: "Neu", istAdmin: "true" },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().fehler).toContainEqual({
      feld: "/istAdmin",
      meldung: "Unbekanntes Feld „istAdmin“.",
    });
    const wrongType = await app.inject({
      method: "PATCH",
      url: "/api/v1/benutzer/mueller",
      headers: admin.headers,
      payload: { aktiv: "false" },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().fehler).toContainEqual({
      feld: "/aktiv",
      meldung: "Muss vom Typ true oder false sein.",
    });
    const me = await app.inject({ method: "GET", url: "/api/v1/benutzer/mueller", headers: admin.headers });
    expect(me.json().aktiv).toBe(true);
  });

  it("answers malformed JSON with 400 and bodies over 1 MB with 413", async () => {
    const broken = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "content-type": "application/json" },
      payload: '{"benutzername": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().detail).toMatch(/kein gültiges JSON/);
    const huge = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ benutzername: "x", passwort: "y".repeat(1_100_000) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().title).toBe("Die Anfrage ist zu groß.");
  });

  it("answers unknown paths with a German 404 problem", async () => {
    const response = await app.inject({
      method: "GET",
      url: "/api/v1/gibt-es-nicht",
      headers: { cookie: clerk.cookie },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().title).toBe("Das gesuchte Objekt wurde nicht gefunden.");
  });
});

describe("Organisation und Benutzer", () => {
  it("lets only the Administration create OEs and users", async () => {
    const denied = await app.inject({
      method: "POST",
      url: "/api/v1/organisationseinheiten",
      headers: clerk.headers,
      payload: { name: "Schattenamt", kuerzel: "99", art: "Amt" },
    });
    expect(denied.statusCode).toBe(403);
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/organisationseinheiten",
      headers: admin.headers,
      payload: { name: "Jugendamt", kuerzel: "51", art: "Amt" },
    });
    expect(created.statusCode).toBe(201);
    const duplicate = await app.inject({
      method: "POST",
      url: "/api/v1/organisationseinheiten",
      headers: admin.headers,
      payload: { name: "Noch ein Jugendamt", kuerzel: "51", art: "Amt" },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().fehler).toContainEqual({ feld: "/kuerzel", meldung: "Bereits vergeben." });
  });

  it("refuses to hang an OE below its own subtree", async () => {
    const top = await createOe(ctx, { kuerzel: "D9", art: "Dezernat" });
    await createOe(ctx, { kuerzel: "D9-1", uebergeordnet: top.id });
    const cycle = await app.inject({
      method: "PATCH",
      url: `/api/v1/organisationseinheiten/${top.id}`,
      headers: admin.headers,
      payload: { uebergeordnet: "D9-1" },
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().fehler[0].meldung).toMatch(/Zyklus/);
  });

  it("stores DIN 91379 names NFC-normalised and refuses digits in names", async () => {
    const decomposed = "Mu\u0308ller-Łukasiewicz";
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/benutzer",
      headers: admin.headers,
      payload: {
        benutzername: "lukasiewicz",
        vorname: "Zoë Ǖlla",
        nachname: decomposed,
        mitgliedschaften: [{ oe: "63", rolle: "Sachbearbeitung" }],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().nachname).toBe("Müller-Łukasiewicz".normalize("NFC"));
    expect(created.json().nachname).toBe(decomposed.normalize("NFC"));
    const bad = await app.inject({
      method: "POST",
      url: "/api/v1/benutzer",
      headers: admin.headers,
      payload: { benutzername: "robot", nachname: "R2D2" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().title).toBe("Die Eingabe ist ungültig.");
    expect(bad.json().detail).toMatch(/DIN 91379/);
  });

  it("keeps the last Administration", async () => {
    const response = await app.inject({
      method: "DELETE",
      url: "/api/v1/benutzer/admin/mitgliedschaften?oe=10&rolle=Administration",
      headers: admin.headers,
    });
    expect(response.statusCode).toBe(409);
  });

  it("signs a deactivated user out everywhere", async () => {
    await createUser(ctx, { benutzername: "geht", rollen: [{ oe: "63", rolle: "Lesen" }] });
    const session = await login(app, "geht");
    const off = await app.inject({
      method: "PATCH",
      url: "/api/v1/benutzer/geht",
      headers: admin.headers,
      payload: { aktiv: false },
    });
    expect(off.statusCode).toBe(200);
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: session.cookie } }))
        .statusCode,
    ).toBe(401);
  });
});

describe("API-Tokens", () => {
  it("shows a token once, authenticates with Bearer without CSRF, and stops working when revoked", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: clerk.headers,
      payload: { name: "Fachverfahren Bau" },
    });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json();
    expect(token).toMatch(/^akw_/);
    const stored = await ctx.db.query("SELECT token_hash FROM api_token WHERE id = $1", [apiToken.id]);
    expect(stored.rows[0]?.token_hash).not.toContain(token.slice(4));
    const listed = await app.inject({
      method: "GET",
      url: "/api/v1/api-tokens",
      headers: { cookie: clerk.cookie },
    });
    expect(JSON.stringify(listed.json())).not.toContain(token);

    const me = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ anmeldung: "token", benutzer: { benutzername: "mueller" } });

    const revoked = await app.inject({
      method: "DELETE",
      url: `/api/v1/api-tokens/${apiToken.id}`,
      headers: clerk.headers,
    });
    expect(revoked.statusCode).toBe(204);
    const after = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it("hides other users' tokens from a clerk (404) but not from the Administration", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: admin.headers,
      payload: { name: "Admin-Token" },
    });
    const id = created.json().apiToken.id;
    const foreign = await app.inject({
      method: "DELETE",
      url: `/api/v1/api-tokens/${id}`,
      headers: clerk.headers,
    });
    expect(foreign.statusCode).toBe(404);
    const forOther = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: clerk.headers,
      payload: { name: "fremd", benutzer: "admin" },
    });
    expect(forOther.statusCode).toBe(403);
  });

  it("lets no API token create a token, not even a full one", async () => {
    const voll = (
      await app.inject({
        method: "POST",
        url: "/api/v1/api-tokens",
        headers: clerk.headers,
        payload: { name: "voll" },
      })
    ).json().token as string;
    const vorher = await ctx.db.query("SELECT id FROM api_token");
    const r = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: { authorization: `Bearer ${voll}` },
      payload: { name: "Nachschub" },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().detail).toMatch(/nicht mit einem API-Token/);
    expect((await ctx.db.query("SELECT id FROM api_token")).rowCount).toBe(vorher.rowCount);
  });

  it("gives a new token a year unless told otherwise, and refuses more than two years", async () => {
    const standard = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: clerk.headers,
      payload: { name: "Standard", bereich: "lesen" },
    });
    expect(standard.statusCode).toBe(201);
    expect(standard.json().apiToken).toMatchObject({
      bereich: "lesen",
      laeuftAbAm: new Date(clock.now().getTime() + 365 * 86_400_000).toISOString(),
    });
    const zuLang = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: clerk.headers,
      payload: { name: "ewig", laeuftAbAm: new Date(clock.now().getTime() + 731 * 86_400_000).toISOString() },
    });
    expect(zuLang.statusCode).toBe(400);
    expect(zuLang.json().fehler[0].feld).toBe("/laeuftAbAm");
  });

  it("refuses an expired token", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: clerk.headers,
      payload: { name: "kurz", laeuftAbAm: new Date(clock.now().getTime() + 3600_000).toISOString() },
    });
    const { token } = created.json();
    expect(
      (
        await app.inject({
          method: "GET",
          url: "/api/v1/auth/me",
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
    ).toBe(200);
    clock.advance(2 * 3600_000);
    expect(
      (
        await app.inject({
          method: "GET",
          url: "/api/v1/auth/me",
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
    ).toBe(401);
    admin = await login(app, "admin");
    clerk = await login(app, "mueller");
  });
});

describe("Mein Konto", () => {
  const UA_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

  async function anmelden(benutzername: string, userAgent: string, passwort = TEST_PASSWORT) {
    const r = await app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "user-agent": userAgent },
      payload: { benutzername, passwort },
    });
    expect(r.statusCode).toBe(200);
    const cookie = `aktenwerk_sitzung=${r.cookies.find((c) => c.name === "aktenwerk_sitzung")!.value}`;
    return { cookie, headers: { cookie, "x-csrf-token": r.json().csrfToken as string } };
  }
  const me = (cookie: string) =>
    app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } }).then((r) => r.statusCode);
  const tokenGeht = (token: string) =>
    app
      .inject({ method: "GET", url: "/api/v1/auth/me", headers: { authorization: `Bearer ${token}` } })
      .then((r) => r.statusCode === 200);
  async function neuesToken(headers: Record<string, string>): Promise<string> {
    const r = await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers,
      payload: { name: "t" },
    });
    expect(r.statusCode).toBe(201);
    return r.json().token;
  }

  it("changes the own password only with the current one; a wrong one is 400 and a failed attempt", async () => {
    const user = await createUser(ctx, { rollen: [{ oe: "63", rolle: "Lesen" }] });
    const s = await anmelden(user.benutzername, UA_FIREFOX);
    const url = `/api/v1/benutzer/${user.id}/passwort`;
    const ohne = await app.inject({
      method: "PUT",
      url,
      headers: s.headers,
      payload: { passwort: "Neu-Passwort-1" },
    });
    expect(ohne.statusCode).toBe(400);
    expect(ohne.json().fehler).toContainEqual({ feld: "/aktuellesPasswort", meldung: "Pflichtfeld." });
    const falsch = await app.inject({
      method: "PUT",
      url,
      headers: s.headers,
      payload: { passwort: "Neu-Passwort-1", aktuellesPasswort: "falsch-falsch" },
    });
    expect(falsch.statusCode).toBe(400);
    expect(falsch.json().detail).toBe("Das bisherige Passwort ist falsch.");
    const versuche = await ctx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM anmeldeversuch WHERE benutzername = $1 AND NOT erfolgreich",
      [user.benutzername],
    );
    expect(versuche.rows[0]!.n).toBe(1);
    const protokoll = await ctx.db.query<{ akteur_id: string; details: { zweck: string } }>(
      "SELECT akteur_id, details FROM protokoll WHERE aktion = 'anmeldung.fehlgeschlagen' AND objekt_id = $1",
      [user.id],
    );
    expect(protokoll.rows.map((r) => [r.akteur_id, r.details.zweck])).toEqual([
      [user.id, "passwortaenderung"],
    ]);
    // The old password still works: nothing was changed.
    await anmelden(user.benutzername, UA_FIREFOX);
  });

  it("a password change ends the other sessions and revokes all tokens, keeping the current session", async () => {
    const user = await createUser(ctx, { rollen: [{ oe: "63", rolle: "Lesen" }] });
    const hier = await anmelden(user.benutzername, UA_FIREFOX);
    const dort = await anmelden(user.benutzername, "curl/8.0");
    const token = await neuesToken(hier.headers);
    expect(await tokenGeht(token)).toBe(true);
    const r = await app.inject({
      method: "PUT",
      url: `/api/v1/benutzer/${user.id}/passwort`,
      headers: hier.headers,
      payload: { passwort: "Neu-Passwort-1", aktuellesPasswort: TEST_PASSWORT },
    });
    expect(r.statusCode).toBe(204);
    expect(await me(hier.cookie)).toBe(200);
    expect(await me(dort.cookie)).toBe(401);
    expect(await tokenGeht(token)).toBe(false);
    const { rows } = await ctx.db.query<{ aktion: string; details: Record<string, unknown> }>(
      "SELECT aktion, details FROM protokoll WHERE objekt_id = $1 AND aktion IN ('benutzer.passwort_gesetzt', 'sitzungen.beendet', 'api_token.widerrufen') ORDER BY nr",
      [user.id],
    );
    expect(rows.map((e) => e.aktion)).toEqual([
      "benutzer.passwort_gesetzt",
      "sitzungen.beendet",
      "api_token.widerrufen",
    ]);
    expect(rows[1]!.details).toMatchObject({ anzahl: 1, grund: "passwort" });
  });

  it("an admin reset ends all sessions of the user and revokes their tokens, without the old password", async () => {
    const user = await createUser(ctx, { rollen: [{ oe: "63", rolle: "Lesen" }] });
    const s = await anmelden(user.benutzername, UA_FIREFOX);
    const token = await neuesToken(s.headers);
    const verweigert = await app.inject({
      method: "PUT",
      url: `/api/v1/benutzer/${user.id}/passwort`,
      headers: clerk.headers,
      payload: { passwort: "Neu-Passwort-1" },
    });
    expect(verweigert.statusCode).toBe(403);
    const r = await app.inject({
      method: "PUT",
      url: `/api/v1/benutzer/${user.id}/passwort`,
      headers: admin.headers,
      payload: { passwort: "Neu-Passwort-1" },
    });
    expect(r.statusCode).toBe(204);
    expect(await me(s.cookie)).toBe(401);
    expect(await tokenGeht(token)).toBe(false);
    expect(await me(admin.cookie)).toBe(200);
    await anmelden(user.benutzername, UA_FIREFOX, "Neu-Passwort-1");
  });

  it("lists the own sessions with device and the current one marked, and ends one", async () => {
    const user = await createUser(ctx, { rollen: [{ oe: "63", rolle: "Lesen" }] });
    const hier = await anmelden(user.benutzername, UA_FIREFOX);
    const dort = await anmelden(user.benutzername, "curl/8.0");
    const liste = await app.inject({
      method: "GET",
      url: "/api/v1/sitzungen",
      headers: { cookie: hier.cookie },
    });
    expect(liste.statusCode).toBe(200);
    const sitzungen = liste.json() as { id: string; geraet: string; aktuell: boolean; ip: string }[];
    expect(sitzungen).toHaveLength(2);
    const aktuelle = sitzungen.find((x) => x.aktuell)!;
    expect(aktuelle).toMatchObject({ geraet: "Firefox unter Windows", ip: "127.0.0.1" });
    expect(JSON.stringify(sitzungen)).not.toContain(hier.cookie.split("=")[1]!);
    const andere = sitzungen.find((x) => !x.aktuell)!;
    // Another user can neither see nor end it.
    const fremdeListe = await app.inject({
      method: "GET",
      url: "/api/v1/sitzungen",
      headers: { cookie: clerk.cookie },
    });
    expect(fremdeListe.json().map((x: { id: string }) => x.id)).not.toContain(andere.id);
    const fremd = await app.inject({
      method: "DELETE",
      url: `/api/v1/sitzungen/${andere.id}`,
      headers: clerk.headers,
    });
    expect(fremd.statusCode).toBe(404);
    expect(await me(dort.cookie)).toBe(200);
    const ende = await app.inject({
      method: "DELETE",
      url: `/api/v1/sitzungen/${andere.id}`,
      headers: hier.headers,
    });
    expect(ende.statusCode).toBe(204);
    expect(await me(dort.cookie)).toBe(401);
    expect(await me(hier.cookie)).toBe(200);
    const protokoll = await ctx.db.query(
      "SELECT 1 FROM protokoll WHERE aktion = 'sitzung.beendet' AND objekt_id = $1",
      [user.id],
    );
    expect(protokoll.rowCount).toBe(1);
  });

  it("lets the Administration end all sessions of a user, and nobody else", async () => {
    const user = await createUser(ctx, { rollen: [{ oe: "63", rolle: "Lesen" }] });
    const s = await anmelden(user.benutzername, UA_FIREFOX);
    const url = `/api/v1/benutzer/${user.id}/sitzungen-beenden`;
    expect((await app.inject({ method: "POST", url, headers: clerk.headers })).statusCode).toBe(403);
    expect(await me(s.cookie)).toBe(200);
    const r = await app.inject({ method: "POST", url, headers: admin.headers });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ beendet: 1 });
    expect(await me(s.cookie)).toBe(401);
  });
});

describe("Protokoll über die API", () => {
  it("is readable for the Administration and Datenschutz only, filtered by object", async () => {
    const denied = await app.inject({
      method: "GET",
      url: "/api/v1/protokoll",
      headers: { cookie: clerk.cookie },
    });
    expect(denied.statusCode).toBe(403);
    const me = (
      await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: clerk.cookie } })
    ).json();
    const response = await app.inject({
      method: "GET",
      url: `/api/v1/protokoll?objekt=${me.benutzer.id}&limit=500`,
      headers: { cookie: admin.cookie },
    });
    expect(response.statusCode).toBe(200);
    const aktionen = response.json().eintraege.map((e: { aktion: string }) => e.aktion);
    expect(aktionen).toContain("benutzer.angelegt");
    expect(aktionen).toContain("anmeldung");
    expect(response.json().eintraege.every((e: { objektId: string }) => e.objektId === me.benutzer.id)).toBe(
      true,
    );
  });
});
