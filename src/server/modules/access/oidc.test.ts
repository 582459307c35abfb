import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { ManualClock } from "../../platform/clock.js";
import type { Config } from "../../platform/config.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { akteurVon, createOe, createUser, login, TEST_PASSWORT } from "../../../../test/helpers/factories.js";
import { meldeBeimAnbieterAn, starteOidcAnbieter, type TestAnbieter } from "../../../../test/helpers/oidc.js";
import { updateBenutzer } from "./access.service.js";
import { oidcFaktorDerSitzung } from "./oidc.service.js";
import { setzeZweiterFaktorPflicht } from "./zweiter-faktor.service.js";
import { legeGruppenzuordnungAn } from "./verzeichnis.service.js";

const BASIS = "http://aktenwerk.test";
let ctx: TestContext;
let app: FastifyInstance;
let anbieter: TestAnbieter;
const clock = new ManualClock(new Date());
let adminAkteur: Awaited<ReturnType<typeof akteurVon>>;

function oidcConfig(issuer: string): Partial<Config> {
  return {
    basisUrl: BASIS,
    oidc: {
      issuer,
      clientId: "aktenwerk",
      mfaAcr: [],
      clientSecret: "geheim-nur-fuer-tests-0123456789abcdef",
      name: "Kreis-Login",
      gruppenClaim: "groups",
    },
  };
}

beforeAll(async () => {
  anbieter = await starteOidcAnbieter({
    redirectUri: `${BASIS}/api/v1/auth/oidc/rueckkehr`,
    postLogoutRedirectUri: `${BASIS}/`,
  });
  ctx = await createTestContext({ clock, config: oidcConfig(anbieter.issuer) });
  app = await buildApp(ctx);
  await createOe(ctx, { kuerzel: "10", name: "Hauptamt" });
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  const admin = await createUser(ctx, {
    benutzername: "admin",
    rollen: [{ oe: "10", rolle: "Administration" }],
  });
  const a = await akteurVon(ctx, admin);
  adminAkteur = a;
  await legeGruppenzuordnungAn(ctx, a, { gruppe: "GG-63-SB", oe: "63", rolle: "Sachbearbeitung" });
  await legeGruppenzuordnungAn(ctx, a, { gruppe: "gg-63-l", oe: "63", rolle: "Leitung" });
});

afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
  await anbieter?.stop();
});

/** Starts at Aktenwerk: the provider's URL and the cookie with state, nonce and verifier. */
async function starte(zurueck?: string, a: FastifyInstance = app): Promise<{ ort: string; keks: string }> {
  const r = await a.inject({
    method: "GET",
    url: `/api/v1/auth/oidc/start${zurueck ? `?zurueck=${encodeURIComponent(zurueck)}` : ""}`,
  });
  expect(r.statusCode).toBe(303);
  const c = r.cookies.find((k) => k.name === "aktenwerk_oidc");
  return { ort: r.headers.location as string, keks: c ? `aktenwerk_oidc=${c.value}` : "" };
}

/** Hands the provider's redirect to Aktenwerk's callback, as the browser would. */
/** Back from the provider; the browser is a phone, as a sign-in on the go would be. */
async function kehreZurueck(rueck: URL, keks: string) {
  return app.inject({
    method: "GET",
    url: `${rueck.pathname}${rueck.search}`,
    headers: { cookie: keks, "user-agent": IPHONE },
  });
}

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

async function abgewiesen(): Promise<string[]> {
  const { rows } = await ctx.db.query<{ grund: string }>(
    "SELECT details->>'grund' AS grund FROM protokoll WHERE aktion = 'anmeldung.oidc_abgewiesen' ORDER BY nr",
  );
  return rows.map((r) => r.grund);
}

async function anzahlSitzungen(): Promise<number> {
  const { rows } = await ctx.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM sitzung WHERE anmeldeverfahren = 'oidc'",
  );
  return rows[0]!.n;
}

