import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { gleicheVerzeichnisbenutzerAbInTx } from "./verzeichnis.service.js";

let ctx: TestContext;
let app: FastifyInstance;
let admin: Session;
let sb: Session;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  await createOe(ctx, { kuerzel: "10", name: "Hauptamt" });
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  await createUser(ctx, { benutzername: "admin", rollen: [{ oe: "10", rolle: "Administration" }] });
  await createUser(ctx, { benutzername: "sb", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
  admin = await login(app, "admin");
  sb = await login(app, "sb");
  // Twelve people the directory has shown in GG-63-SB, as sign-ins or a sync would leave them.
  await ctx.db.transaction(async (tx) => {
    for (let i = 1; i <= 12; i++) {
      await gleicheVerzeichnisbenutzerAbInTx(ctx, tx, {
        quelle: i % 2 ? "oidc" : "ldap",
        externeKennung: `kennung-${i}`,
        benutzername: `person${i}`,
        vorname: "Person",
        nachname: `Nummer ${["Eins", "Zwei", "Drei"][i % 3]}`,
        email: null,
        gruppen: ["GG-63-SB"],
      });
    }
  });
});

afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Gruppenzuordnung über die API", () => {
  it("previews a new row: these 12 users would become Sachbearbeitung in 63", async () => {
    const r = await app.inject({
      method: "POST",
      url: "/api/v1/gruppenzuordnungen/vorschau",
      headers: admin.headers,
      payload: { gruppe: "gg-63-sb", oe: "63", rolle: "Sachbearbeitung" },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ anzahl: 12, neu: 12, oeKuerzel: "63", oeAktiv: true });
    expect(r.json().benutzer).toHaveLength(12);
  });

  it("creates, lists, changes and deletes rows (Administration)", async () => {
    const neu = await app.inject({
      method: "POST",
      url: "/api/v1/gruppenzuordnungen",
      headers: admin.headers,
      payload: { gruppe: "GG-63-SB", oe: "63", rolle: "Sachbearbeitung" },
    });
    expect(neu.statusCode).toBe(201);
    const id = neu.json().id as string;
    const liste = await app.inject({
      method: "GET",
      url: "/api/v1/gruppenzuordnungen",
      headers: admin.headers,
    });
    expect(liste.json()).toEqual([expect.objectContaining({ id, gruppe: "GG-63-SB", oeKuerzel: "63" })]);
    const geaendert = await app.inject({
      method: "PUT",
      url: `/api/v1/gruppenzuordnungen/${id}`,
      headers: admin.headers,
      payload: { gruppe: "GG-63-SB", oe: "63", rolle: "Leitung" },
    });
    expect(geaendert.json()).toMatchObject({ rolle: "Leitung" });
    const weg = await app.inject({
      method: "DELETE",
      url: `/api/v1/gruppenzuordnungen/${id}`,
      headers: admin.headers,
    });
    expect(weg.statusCode).toBe(204);
    const nochmal = await app.inject({
      method: "DELETE",
      url: `/api/v1/gruppenzuordnungen/${id}`,
      headers: admin.headers,
    });
    expect(nochmal.statusCode).toBe(404);
    expect(nochmal.headers["content-type"]).toMatch(/application\/problem\+json/);
  });

  it("answers a duplicate and an unknown OE with German problems", async () => {
    const eingabe = { gruppe: "GG-DOPPELT", oe: "63", rolle: "Lesen" };
    await app.inject({
      method: "POST",
      url: "/api/v1/gruppenzuordnungen",
      headers: admin.headers,
      payload: eingabe,
    });
    const doppelt = await app.inject({
      method: "POST",
      url: "/api/v1/gruppenzuordnungen",
      headers: admin.headers,
      payload: { ...eingabe, gruppe: "gg-doppelt" },
    });
    expect(doppelt.statusCode).toBe(409);
    expect(doppelt.json().detail).toBe(
      "Die Gruppe „gg-doppelt“ ist dieser OE mit dieser Rolle bereits zugeordnet.",
    );
    const oe = await app.inject({
      method: "POST",
      url: "/api/v1/gruppenzuordnungen",
      headers: admin.headers,
      payload: { ...eingabe, oe: "99" },
    });
    expect(oe.statusCode).toBe(400);
    expect(oe.json().fehler).toEqual([{ feld: "/oe", meldung: "Unbekannte Organisationseinheit." }]);
  });

  it("is closed to everyone but the Administration", async () => {
    for (const [method, url] of [
      ["GET", "/api/v1/gruppenzuordnungen"],
      ["POST", "/api/v1/gruppenzuordnungen"],
      ["POST", "/api/v1/gruppenzuordnungen/vorschau"],
    ] as const) {
      const r = await app.inject({
        method,
        url,
        headers: sb.headers,
        payload: method === "POST" ? { gruppe: "X", oe: "63", rolle: "Administration" } : undefined,
      });
      expect(r.statusCode).toBe(403);
    }
  });
});

