import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { TEST_AKTENPLAN } from "../../../../test/helpers/schriftgut.js";

let ctx: TestContext;
let app: FastifyInstance;
let reg: Session;
let clerk: Session;
let admin: Session;

const HEADER =
  "kennzeichen;titel;uebergeordnet;beschreibung;aufbewahrungsfrist;archivwuerdigkeit;zugriffsbeschraenkung;zustaendige_oe;geschlossen;metadatenfelder";
const importCsv = (session: Session, csv: string, probe = false) =>
  app.inject({
    method: "POST",
    url: `/api/v1/aktenplan/import${probe ? "?probe=true" : ""}`,
    headers: { ...session.headers, "content-type": "text/csv" },
    payload: csv,
  });
const einheiten = async () =>
  (await app.inject({ method: "GET", url: "/api/v1/aktenplan", headers: { cookie: clerk.cookie } })).json()
    .einheiten as {
    kennzeichen: string;
    titel: string;
    version: number;
    geschlossen: boolean;
    blatt: boolean;
  }[];

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  for (const k of ["63", "51", "11", "10"]) await createOe(ctx, { kuerzel: k });
  await createUser(ctx, { benutzername: "reg", rollen: [{ oe: "10", rolle: "Registratur" }] });
  await createUser(ctx, { benutzername: "sb63", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
  await createUser(ctx, { benutzername: "admin", rollen: [{ oe: "10", rolle: "Administration" }] });
  reg = await login(app, "reg");
  clerk = await login(app, "sb63");
  admin = await login(app, "admin");
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Aktenplan", () => {
  it("imports a CSV only for the Registratur, and reports created, changed and unchanged units", async () => {
    expect((await importCsv(clerk, TEST_AKTENPLAN)).statusCode).toBe(403);
    const first = await importCsv(reg, TEST_AKTENPLAN);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ probelauf: false, angelegt: 9, geaendert: 0, unveraendert: 0 });
    const again = await importCsv(
      reg,
      TEST_AKTENPLAN.replace("63.20;Vorbescheide", "63.20;Vorbescheide und Bauvoranfragen"),
    );
    expect(again.json()).toEqual({
      probelauf: false,
      angelegt: 0,
      geaendert: 1,
      unveraendert: 8,
      aenderungen: [
        {
          art: "geaendert",
          kennzeichen: "63.20",
          titel: "Vorbescheide und Bauvoranfragen",
          felder: ["titel"],
        },
      ],
    });
    const unit = await app.inject({
      method: "GET",
      url: "/api/v1/aktenplan/63.20",
      headers: { cookie: clerk.cookie },
    });
    expect(unit.json()).toMatchObject({
      titel: "Vorbescheide und Bauvoranfragen",
      version: 2,
      versionen: [{ version: 1, stand: { titel: "Vorbescheide" } }],
    });
  });

  it("sorts Kennzeichen naturally (2 before 10, 63.3 before 63.10), not as strings, and marks leaves", async () => {
    const anlegen = (kennzeichen: string, uebergeordnet: string | null) =>
      app.inject({
        method: "POST",
        url: "/api/v1/aktenplan",
        headers: reg.headers,
        payload: { kennzeichen, titel: `Sortierprobe ${kennzeichen}`, uebergeordnet },
      });
    for (const [k, eltern] of [
      ["10", null],
      ["63.3", "63"],
    ] as const)
      expect((await anlegen(k, eltern)).statusCode).toBe(201);
    try {
      const list = await einheiten();
      const ks = list.map((e) => e.kennzeichen);
      const natuerlich = ["0", "02.30", "5", "6", "10", "50.10", "63", "63.3", "63.10", "63.20", "63.90"];
      expect(ks).toEqual(natuerlich);
      // A plain string sort would put 10 before 5 and 63.10 before 63.3: the order above is not that.
      expect([...ks].sort()).not.toEqual(natuerlich);
      const blatt = Object.fromEntries(list.map((e) => [e.kennzeichen, e.blatt]));
      expect(blatt).toMatchObject({
        "6": false,
        "63": false,
        "63.10": true,
        "63.3": true,
        "0": false,
        "02.30": true,
      });
    } finally {
      for (const k of ["10", "63.3"])
        expect(
          (await app.inject({ method: "DELETE", url: `/api/v1/aktenplan/${k}`, headers: reg.headers }))
            .statusCode,
        ).toBe(204);
    }
  });

  it("rejects a malformed CSV naming line and column, and changes nothing", async () => {
    const before = await einheiten();
    const csv = [
      HEADER,
      "70;Umwelt;;;10;A;nein;;nein;",
      "70.1;Wasser;70;;zehn;X;vielleicht;99;nein;",
      "70;Doppelt;;;;;nein;;nein;",
      "71.1;Ohne Eltern;71;;;;nein;;nein;",
      '72.1;Kaputte Felder;70;;;;nein;;nein;[{"typ":"Farbe"}]',
    ].join("\n");
    const r = await importCsv(reg, csv);
    expect(r.statusCode).toBe(400);
    const fehler = r.json().fehler as { feld: string; meldung: string }[];
    expect(fehler).toEqual(
      expect.arrayContaining([
        { feld: "Zeile 3, Spalte 5 (aufbewahrungsfrist)", meldung: expect.stringMatching(/Jahre/) },
        { feld: "Zeile 3, Spalte 6 (archivwuerdigkeit)", meldung: expect.any(String) },
        { feld: "Zeile 3, Spalte 7 (zugriffsbeschraenkung)", meldung: "ja oder nein." },
        { feld: "Zeile 4, Spalte 1 (kennzeichen)", meldung: "Das Kennzeichen 70 steht schon in Zeile 2." },
        expect.objectContaining({ feld: "Zeile 6, Spalte 10 (metadatenfelder)" }),
      ]),
    );
    expect(await einheiten()).toEqual(before);
  });

  it("rejects unknown parents, unknown OEs and cycles", async () => {
    const unknown = await importCsv(reg, [HEADER, "71.1;Ohne Eltern;71;;;;nein;ZZ;nein;"].join("\n"));
    expect(unknown.json().fehler.map((f: { feld: string }) => f.feld)).toEqual([
      "Zeile 2, Spalte 3 (uebergeordnet)",
      "Zeile 2, Spalte 8 (zustaendige_oe)",
    ]);
    const cycle = await importCsv(
      reg,
      [HEADER, "80;A;81;;;;nein;;nein;", "81;B;80;;;;nein;;nein;"].join("\n"),
    );
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().fehler[0].meldung).toMatch(/Zyklus/);
    const unclosed = await importCsv(reg, `${HEADER}\n"80;A;;`);
    expect(unclosed.json().fehler[0].feld).toMatch(/^Zeile 2/);
    const header = await importCsv(reg, "kz;titel\n1;x");
    expect(header.json().fehler[0].meldung).toMatch(/kennzeichen/);
  });

  it("refuses duplicate Kennzeichen and cycles when editing single units", async () => {
    const dup = await app.inject({
      method: "POST",
      url: "/api/v1/aktenplan",
      headers: reg.headers,
      payload: { kennzeichen: "63.10", titel: "Noch einmal", uebergeordnet: "63" },
    });
    expect(dup.statusCode).toBe(409);
    const cycle = await app.inject({
      method: "PATCH",
      url: "/api/v1/aktenplan/6",
      headers: reg.headers,
      payload: { uebergeordnet: "63.20" },
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().fehler[0].meldung).toMatch(/Zyklus/);
    const clerkEdit = await app.inject({
      method: "PATCH",
      url: "/api/v1/aktenplan/63.20",
      headers: clerk.headers,
      payload: { titel: "x" },
    });
    expect(clerkEdit.statusCode).toBe(403);
  });

  it("closes a unit in use but never deletes it; deletes an unused one; writes the Protokoll", async () => {
    const akte = await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: clerk.headers,
      payload: { aktenplaneinheit: "63.20", betreff: "Voranfrage", federfuehrendeOe: "63" },
    });
    expect(akte.statusCode).toBe(201);
    const del = await app.inject({ method: "DELETE", url: "/api/v1/aktenplan/63.20", headers: reg.headers });
    expect(del.statusCode).toBe(409);
    expect(del.json().detail).toMatch(/geschlossen, aber nicht gelöscht/);
    const close = await app.inject({
      method: "PATCH",
      url: "/api/v1/aktenplan/63.20",
      headers: reg.headers,
      payload: { geschlossen: true },
    });
    expect(close.json()).toMatchObject({ geschlossen: true, anzahlAkten: 1 });
    const refused = await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: clerk.headers,
      payload: { aktenplaneinheit: "63.20", betreff: "Noch eine", federfuehrendeOe: "63" },
    });
    expect(refused.statusCode).toBe(400);
    const child = await app.inject({
      method: "POST",
      url: "/api/v1/aktenplan",
      headers: reg.headers,
      payload: { kennzeichen: "63.20.1", titel: "Unter einer Einheit mit Akten", uebergeordnet: "63.20" },
    });
    expect(child.statusCode).toBe(400);
    const unused = await app.inject({
      method: "POST",
      url: "/api/v1/aktenplan",
      headers: reg.headers,
      payload: { kennzeichen: "63.99", titel: "Versehen", uebergeordnet: "63" },
    });
    expect(unused.statusCode).toBe(201);
    expect(
      (await app.inject({ method: "DELETE", url: "/api/v1/aktenplan/63.99", headers: reg.headers }))
        .statusCode,
    ).toBe(204);
    const { rows } = await ctx.db.query<{ aktion: string }>(
      "SELECT aktion FROM protokoll WHERE objekt_art IN ('aktenplaneinheit', 'aktenplan') ORDER BY nr",
    );
    expect(rows.map((r) => r.aktion)).toEqual(
      expect.arrayContaining([
        "aktenplan.importiert",
        "aktenplan.einheit_geaendert",
        "aktenplan.einheit_angelegt",
        "aktenplan.einheit_geloescht",
      ]),
    );
  });

  it("exports CSV that imports unchanged", async () => {
    const exported = await app.inject({
      method: "GET",
      url: "/api/v1/aktenplan/export",
      headers: { cookie: clerk.cookie },
    });
    expect(exported.headers["content-type"]).toMatch(/^text\/csv/);
    const reimport = await importCsv(reg, exported.body);
    expect(reimport.json()).toMatchObject({ angelegt: 0, geaendert: 0 });
    expect(reimport.json().unveraendert).toBe((await einheiten()).length);
  });

  it("a dry run (probe=true) names new, changed and closed units and writes nothing; then the Registratur takes it over", async () => {
    const vorher = await einheiten();
    const protokoll = async () =>
      (await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM protokoll")).rows[0]!.n;
    const eintraege = await protokoll();
    // The Aktenplan as it stands, with one unit renamed and reassessed, one closed, two new.
    const stand = (
      await app.inject({ method: "GET", url: "/api/v1/aktenplan/export", headers: { cookie: clerk.cookie } })
    ).body.replace(/^\uFEFF/, "");
    const zeile = (kennzeichen: string) => stand.split(/\r?\n/).find((z) => z.startsWith(`${kennzeichen};`))!;
    expect(zeile("5")).toBe("5;Jugend;;;10;B;nein;51;nein;");
    expect(zeile("02.30")).toBe("02.30;Personalakten;0;;30;B;ja;11;nein;");
    const neu = `${stand
      .replace(zeile("5"), "5;Jugend und Familie;;;10;A;nein;51;nein;")
      .replace(zeile("02.30"), "02.30;Personalakten;0;;25;B;ja;11;ja;")
      .trimEnd()}\r\n7;Umwelt;;;10;B;nein;;nein;\r\n7.10;Immissionsschutz;7;;;;nein;;nein;\r\n`;
    for (const wer of [admin, reg]) {
      const r = await importCsv(wer, neu, true);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({
        probelauf: true,
        angelegt: 2,
        geaendert: 2,
        unveraendert: vorher.length - 2,
        aenderungen: [
          {
            art: "geschlossen",
            kennzeichen: "02.30",
            titel: "Personalakten",
            felder: ["aufbewahrungsfrist", "geschlossen"],
          },
          {
            art: "geaendert",
            kennzeichen: "5",
            titel: "Jugend und Familie",
            felder: ["titel", "archivwuerdigkeit"],
          },
          { art: "neu", kennzeichen: "7", titel: "Umwelt", felder: [] },
          { art: "neu", kennzeichen: "7.10", titel: "Immissionsschutz", felder: [] },
        ],
      });
    }
    // Nothing was taken over, nothing recorded.
    expect(await einheiten()).toEqual(vorher);
    expect(await protokoll()).toBe(eintraege);
    // A dry run checks like the import: a broken file is refused with its problems.
    const kaputt = await importCsv(admin, `${HEADER}\n71.1;Ohne Eltern;71;;;;nein;;nein;`, true);
    expect(kaputt.statusCode).toBe(400);
    expect(kaputt.json().fehler[0].feld).toMatch(/Zeile 2/);
    // Trying is open to the Administration, taking over is not; a clerk may do neither.
    expect((await importCsv(admin, neu)).statusCode).toBe(403);
    expect((await importCsv(clerk, neu, true)).statusCode).toBe(403);
    const uebernommen = await importCsv(reg, neu);
    expect(uebernommen.json()).toMatchObject({ probelauf: false, angelegt: 2, geaendert: 2 });
    expect((await einheiten()).find((e) => e.kennzeichen === "02.30")).toMatchObject({ geschlossen: true });
  });
});
