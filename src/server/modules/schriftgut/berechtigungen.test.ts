import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { multipart } from "../../../../test/helpers/multipart.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";

let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
let token: string;
/** The Bauakte of the Bauaufsicht (63), with one Vorgang and one Dokument. */
const bau = { akte: "", vorgang: "", dokument: "" };
/** A restricted Personalakte (02.30) of the Personalamt (11); the Personalrat (role) may read. */
const personal = { akte: "", vorgang: "", dokument: "" };

async function anlegen(session: Session, akteBody: Record<string, unknown>, ziel: typeof bau) {
  const akte = await app.inject({
    method: "POST",
    url: "/api/v1/akten",
    headers: session.headers,
    payload: akteBody,
  });
  expect(akte.statusCode, akte.body).toBe(201);
  ziel.akte = akte.json().id;
  const vorgang = await app.inject({
    method: "POST",
    url: `/api/v1/akten/${ziel.akte}/vorgaenge`,
    headers: session.headers,
    payload: {
      betreff: "Vorgang",
      metadaten: akteBody.aktenplaneinheit === "63.10" ? { bauvorhaben: "Halle" } : {},
    },
  });
  ziel.vorgang = vorgang.json().id;
  const { payload, headers } = multipart(
    { metadaten: { typ: "Eingang" } },
    { filename: "brief.txt", content: "Vertraulicher Inhalt" },
  );
  const dokument = await app.inject({
    method: "POST",
    url: `/api/v1/vorgaenge/${ziel.vorgang}/dokumente`,
    headers: { ...session.headers, ...headers },
    payload,
  });
  ziel.dokument = dokument.json().id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  const d2 = await createOe(ctx, { kuerzel: "D2", art: "Dezernat" });
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht", uebergeordnet: d2.id });
  await createOe(ctx, { kuerzel: "70", name: "Umweltamt", uebergeordnet: d2.id });
  await createOe(ctx, { kuerzel: "51", name: "Jugendamt" });
  await createOe(ctx, { kuerzel: "11", name: "Personalamt" });
  await createOe(ctx, { kuerzel: "10", name: "Hauptamt" });
  await createOe(ctx, { kuerzel: "PR", name: "Personalrat", art: "Gremium" });
  await importTestAktenplan(ctx);
  const users: [
    string,
    string,
    "Sachbearbeitung" | "Leitung" | "Registratur" | "Personalrat" | "Lesen" | "Administration",
  ][] = [
    ["sb63", "63", "Sachbearbeitung"],
    ["sb51", "51", "Sachbearbeitung"],
    ["lt63", "63", "Leitung"],
    ["ltD2", "D2", "Leitung"],
    ["lt51", "51", "Leitung"],
    ["reg", "10", "Registratur"],
    ["pr", "PR", "Personalrat"],
    ["lesen63", "63", "Lesen"],
    ["sb11", "11", "Sachbearbeitung"],
    ["sb11b", "11", "Sachbearbeitung"],
    ["admin", "10", "Administration"],
  ];
  for (const [name, oe, rolle] of users) {
    await createUser(ctx, { benutzername: name, rollen: [{ oe, rolle }] });
    s[name] = await login(app, name);
  }
  await anlegen(
    s.sb63!,
    { aktenplaneinheit: "63.10", betreff: "Neubau Lagerhalle", federfuehrendeOe: "63" },
    bau,
  );
  await anlegen(
    s.sb11!,
    {
      aktenplaneinheit: "02.30",
      betreff: "Personalakte Erika Musterfrau",
      federfuehrendeOe: "11",
      zugriff: [{ rolle: "Personalrat", oe: "PR", recht: "lesen" }],
    },
    personal,
  );
  token = (
    await app.inject({
      method: "POST",
      url: "/api/v1/api-tokens",
      headers: s.sb63!.headers,
      payload: { name: "Fachverfahren" },
    })
  ).json().token;
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

const get = (who: string, url: string) =>
  app.inject({
    method: "GET",
    url,
    headers: who === "token" ? { authorization: `Bearer ${token}` } : { cookie: s[who]!.cookie },
  });
const inListe = async (who: string, id: string) =>
  (await get(who, "/api/v1/akten?limit=200")).json().eintraege.some((a: { id: string }) => a.id === id);

/** What each role sees of an Akte: status of get Akte, get Vorgang, get Dokument, download; listed? */
async function sicht(who: string, ziel: typeof bau) {
  return {
    akte: (await get(who, `/api/v1/akten/${ziel.akte}`)).statusCode,
    vorgang: (await get(who, `/api/v1/vorgaenge/${ziel.vorgang}`)).statusCode,
    dokument: (await get(who, `/api/v1/dokumente/${ziel.dokument}`)).statusCode,
    download: (await get(who, `/api/v1/dokumente/${ziel.dokument}/versionen/1/inhalt`)).statusCode,
    liste: await inListe(who, ziel.akte),
  };
}

const VOLL = { akte: 200, vorgang: 200, dokument: 200, download: 200, liste: true };
const UNSICHTBAR = { akte: 404, vorgang: 404, dokument: 404, download: 404, liste: false };
const NUR_METADATEN = { akte: 200, vorgang: 403, dokument: 403, download: 403, liste: true };

describe("Berechtigungsmatrix: offene Bauakte der OE 63", () => {
  it.each([
    ["sb63", "Sachbearbeitung der federführenden OE", VOLL],
    ["lt63", "Leitung der federführenden OE", VOLL],
    ["ltD2", "Leitung des Dezernats über der OE", VOLL],
    ["lesen63", "Lesen in der federführenden OE", VOLL],
    ["reg", "Registratur", VOLL],
    ["token", "API-Token der Sachbearbeitung", VOLL],
    ["sb51", "Sachbearbeitung eines anderen Amtes", UNSICHTBAR],
    ["lt51", "Leitung eines anderen Amtes", UNSICHTBAR],
    ["pr", "Personalrat", UNSICHTBAR],
    ["admin", "Administration (kein Inhaltszugriff)", UNSICHTBAR],
  ])("%s (%s)", async (who, _label, erwartet) => {
    expect(await sicht(who, bau)).toEqual(erwartet);
  });

  it("lets only the writers add Vorgänge; Leitung above, Lesen and Registratur may not", async () => {
    const versuch = (who: string) =>
      app.inject({
        method: "POST",
        url: `/api/v1/akten/${bau.akte}/vorgaenge`,
        headers: s[who]!.headers,
        payload: { betreff: "Neu", metadaten: { bauvorhaben: "x" } },
      });
    expect((await versuch("sb63")).statusCode).toBe(201);
    expect((await versuch("lt63")).statusCode).toBe(201);
    expect((await versuch("ltD2")).statusCode).toBe(403);
    expect((await versuch("lesen63")).statusCode).toBe(403);
    expect((await versuch("reg")).statusCode).toBe(403);
    expect((await versuch("sb51")).statusCode).toBe(404);
  });

  it("lets the Registratur keep metadata", async () => {
    const r = await app.inject({
      method: "PATCH",
      url: `/api/v1/akten/${bau.akte}`,
      headers: s.reg!.headers,
      payload: { papierablage: "Keller, Regal 9" },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().papierablage).toBe("Keller, Regal 9");
  });

  it("explains who may see the Akte and why, to those who see it, and to no one else", async () => {
    const r = await get("sb63", `/api/v1/akten/${bau.akte}/zugriff`);
    expect(r.statusCode).toBe(200);
    const personen = Object.fromEntries(
      r
        .json()
        .personen.map((p: { benutzer: { benutzername: string }; gruende: string[] }) => [
          p.benutzer.benutzername,
          p.gruende,
        ]),
    );
    expect(Object.keys(personen).sort()).toEqual(["lesen63", "lt63", "ltd2", "reg", "sb63"]);
    expect(personen.ltd2[0]).toMatch(/Leitung einer übergeordneten OE/);
    expect(r.json().ich.gruende[0]).toMatch(/Sachbearbeitung in der federführenden OE/);
    expect((await get("sb51", `/api/v1/akten/${bau.akte}/zugriff`)).statusCode).toBe(404);
  });
});

describe("Berechtigungsmatrix: zugriffsbeschränkte Personalakte", () => {
  it.each([
    ["sb11", "Ersteller/in, namentlich benannt", VOLL],
    ["pr", "Rolle Personalrat benannt (lesen)", VOLL],
    ["reg", "Registratur: Angaben ja, Inhalt nein", NUR_METADATEN],
    ["sb11b", "Kollegin derselben OE, nicht benannt", UNSICHTBAR],
    ["ltD2", "Leitung anderer Bereich", UNSICHTBAR],
    ["sb63", "Sachbearbeitung anderes Amt", UNSICHTBAR],
    ["admin", "Administration", UNSICHTBAR],
  ])("%s (%s)", async (who, _label, erwartet) => {
    expect(await sicht(who, personal)).toEqual(erwartet);
  });

  it("gives the Personalrat read but not write access", async () => {
    const r = await app.inject({
      method: "POST",
      url: `/api/v1/akten/${personal.akte}/vorgaenge`,
      headers: s.pr!.headers,
      payload: { betreff: "Neu" },
    });
    expect(r.statusCode).toBe(403);
  });

  it("writes every read of restricted content into the Protokoll", async () => {
    const before = (
      await ctx.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM protokoll WHERE aktion = 'akte.beschraenkt_gelesen' AND akteur_name LIKE '%(pr)'",
      )
    ).rows[0]!.n;
    await get("pr", `/api/v1/dokumente/${personal.dokument}/versionen/1/inhalt`);
    await get("pr", `/api/v1/vorgaenge/${personal.vorgang}`);
    const { rows } = await ctx.db.query<{ objekt_art: string }>(
      "SELECT objekt_art FROM protokoll WHERE aktion = 'akte.beschraenkt_gelesen' AND akteur_name LIKE '%(pr)' ORDER BY nr DESC LIMIT 2",
    );
    expect(rows.map((r) => r.objekt_art)).toEqual(["vorgang", "dokument"]);
    expect(
      (
        await ctx.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM protokoll WHERE aktion = 'akte.beschraenkt_gelesen' AND akteur_name LIKE '%(pr)'",
        )
      ).rows[0]!.n,
    ).toBe(before + 2);
  });

  it("shows the Registratur the Akte's metadata in the body and nothing of its content", async () => {
    // Control: the named writer's view holds content (a Vorgang) that is there to be hidden.
    const voll = (await get("sb11", `/api/v1/akten/${personal.akte}`)).json();
    expect(voll.rechte.inhaltLesen).toBe(true);
    expect(voll.vorgaenge.map((v: { id: string }) => v.id)).toEqual([personal.vorgang]);
    const zeichen = voll.vorgaenge[0].zeichen as string;

    const r = await get("reg", `/api/v1/akten/${personal.akte}`);
    expect(r.statusCode).toBe(200);
    const akte = r.json();
    expect(akte).toMatchObject({
      id: personal.akte,
      aktenzeichen: voll.aktenzeichen,
      betreff: "Personalakte Erika Musterfrau",
      zugriffsbeschraenkt: true,
      federfuehrendeOe: { kuerzel: "11" },
      aktenplaneinheit: { kennzeichen: "02.30" },
      rechte: {
        lesen: true,
        inhaltLesen: false,
        bearbeiten: false,
        metadatenBearbeiten: true,
        zugriffVerwalten: false,
      },
    });
    // The same fields as the full view, with the content emptied.
    expect(Object.keys(akte).sort()).toEqual(Object.keys(voll).sort());
    expect(akte.vorgaenge).toEqual([]);
    for (const geheim of [personal.vorgang, personal.dokument, zeichen, "Vertraulicher Inhalt"])
      expect(r.body, geheim).not.toContain(geheim);
    // The content itself is refused with the reason, naming nothing of it.
    for (const url of [
      `/api/v1/vorgaenge/${personal.vorgang}`,
      `/api/v1/dokumente/${personal.dokument}`,
      `/api/v1/dokumente/${personal.dokument}/versionen/1/inhalt`,
    ]) {
      const verweigert = await get("reg", url);
      expect(verweigert.statusCode, url).toBe(403);
      expect(verweigert.json().detail, url).toBe(
        "Der Inhalt dieser zugriffsbeschränkten Akte ist nur für die benannten Personen.",
      );
      for (const geheim of [zeichen, "Vertraulicher Inhalt", "brief.txt"])
        expect(verweigert.body, `${url}: ${geheim}`).not.toContain(geheim);
    }
    // In the list the entry carries the same limited rights.
    const eintrag = (await get("reg", "/api/v1/akten?limit=200"))
      .json()
      .eintraege.find((a: { id: string }) => a.id === personal.akte);
    expect(eintrag.rechte).toMatchObject({ lesen: true, inhaltLesen: false });
  });

  it("leaves hidden Akten out of filters, and only them", async () => {
    // Control: an open Akte of the same OE, which the colleague does see through the same filter.
    const offen = await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: s.sb11!.headers,
      payload: {
        aktenplaneinheit: "02.30",
        betreff: "Dienstplan Personalamt",
        federfuehrendeOe: "11",
        zugriffsbeschraenkt: false,
      },
    });
    expect(offen.statusCode, offen.body).toBe(201);
    const ids = async (who: string, query: string) =>
      ((await get(who, `/api/v1/akten?${query}`)).json().eintraege as { id: string }[])
        .map((a) => a.id)
        .sort();
    expect(await ids("sb11b", "oe=11&limit=200")).toEqual([offen.json().id]);
    expect(await ids("sb11", "oe=11&limit=200")).toEqual([offen.json().id, personal.akte].sort());

    // By Aktenzeichen: found by those who may see it, by no one else.
    const zeichen = (await get("sb11", `/api/v1/akten/${personal.akte}`)).json().aktenzeichen as string;
    const nachZeichen = (z: string) => `aktenzeichen=${encodeURIComponent(z)}`;
    expect(await ids("sb63", nachZeichen(zeichen))).toEqual([]);
    expect(await ids("sb11", nachZeichen(zeichen))).toEqual([personal.akte]);
    const bauZeichen = (await get("sb63", `/api/v1/akten/${bau.akte}`)).json().aktenzeichen as string;
    expect(await ids("sb63", nachZeichen(bauZeichen))).toEqual([bau.akte]);
  });

  it("lets a named writer lift the restriction, after which the OE sees it", async () => {
    const r = await app.inject({
      method: "PUT",
      url: `/api/v1/akten/${personal.akte}/zugriff`,
      headers: s.sb11!.headers,
      payload: { zugriffsbeschraenkt: false, zugriff: [] },
    });
    expect(r.statusCode).toBe(200);
    expect((await sicht("sb11b", personal)).akte).toBe(200);
    await app.inject({
      method: "PUT",
      url: `/api/v1/akten/${personal.akte}/zugriff`,
      headers: s.sb11!.headers,
      payload: { zugriffsbeschraenkt: true, zugriff: [{ rolle: "Personalrat", oe: "PR", recht: "lesen" }] },
    });
    expect((await sicht("sb11b", personal)).akte).toBe(404);
  });
});
