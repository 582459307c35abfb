import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { importTestAktenplan, TEST_AKTENPLAN } from "../../../../test/helpers/schriftgut.js";

/** Units holding Akten: the Aktenplan asks Schriftgut (a layer above) through the composition root. */
let ctx: TestContext;
let app: FastifyInstance;
let reg: Session;
let clerk: Session;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  for (const k of ["63", "51", "11", "10"]) await createOe(ctx, { kuerzel: k });
  await createUser(ctx, { benutzername: "reg", rollen: [{ oe: "10", rolle: "Registratur" }] });
  await createUser(ctx, { benutzername: "sb63", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
  reg = await login(app, "reg");
  clerk = await login(app, "sb63");
  await importTestAktenplan(ctx);
  for (const betreff of ["Voranfrage Lindenweg", "Voranfrage Mühlgasse"]) {
    const akte = await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: clerk.headers,
      payload: { aktenplaneinheit: "63.20", betreff, federfuehrendeOe: "63" },
    });
    expect(akte.statusCode).toBe(201);
  }
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Aktenplan: Einheiten mit Akten", () => {
  it("counts the Akten of each unit in the list and in the unit", async () => {
    const liste = (
      await app.inject({ method: "GET", url: "/api/v1/aktenplan", headers: { cookie: clerk.cookie } })
    ).json().einheiten as { kennzeichen: string; anzahlAkten: number }[];
    const anzahl = Object.fromEntries(liste.map((e) => [e.kennzeichen, e.anzahlAkten]));
    expect(anzahl).toMatchObject({ "63.20": 2, "63.10": 0, "63": 0 });
    const einheit = await app.inject({
      method: "GET",
      url: "/api/v1/aktenplan/63.20",
      headers: { cookie: clerk.cookie },
    });
    expect(einheit.json()).toMatchObject({ kennzeichen: "63.20", anzahlAkten: 2 });
  });

  it("counts for each reader only the Akten they may see: a hidden Akte changes no number", async () => {
    await createUser(ctx, { benutzername: "pa11", rollen: [{ oe: "11", rolle: "Sachbearbeitung" }] });
    const pa = await login(app, "pa11");
    const zaehle = async (s: Session) =>
      Object.fromEntries(
        (
          (
            await app.inject({ method: "GET", url: "/api/v1/aktenplan", headers: { cookie: s.cookie } })
          ).json().einheiten as { kennzeichen: string; anzahlAkten: number }[]
        ).map((e) => [e.kennzeichen, e.anzahlAkten]),
      );
    const vorher = await zaehle(clerk);
    const personalakte = await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: pa.headers,
      payload: { aktenplaneinheit: "02.30", betreff: "Personalakte X", federfuehrendeOe: "11" },
    });
    expect(personalakte.statusCode).toBe(201);
    // The clerk of 63 sees no change anywhere; its author sees it counted.
    expect(await zaehle(clerk)).toEqual(vorher);
    expect((await zaehle(pa))["02.30"]).toBe(1);
    const einheit = await app.inject({
      method: "GET",
      url: "/api/v1/aktenplan/02.30",
      headers: { cookie: clerk.cookie },
    });
    expect(einheit.json().anzahlAkten).toBe(0);
  });

  it("refuses a unit moved under a unit holding Akten", async () => {
    const verschoben = await app.inject({
      method: "PATCH",
      url: "/api/v1/aktenplan/63.10",
      headers: reg.headers,
      payload: { uebergeordnet: "63.20" },
    });
    expect(verschoben.statusCode).toBe(400);
    expect(verschoben.json().fehler).toEqual([
      {
        feld: "/uebergeordnet",
        meldung: "Unter 63.20 liegen bereits Akten; dort können keine Untereinheiten entstehen.",
      },
    ]);
  });

  it("refuses a CSV row under a unit holding Akten, naming line and column, and changes nothing", async () => {
    const zeilen = TEST_AKTENPLAN.trimEnd().split("\n");
    const csv = [...zeilen, "63.20.1;Unter Vorbescheiden;63.20;;;;nein;;nein;"].join("\n");
    const antwort = await app.inject({
      method: "POST",
      url: "/api/v1/aktenplan/import",
      headers: { ...reg.headers, "content-type": "text/csv" },
      payload: csv,
    });
    expect(antwort.statusCode).toBe(400);
    expect(antwort.json().fehler).toEqual([
      {
        feld: `Zeile ${zeilen.length + 1}, Spalte 3 (uebergeordnet)`,
        meldung: "Unter 63.20 liegen bereits Akten; dort können keine Untereinheiten entstehen.",
      },
    ]);
    const neu = await app.inject({
      method: "GET",
      url: "/api/v1/aktenplan/63.20.1",
      headers: { cookie: clerk.cookie },
    });
    expect(neu.statusCode).toBe(404);
  });

  it("deletes no unit holding Akten", async () => {
    const del = await app.inject({ method: "DELETE", url: "/api/v1/aktenplan/63.20", headers: reg.headers });
    expect(del.statusCode).toBe(409);
    expect(del.json().detail).toBe(
      "Unter 63.20 sind Akten abgelegt. Die Einheit kann geschlossen, aber nicht gelöscht werden.",
    );
  });
});