describe("Anmeldedienste über die API", () => {
  it("shows the Administration what the environment configured, never a secret, and whether the break-glass account can get in", async () => {
    const vorher = { ...ctx.config };
    Object.assign(ctx.config, {
      oidc: {
        issuer: "https://login.kreis.example/realms/kreis",
        clientId: "aktenwerk",
        clientSecret: "streng-geheim-oidc",
        name: "Kreis-Login",
        gruppenClaim: "groups",
        mfaAcr: ["mfa"],
      },
      ldap: {
        url: "ldap://dc1.kreis.example:389",
        bindDn: "CN=svc-aktenwerk,OU=Dienste,DC=kreis,DC=example",
        bindPasswort: "streng-geheim-ldap",
        basisDn: "DC=kreis,DC=example",
        art: "ad",
        benutzerfilter: "(objectClass=user)",
        gruppenfilter: "(objectClass=group)",
        ca: null,
        syncMinuten: 60,
      },
      lokaleAnmeldung: false,
      notfallkonto: "admin",
    });
    try {
      const r = await app.inject({ method: "GET", url: "/api/v1/anmeldedienste", headers: admin.headers });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({
        oidc: {
          name: "Kreis-Login",
          issuer: "https://login.kreis.example/realms/kreis",
          clientId: "aktenwerk",
          mitClientSecret: true,
          gruppenClaim: "groups",
          mfaAcr: ["mfa"],
        },
        ldap: {
          url: "ldap://dc1.kreis.example:389",
          art: "ad",
          verschluesselung: "starttls",
          basisDn: "DC=kreis,DC=example",
          bindDn: "CN=svc-aktenwerk,OU=Dienste,DC=kreis,DC=example",
          benutzerfilter: "(objectClass=user)",
          gruppenfilter: "(objectClass=group)",
          syncMinuten: 60,
        },
        lokal: false,
        // The test helpers' admin signed in with a software passkey.
        notfallkonto: { benutzername: "admin", vorhanden: true, aktiv: true, zweiterFaktor: true },
      });
      expect(r.body).not.toMatch(/streng-geheim/);

      ctx.config.notfallkonto = "notfall";
      const fehlt = await app.inject({
        method: "GET",
        url: "/api/v1/anmeldedienste",
        headers: admin.headers,
      });
      expect(fehlt.json().notfallkonto).toEqual({
        benutzername: "notfall",
        vorhanden: false,
        aktiv: false,
        zweiterFaktor: false,
      });

      const verboten = await app.inject({
        method: "GET",
        url: "/api/v1/anmeldedienste",
        headers: sb.headers,
      });
      expect(verboten.statusCode).toBe(403);
    } finally {
      Object.assign(ctx.config, vorher);
    }
  });

  it("shows nothing configured on a plain installation", async () => {
    const r = await app.inject({ method: "GET", url: "/api/v1/anmeldedienste", headers: admin.headers });
    expect(r.json()).toEqual({ oidc: null, ldap: null, lokal: true, notfallkonto: null });
  });
});
