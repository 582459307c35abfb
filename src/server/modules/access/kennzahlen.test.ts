import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { ManualClock } from "../../platform/clock.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { akteurVon, createOe, createUser, TEST_PASSWORT } from "../../../../test/helpers/factories.js";
import type { Akteur } from "../../platform/akteur.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { kennzahlenAccess } from "./kennzahlen.repository.js";

const UA = {
  iphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  androidTelefon:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  androidTablet:
    "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  chrome:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  firefox: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
};

const clock = new ManualClock("2026-03-02T08:00:00Z");
let ctx: TestContext;
let app: FastifyInstance;
const id: Record<string, string> = {};
let a1: Akteur;

async function meldeAn(benutzername: string, userAgent: string | undefined, passwort = TEST_PASSWORT) {
  const r = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { benutzername, passwort },
    headers: userAgent === undefined ? { "user-agent": "" } : { "user-agent": userAgent },
  });
  return r.statusCode;
}

type Zeile = Awaited<ReturnType<typeof kennzahlenAccess>>[number];
const mobil = (werte: Zeile[], tag: string, oe: string) =>
  werte.find((w) => w.kennzahl === "anmeldungen.mobil" && w.tag === tag && w.oeId === id[oe]);

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  for (const kuerzel of ["63", "51"]) id[kuerzel] = (await createOe(ctx, { kuerzel })).id;
  for (const name of ["a1", "a2", "a3"]) {
    const b = await createUser(ctx, { benutzername: name, rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
    id[name] = b.id;
    if (name === "a1") a1 = await akteurVon(ctx, b);
  }
  id.b1 = (
    await createUser(ctx, { benutzername: "b1", rollen: [{ oe: "51", rolle: "Sachbearbeitung" }] })
  ).id;
  // A member of both OEs: each sign-in counts for both.
  id.cc = (
    await createUser(ctx, {
      benutzername: "cc",
      rollen: [
        { oe: "63", rolle: "Sachbearbeitung" },
        { oe: "51", rolle: "Sachbearbeitung" },
      ],
    })
  ).id;
  app = await buildApp(ctx);
});
afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("Kennzahl anmeldungen.mobil", () => {
  it("records only the device class of a sign-in in the Protokoll, never the User-Agent", async () => {
    expect(await meldeAn("a1", UA.iphone)).toBe(200);
    const { rows } = await ctx.db.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM protokoll WHERE aktion = 'anmeldung' AND akteur_id = $1 ORDER BY nr DESC LIMIT 1",
      [id.a1],
    );
    expect(rows[0]!.details).toMatchObject({ verfahren: "passwort", geraet: "telefon" });
    expect(JSON.stringify(rows[0]!.details)).not.toMatch(/iPhone|Safari|Mozilla/);
  });

  it("counts sign-ins from phones and tablets among all sign-ins, per OE of the person and day", async () => {
    // 2 March (a1 signed in from the iPhone above): a tablet, a desktop, a script without a
    // User-Agent, the member of both OEs on a phone, the Jugendamt on a desktop.
    expect(await meldeAn("a2", UA.androidTablet)).toBe(200);
    expect(await meldeAn("a3", UA.chrome)).toBe(200);
    expect(await meldeAn("a3", undefined)).toBe(200);
    expect(await meldeAn("cc", UA.androidTelefon)).toBe(200);
    expect(await meldeAn("b1", UA.firefox)).toBe(200);
    // Not sign-ins: a wrong password from a phone.
    expect(await meldeAn("a2", UA.iphone, "falsch")).toBe(401);
    // An entry from before the device class was recorded is left out, not counted as a desktop.
    await ctx.db.transaction((tx) =>
      schreibeProtokollInTx(tx, ctx.clock, {
        akteur: a1,
        aktion: "anmeldung",
        objektArt: "benutzer",
        objektId: id.a1!,
        details: { verfahren: "passwort", ip: null },
      }),
    );
    clock.set("2026-03-03T09:00:00Z");
    expect(await meldeAn("a1", UA.firefox)).toBe(200);

    const werte = await kennzahlenAccess(ctx.db, "2026-03-02", "2026-03-03");
    // Bauaufsicht, 2 March: a1 phone, a2 tablet, a3 desktop and unknown, c phone.
    expect(mobil(werte, "2026-03-02", "63")).toMatchObject({ anzahl: 5, summe: 3 });
    // Jugendamt: b1 desktop, c phone.
    expect(mobil(werte, "2026-03-02", "51")).toMatchObject({ anzahl: 2, summe: 1 });
    expect(mobil(werte, "2026-03-03", "63")).toMatchObject({ anzahl: 1, summe: 0 });
    expect(mobil(werte, "2026-03-03", "51")).toBeUndefined();
    // Rows are per OE and day only: nothing in them names a person.
    for (const w of werte.filter((x) => x.kennzahl === "anmeldungen.mobil"))
      expect(Object.keys(w).sort()).toEqual(["anzahl", "kennzahl", "oeId", "summe", "tag", "verteilung"]);
  });
});
