import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { anfrage, type Methode } from "../helpers/anfrage.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { createOe, createUser, login, TEST_PASSWORT, type Session } from "../helpers/factories.js";
import { importTestAktenplan } from "../helpers/schriftgut.js";

// Routes of the account and the organisation no test called with success (issue #12 item 9):
// changing the own password, reading one OE and changing it, the user directory, and giving and
// taking a role.

let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
const ids: Record<string, string> = {};

const api = (who: string, methode: Methode, pfad: string, payload?: unknown) =>
  anfrage(app, s[who]!, methode, pfad, payload);

const anmelden = (benutzername: string, passwort: string) =>
  app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { benutzername, passwort } });

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  await createOe(ctx, { kuerzel: "51", name: "Jugendamt" });
  await createOe(ctx, { kuerzel: "11", name: "Personalamt" });
  await createOe(ctx, { kuerzel: "10", name: "Hauptamt" });
  await importTestAktenplan(ctx);
  for (const [name, oe, rolle, vorname, nachname] of [
    ["mueller", "63", "Sachbearbeitung", "Jürgen", "Müller"],
    ["schulz", "63", "Lesen", "Sabine", "Schulz"],
    ["weber", "51", "Sachbearbeitung", "Tom", "Weber"],
    ["admin", "10", "Administration", "Ada", "Admin"],
  ] as const) {
    ids[name] = (
      await createUser(ctx, { benutzername: name, vorname, nachname, rollen: [{ oe, rolle }] })
    ).id;
    s[name] = await login(app, name);
  }
});

afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("changing the own password", () => {
  it("signs in with the new password afterwards, no longer with the old one", async () => {
    const user = await createUser(ctx, { benutzername: "wechsel", rollen: [{ oe: "63", rolle: "Lesen" }] });
    s.wechsel = await login(app, "wechsel");
    const r = await api("wechsel", "PUT", `/benutzer/${user.id}/passwort`, {
      passwort: "Herbst-Laub-2026",
      aktuellesPasswort: TEST_PASSWORT,
    });
    expect(r.statusCode, r.body).toBe(204);

    const alt = await anmelden("wechsel", TEST_PASSWORT);
    expect(alt.statusCode).toBe(401);
    expect(alt.json().title).toBe("Benutzername oder Passwort ist falsch.");
    const neu = await anmelden("wechsel", "Herbst-Laub-2026");
    expect(neu.statusCode).toBe(200);
    // The session that changed it stays signed in.
    expect((await api("wechsel", "GET", "/auth/me")).statusCode).toBe(200);
  });

  it("refuses another user's password, a too short one and an API token; the password stays", async () => {
    const fremd = await api("schulz", "PUT", `/benutzer/${ids.mueller}/passwort`, {
      passwort: "Uebernahme-2026",
      aktuellesPasswort: TEST_PASSWORT,
    });
    expect(fremd.statusCode).toBe(403);
    expect(fremd.json().title).toBe("Dafür fehlt Ihnen die Berechtigung.");

    const kurz = await api("mueller", "PUT", `/benutzer/${ids.mueller}/passwort`, {
      passwort: "kurz",
      aktuellesPasswort: TEST_PASSWORT,
    });
    expect(kurz.statusCode).toBe(400);
    expect(kurz.json().fehler).toEqual([{ feld: "/passwort", meldung: expect.stringMatching(/8 Zeichen/) }]);

    const token = await api("mueller", "POST", "/api-tokens", { name: "Fachverfahren" });
    expect(token.statusCode, token.body).toBe(201);
    const mitToken = await app.inject({
      method: "PUT",
      url: `/api/v1/benutzer/${ids.mueller}/passwort`,
      headers: { authorization: `Bearer ${token.json().token}` },
      payload: { passwort: "Token-Passwort-2026", aktuellesPasswort: TEST_PASSWORT },
    });
    expect(mitToken.statusCode).toBe(403);
    expect(mitToken.json().detail).toBe(
      "Das geht nur in einer angemeldeten Sitzung, nicht mit einem API-Token.",
    );

    expect((await anmelden("mueller", TEST_PASSWORT)).statusCode).toBe(200);
  });
});