describe("Anmeldung über OpenID Connect", () => {
  it("offers the provider by name on the login page", async () => {
    const r = await app.inject({ method: "GET", url: "/api/v1/auth/verfahren" });
    expect(r.json()).toEqual({ lokal: true, oidc: { name: "Kreis-Login" } });
  });

  it("signs a person in with code + PKCE, creates them just in time with the mapped OE and role", async () => {
    const { ort, keks } = await starte("/akten?x=1");
    const autorisierung = new URL(ort);
    expect(autorisierung.origin).toBe(anbieter.issuer);
    expect(autorisierung.searchParams.get("code_challenge_method")).toBe("S256");
    expect(autorisierung.searchParams.get("redirect_uri")).toBe(`${BASIS}/api/v1/auth/oidc/rueckkehr`);
    const rueck = await meldeBeimAnbieterAn(ort, "b.bauer");
    const r = await kehreZurueck(rueck, keks);
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe("/akten?x=1");
    const sitzung = r.cookies.find((c) => c.name === "aktenwerk_sitzung")!;
    expect(sitzung.httpOnly).toBe(true);
    const me = await app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { cookie: `aktenwerk_sitzung=${sitzung.value}` },
    });
    expect(me.json()).toMatchObject({
      benutzer: { benutzername: "b.bauer", anzeigename: "Berta Bauer", email: "b.bauer@kreis.example" },
      rollen: ["Sachbearbeitung"],
      organisationseinheiten: [{ kuerzel: "63" }],
    });
    // The same CSRF protection as after a password sign-in.
    expect(me.json().csrfToken).toEqual(expect.any(String));
    const { rows } = await ctx.db.query(
      "SELECT details FROM protokoll WHERE aktion = 'anmeldung' ORDER BY nr DESC LIMIT 1",
    );
    // Only the device class is kept, never the User-Agent (Kennzahl "anmeldungen.mobil").
    expect(rows[0]!.details).toMatchObject({ verfahren: "oidc", geraet: "telefon" });
    expect(JSON.stringify(rows[0]!.details)).not.toMatch(/iPhone|Safari|Mozilla/);
  });

  it("keeps acr and amr of the provider with the session for the second-factor rules", async () => {
    const { rows } = await ctx.db.query<{ id: string }>(
      "SELECT s.id FROM sitzung s JOIN benutzer b ON b.id = s.benutzer_id WHERE b.benutzername = 'b.bauer'",
    );
    expect(await oidcFaktorDerSitzung(ctx, rows[0]!.id)).toEqual({ acr: "mfa", amr: ["pwd", "otp"] });
  });

  it("finds the person again on the next sign-in (same account, no duplicate)", async () => {
    const { ort, keks } = await starte();
    const r = await kehreZurueck(await meldeBeimAnbieterAn(ort, "b.bauer"), keks);
    expect(r.headers.location).toBe("/");
    const { rows } = await ctx.db.query(
      "SELECT count(*)::int AS n FROM benutzer WHERE email = 'b.bauer@kreis.example'",
    );
    expect(rows[0]!.n).toBe(1);
  });

  it("never sends the browser elsewhere after sign-in than into Aktenwerk", async () => {
    for (const boese of [
      "https://boese.example/",
      "//boese.example/x",
      "/\\boese.example",
      "/api/v1/auth/logout",
    ]) {
      const { ort, keks } = await starte(boese);
      const r = await kehreZurueck(await meldeBeimAnbieterAn(ort, "l.lange"), keks);
      expect(r.headers.location).toBe("/");
    }
  });

  it("signs out at the provider too (RP-initiated logout with id_token_hint)", async () => {
    const { ort, keks } = await starte();
    const r = await kehreZurueck(await meldeBeimAnbieterAn(ort, "l.lange"), keks);
    const cookie = `aktenwerk_sitzung=${r.cookies.find((c) => c.name === "aktenwerk_sitzung")!.value}`;
    const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } });
    const aus = await app.inject({
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: { cookie, "x-csrf-token": me.json().csrfToken },
    });
    expect(aus.statusCode).toBe(200);
    const ziel = new URL(aus.json().weiterleitung);
    expect(`${ziel.origin}${ziel.pathname}`).toBe(`${anbieter.issuer}/session/end`);
    expect(ziel.searchParams.get("id_token_hint")).toMatch(/^ey/);
    expect(ziel.searchParams.get("post_logout_redirect_uri")).toBe(`${BASIS}/`);
    const danach = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie } });
    expect(danach.statusCode).toBe(401);
    // A password session signs out as before.
    const lokal = await login(app, "admin", TEST_PASSWORT, { origin: BASIS });
    const lokalAus = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: lokal.headers });
    expect(lokalAus.statusCode).toBe(204);
  });

  it("refuses a deactivated account", async () => {
    const { rows } = await ctx.db.query<{ id: string }>(
      "SELECT id FROM benutzer WHERE benutzername = 'l.lange'",
    );
    await updateBenutzer(ctx, "system", rows[0]!.id, { aktiv: false });
    const { ort, keks } = await starte();
    const r = await kehreZurueck(await meldeBeimAnbieterAn(ort, "l.lange"), keks);
    expect(r.headers.location).toBe("/?oidc=deaktiviert");
    expect(r.cookies.find((c) => c.name === "aktenwerk_sitzung")?.value ?? "").toBe("");
    await updateBenutzer(ctx, "system", rows[0]!.id, { aktiv: true });
  });

  it("requires the provider's second factor (acr/amr) where the role requires one", async () => {
    const admin = adminAkteur;
    await setzeZweiterFaktorPflicht(ctx, admin, ["Leitung", "Sachbearbeitung"]);
    try {
      // l.lange (Leitung) signs in at the provider with a password only: refused, with the reason.
      const ohne = await starte();
      const r = await kehreZurueck(await meldeBeimAnbieterAn(ohne.ort, "l.lange"), ohne.keks);
      expect(r.headers.location).toBe("/?oidc=zweiter_faktor");
      expect(r.cookies.find((c) => c.name === "aktenwerk_sitzung")?.value ?? "").toBe("");
      expect((await abgewiesen()).at(-1)).toMatch(/zweiten Faktor/);
      // b.bauer's provider reports otp (amr): in, and the Protokoll names the factor.
      const mit = await starte();
      const ok = await kehreZurueck(await meldeBeimAnbieterAn(mit.ort, "b.bauer"), mit.keks);
      expect(ok.headers.location).toBe("/");
      const p = await ctx.db.query(
        "SELECT details FROM protokoll WHERE aktion = 'anmeldung' ORDER BY nr DESC LIMIT 1",
      );
      expect(p.rows[0]!.details).toMatchObject({ verfahren: "oidc", faktor: "oidc:pwd+otp" });
    } finally {
      await setzeZweiterFaktorPflicht(ctx, admin, []);
    }
  });
});

