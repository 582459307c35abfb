import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { anfrage } from "../../../../test/helpers/anfrage.js";
import { testAemterMitAktenplan } from "../../../../test/helpers/schriftgut.js";

let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
let bau: { akte: string; aktenzeichen: string; vorgang: string };

interface Eintrag {
  id: string;
  wert: string;
  text: string;
  zusatz: string;
}
const auswahl = async (wer: string, pfad: string): Promise<Eintrag[]> => {
  const res = await anfrage(app, s[wer]!, "GET", `/auswahl/${pfad}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { eintraege: Eintrag[] }).eintraege;
};

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  await testAemterMitAktenplan(ctx);
  await createUser(ctx, {
    benutzername: "wagner",
    vorname: "Jörg",
    nachname: "Wagner",
    rollen: [{ oe: "63", rolle: "Sachbearbeitung" }],
  });
  await createUser(ctx, {
    benutzername: "kwagner",
    vorname: "Karin",
    nachname: "Wagner-Öztürk",
    rollen: [{ oe: "51", rolle: "Sachbearbeitung" }],
  });
  await createUser(ctx, { benutzername: "sb51", rollen: [{ oe: "51", rolle: "Sachbearbeitung" }] });
  await createUser(ctx, { benutzername: "pa", rollen: [{ oe: "11", rolle: "Sachbearbeitung" }] });
  for (const n of ["wagner", "sb51", "pa"]) s[n] = await login(app, n);
  const akte = (
    await anfrage(app, s.wagner!, "POST", "/akten", {
      aktenplaneinheit: "63.10",
      betreff: "Neubau Carport Lindenweg 12",
      federfuehrendeOe: "63",
    })
  ).json() as { id: string; aktenzeichen: string };
  const vorgang = (
    await anfrage(app, s.wagner!, "POST", `/akten/${akte.id}/vorgaenge`, {
      betreff: "Bauantrag",
      metadaten: { bauvorhaben: "Carport", bauherr: "Hannelore Kühn" },
    })
  ).json() as { id: string };
  bau = { akte: akte.id, aktenzeichen: akte.aktenzeichen, vorgang: vorgang.id };
  // A restricted Personalakte: its Amt's clerk sees it only when named, nobody else finds it.
  const personalakte = await anfrage(app, s.pa!, "POST", "/akten", {
    aktenplaneinheit: "02.30",
    betreff: "Personalakte Geheimrat",
    federfuehrendeOe: "11",
  });
  expect(personalakte.statusCode, personalakte.body).toBe(201);
  expect(personalakte.json().zugriffsbeschraenkt).toBe(true);
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Auswahl beim Tippen", () => {
  it("finds a person by name in any case: „Wagner“ and „wag“ find wagner, with OE to tell apart", async () => {
    const treffer = await auswahl("sb51", "personen?q=Wagner");
    expect(treffer.map((t) => t.wert)).toEqual(["wagner", "kwagner"]);
    expect(treffer[0]).toMatchObject({ text: "Jörg Wagner" });
    expect(treffer[0]!.zusatz).toContain("63 Bauaufsicht");
    expect((await auswahl("sb51", "personen?q=%C3%B6zt%C3%BCrk")).map((t) => t.wert)).toEqual(["kwagner"]);
    expect((await auswahl("sb51", "personen?q=wag&oe=51")).map((t) => t.wert)).toEqual(["kwagner"]);
  });

  it("finds OEs by Kürzel or name; the form value is OE:Kürzel", async () => {
    expect((await auswahl("sb51", "oes?q=bauauf")).map((t) => t.wert)).toEqual(["OE:63"]);
    expect((await auswahl("sb51", "oes?q=51"))[0]).toMatchObject({ wert: "OE:51", text: "51 Jugendamt" });
  });

  it("finds a Vorgang by Bauherr, by Betreff of its Akte and by Aktenzeichen, as its own Amt", async () => {
    const perBauherr = await auswahl("wagner", "vorgaenge?q=k%C3%BChn");
    expect(perBauherr.map((t) => t.id)).toEqual([bau.vorgang]);
    expect(perBauherr[0]!.zusatz).toContain("Hannelore Kühn");
    expect((await auswahl("wagner", "vorgaenge?q=CARPORT")).map((t) => t.id)).toEqual([bau.vorgang]);
    const perZeichen = await auswahl("wagner", `vorgaenge?q=${encodeURIComponent(`${bau.aktenzeichen}-1`)}`);
    expect(perZeichen[0]!.text).toBe(`${bau.aktenzeichen}-1 Bauantrag`);
    expect((await auswahl("wagner", "akten?q=carport")).map((t) => t.id)).toEqual([bau.akte]);
  });

  it("names nothing the reader may not see: another Amt and a restricted Akte stay absent", async () => {
    expect(await auswahl("sb51", "vorgaenge?q=carport")).toEqual([]);
    expect(await auswahl("sb51", "akten?q=carport")).toEqual([]);
    expect(await auswahl("wagner", "akten?q=geheimrat")).toEqual([]);
    // Positive control: its creator, named on it, finds it.
    expect((await auswahl("pa", "akten?q=geheimrat")).map((t) => t.text)).toEqual([
      expect.stringContaining("Personalakte Geheimrat"),
    ]);
    // Without text the most recent visible ones: still none of another Amt's.
    expect((await auswahl("sb51", "akten")).map((t) => t.id)).not.toContain(bau.akte);
  });

  it("offers the reader's recent choices first without text, and only those still visible", async () => {
    const zweite = (
      await anfrage(app, s.wagner!, "POST", "/akten", {
        aktenplaneinheit: "63.20",
        betreff: "Vorbescheid Scheune",
        federfuehrendeOe: "63",
      })
    ).json() as { id: string };
    // Whichever was remembered comes first.
    expect((await auswahl("wagner", `akten?zuerst=${zweite.id}`))[0]!.id).toBe(zweite.id);
    expect((await auswahl("wagner", `akten?zuerst=${bau.akte}`))[0]!.id).toBe(bau.akte);
    expect((await auswahl("sb51", "personen?zuerst=wagner"))[0]!.wert).toBe("wagner");
    expect((await auswahl("sb51", "oes?zuerst=OE:63"))[0]!.wert).toBe("OE:63");
    // Remembering an id grants nothing: another Amt's Akte stays absent.
    expect((await auswahl("sb51", `akten?zuerst=${bau.akte}`)).map((t) => t.id)).not.toContain(bau.akte);
  });

  it("takes LIKE wildcards literally: „%“ and „_“ match only themselves", async () => {
    expect(await auswahl("wagner", "vorgaenge?q=%25")).toEqual([]);
    expect(await auswahl("sb51", "personen?q=_")).toEqual([]);
  });

  it("refuses an unknown kind and an unknown OE with a German problem", async () => {
    const art = await anfrage(app, s.sb51!, "GET", "/auswahl/dokumente?q=x");
    expect(art.statusCode).toBe(400);
    expect(art.json().title).toMatch(/[äöüÄÖÜß]|Eingabe|ungültig/i);
    const oe = await anfrage(app, s.sb51!, "GET", "/auswahl/personen?oe=99");
    expect(oe.statusCode).toBe(400);
    expect(oe.json().fehler).toEqual([{ feld: "/oe", meldung: "Unbekannte Organisationseinheit." }]);
  });
});