describe("the organisation", () => {
  it("shows one OE by its Kürzel or id, and says in German when there is none", async () => {
    const r = await api("mueller", "GET", "/organisationseinheiten/63");
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ kuerzel: "63", name: "Bauaufsicht", art: "Amt", aktiv: true });
    expect((await api("mueller", "GET", `/organisationseinheiten/${r.json().id}`)).json().kuerzel).toBe("63");
    const keine = await api("mueller", "GET", "/organisationseinheiten/99");
    expect(keine.statusCode).toBe(404);
    expect(keine.json().title).toMatch(/nicht gefunden/);
  });

  it("lets the Administration rename an OE, and nobody else", async () => {
    const oe = await createOe(ctx, { kuerzel: "32", name: "Ordnungsamt" });
    const verweigert = await api("mueller", "PATCH", `/organisationseinheiten/${oe.id}`, {
      name: "Gekapert",
    });
    expect(verweigert.statusCode).toBe(403);
    const r = await api("admin", "PATCH", `/organisationseinheiten/${oe.id}`, {
      name: "Ordnungs- und Straßenverkehrsamt",
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ kuerzel: "32", name: "Ordnungs- und Straßenverkehrsamt" });
    expect((await api("mueller", "GET", "/organisationseinheiten/32")).json().name).toBe(
      "Ordnungs- und Straßenverkehrsamt",
    );
  });

  it("lists the users of an OE in the directory", async () => {
    const r = await api("mueller", "GET", "/benutzer?oe=63");
    expect(r.statusCode, r.body).toBe(200);
    const namen = (r.json() as { benutzername: string; anzeigename: string }[]).map((b) => b.benutzername);
    expect(namen).toEqual(expect.arrayContaining(["mueller", "schulz"]));
    expect(namen).not.toContain("weber");
    expect(r.json()).toContainEqual(
      expect.objectContaining({ benutzername: "mueller", anzeigename: "Jürgen Müller", aktiv: true }),
    );
    const alle = (await api("mueller", "GET", "/benutzer")).json() as { benutzername: string }[];
    expect(alle.map((b) => b.benutzername)).toEqual(expect.arrayContaining(["mueller", "weber", "admin"]));
  });

  it("gives a role in another OE and takes it again: the user sees that OE's Akten only meanwhile", async () => {
    const akte = await api("mueller", "POST", "/akten", {
      aktenplaneinheit: "63.20",
      betreff: "Vorbescheid Am Markt 2",
      federfuehrendeOe: "63",
    });
    expect(akte.statusCode, akte.body).toBe(201);
    const pfad = `/akten/${akte.json().id}`;
    expect((await api("weber", "GET", pfad)).statusCode).toBe(404);

    const verweigert = await api("mueller", "POST", "/benutzer/weber/mitgliedschaften", {
      oe: "63",
      rolle: "Lesen",
    });
    expect(verweigert.statusCode).toBe(403);

    const geben = await api("admin", "POST", "/benutzer/weber/mitgliedschaften", {
      oe: "63",
      rolle: "Lesen",
    });
    expect(geben.statusCode, geben.body).toBe(200);
    expect(geben.json()).toContainEqual(expect.objectContaining({ oeKuerzel: "63", rolle: "Lesen" }));
    expect((await api("weber", "GET", pfad)).json().betreff).toBe("Vorbescheid Am Markt 2");
    expect((await api("weber", "GET", "/auth/me")).json().rollen).toEqual(
      expect.arrayContaining(["Sachbearbeitung", "Lesen"]),
    );

    const nehmen = await api("admin", "DELETE", "/benutzer/weber/mitgliedschaften?oe=63&rolle=Lesen");
    expect(nehmen.statusCode, nehmen.body).toBe(200);
    expect(nehmen.json()).toEqual([expect.objectContaining({ oeKuerzel: "51", rolle: "Sachbearbeitung" })]);
    expect((await api("weber", "GET", pfad)).statusCode).toBe(404);
  });
});