describe("Anmeldung über OpenID Connect: was abgewiesen wird", () => {
  it("refuses a callback without the cookie of the started sign-in", async () => {
    const { ort } = await starte();
    const r = await kehreZurueck(await meldeBeimAnbieterAn(ort, "b.bauer"), "");
    expect(r.headers.location).toBe("/?oidc=abgelaufen");
    expect((await abgewiesen()).at(-1)).toMatch(/^state: Cookie fehlt/);
  });

  it("refuses a callback with a wrong or missing state", async () => {
    const { ort, keks } = await starte();
    const rueck = await meldeBeimAnbieterAn(ort, "b.bauer");
    const falsch = new URL(rueck);
    falsch.searchParams.set("state", "angreifer-state");
    expect((await kehreZurueck(falsch, keks)).headers.location).toBe("/?oidc=abgelaufen");
    const ohne = new URL(rueck);
    ohne.searchParams.delete("state");
    expect((await kehreZurueck(ohne, keks)).headers.location).toBe("/?oidc=abgelaufen");
    expect((await abgewiesen()).at(-1)).toMatch(/^state: passt nicht/);
  });

  it("refuses a tampered cookie (signature)", async () => {
    const { ort, keks } = await starte();
    const rueck = await meldeBeimAnbieterAn(ort, "b.bauer");
    const [daten, mac] = keks.slice("aktenwerk_oidc=".length).split(".");
    const v = JSON.parse(Buffer.from(daten!, "base64url").toString()) as Record<string, unknown>;
    const anders = Buffer.from(JSON.stringify({ ...v, z: "/anderswo" })).toString("base64url");
    const r = await kehreZurueck(rueck, `aktenwerk_oidc=${anders}.${mac}`);
    expect(r.headers.location).toBe("/?oidc=abgelaufen");
  });

  it("refuses a replayed authorization code (the provider redeems it once)", async () => {
    const { ort, keks } = await starte();
    const rueck = await meldeBeimAnbieterAn(ort, "b.bauer");
    const vorher = await anzahlSitzungen();
    expect((await kehreZurueck(rueck, keks)).headers.location).toBe("/");
    const nochmal = await kehreZurueck(rueck, keks);
    expect(nochmal.headers.location).toBe("/?oidc=abgewiesen");
    expect(await anzahlSitzungen()).toBe(vorher + 1);
    expect((await abgewiesen()).at(-1)).toMatch(/invalid_grant/);
  });

  it("refuses the sign-in the user cancelled at the provider", async () => {
    const { ort, keks } = await starte();
    const rueck = await meldeBeimAnbieterAn(ort, "niemand");
    expect(rueck.searchParams.get("error")).toBe("access_denied");
    expect((await kehreZurueck(rueck, keks)).headers.location).toBe("/?oidc=abgewiesen");
  });

  const gefaelscht: [string, Parameters<TestAnbieter["faelscheIdToken"]>[0], RegExp][] = [
    [
      "an ID token for another audience (re-signed by the test's token endpoint)",
      { claims: (c) => ({ ...c, aud: "anderer-dienst" }) },
      /aud/,
    ],
    [
      "an ID token with a wrong nonce (re-signed by the test's token endpoint)",
      { claims: (c) => ({ ...c, nonce: "fremd" }) },
      /nonce/,
    ],
    [
      "an expired ID token (re-signed by the test's token endpoint)",
      {
        claims: (c) => ({
          ...c,
          iat: Math.floor(Date.now() / 1000) - 7200,
          exp: Math.floor(Date.now() / 1000) - 3600,
        }),
      },
      /exp/,
    ],
    [
      "an ID token signed with a key the provider never published (forged by the test)",
      { fremderSchluessel: true },
      /.+/,
    ],
  ];
  for (const [name, faelschung, grund] of gefaelscht) {
    it(`refuses ${name} and records it`, async () => {
      const { ort, keks } = await starte();
      const rueck = await meldeBeimAnbieterAn(ort, "b.bauer");
      const vorher = await anzahlSitzungen();
      anbieter.faelscheIdToken(faelschung);
      try {
        const r = await kehreZurueck(rueck, keks);
        expect(r.headers.location).toBe("/?oidc=abgewiesen");
      } finally {
        anbieter.faelscheIdToken(null);
      }
      expect(await anzahlSitzungen()).toBe(vorher);
      expect((await abgewiesen()).at(-1)).toMatch(grund);
    });
  }
});

describe("Anmeldedienst gestört, lokale Anmeldung abgeschaltet", () => {
  let gestoert: FastifyInstance;

  beforeAll(async () => {
    // A provider that was there and is gone: its port is closed.
    const weg = await starteOidcAnbieter({ redirectUri: `${BASIS}/r`, postLogoutRedirectUri: `${BASIS}/` });
    await weg.stop();
    await createUser(ctx, { benutzername: "notfall", rollen: [{ oe: "10", rolle: "Administration" }] });
    gestoert = await buildApp({
      ...ctx,
      config: { ...ctx.config, ...oidcConfig(weg.issuer), lokaleAnmeldung: false, notfallkonto: "notfall" },
    });
  });

  afterAll(async () => {
    await gestoert.close();
  });

  it("sends the browser back to the login page with the reason when the provider is down", async () => {
    const r = await gestoert.inject({ method: "GET", url: "/api/v1/auth/oidc/start" });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe("/?oidc=nicht_erreichbar");
  });

  it("lets the break-glass account in with its password and nobody else", async () => {
    expect((await gestoert.inject({ method: "GET", url: "/api/v1/auth/verfahren" })).json()).toMatchObject({
      lokal: false,
    });
    // The break-glass account is an Administration account: password, then its second factor.
    const notfall = await login(gestoert, "notfall", TEST_PASSWORT, { origin: BASIS });
    const me = await gestoert.inject({ method: "GET", url: "/api/v1/auth/me", headers: notfall.headers });
    expect(me.json().benutzer.benutzername).toBe("notfall");
    const andere = await gestoert.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { benutzername: "admin", passwort: TEST_PASSWORT },
    });
    expect(andere.statusCode).toBe(401);
  });
});
