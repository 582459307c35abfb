import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../platform/clock.js";
import type { Akteur } from "../../platform/akteur.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import {
  akteurVon,
  createOe,
  createUser,
  neueAkte,
  neuerVorgang,
} from "../../../../test/helpers/factories.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import { setzeZdaInTx } from "../schriftgut/index.js";
import { kennzahlenAussonderung } from "./kennzahlen.repository.js";
import { loescheNachAussonderungInTx } from "./loeschung.service.js";
import { bucheNachrichtInTx } from "./xdomea/nachrichtenbuch.js";

const clock = new ManualClock("1994-06-01T08:00:00Z");
let ctx: TestContext;
const oe: Record<string, string> = {};
const akte: Record<string, string> = {};

/** An Akte of `kuerzel` under 63.20 (Frist 30 years), its one Vorgang zdA today unless `offen`. */
async function akteMitVorgang(wer: Akteur, kuerzel: string, offen = false): Promise<string> {
  const a = await neueAkte(ctx, wer, { federfuehrendeOe: kuerzel });
  const v = await neuerVorgang(ctx, wer, a.id);
  if (!offen) await ctx.db.transaction((tx) => setzeZdaInTx(ctx, tx, wer, v.id));
  return a.id;
}

/** Books a message we sent naming `akten`, as the xdomea export does. */
async function sende(nachrichtentyp: string, akten: string[]) {
  await ctx.db.transaction((tx) =>
    bucheNachrichtInTx(ctx, tx, "system", {
      prozessId: randomUUID(),
      nachrichtentyp,
      richtung: "aus",
      version: "3.1.0",
      sha256: createHash("sha256").update(randomUUID()).digest("hex"),
      inhalt: akten.map((akteId) => ({ akteId })),
    }),
  );
}

const loesche = (akteId: string, entscheidung: "A" | "V") =>
  ctx.db.transaction((tx) =>
    loescheNachAussonderungInTx(ctx, tx, akteId, {
      entscheidung,
      archiv: "Kreisarchiv",
      prozessId: randomUUID(),
      wer: "system",
    }),
  );

type Zeile = Awaited<ReturnType<typeof kennzahlenAussonderung>>[number];
let werte: Zeile[];
const wert = (kennzahl: string, tag: string, kuerzel = "63") =>
  werte.find((w) => w.kennzahl === kennzahl && w.tag === tag && w.oeId === oe[kuerzel]);

/**
 * The Bauaufsicht closed three Akten in 1994 (due since 1 January 2025), one in 1996 (due from
 * 2027) and keeps one open; the Jugendamt closed one in 1994 under the Bauwesen's Frist too.
 * In March 2026 two are offered, one handed over, one deleted after the Archiv took it (A) and one
 * deleted as not worth keeping (V).
 */
beforeAll(async () => {
  ctx = await createTestContext({ clock });
  for (const kuerzel of ["63", "51", "11"]) oe[kuerzel] = (await createOe(ctx, { kuerzel })).id;
  await importTestAktenplan(ctx);
  const sb = await akteurVon(
    ctx,
    await createUser(ctx, {
      benutzername: "sb",
      rollen: [
        { oe: "63", rolle: "Sachbearbeitung" },
        { oe: "51", rolle: "Sachbearbeitung" },
      ],
    }),
  );
  for (const name of ["a1", "a2", "a3"]) akte[name] = await akteMitVorgang(sb, "63");
  akte.j1 = await akteMitVorgang(sb, "51");
  clock.set("1996-06-01T08:00:00Z");
  akte.spaet = await akteMitVorgang(sb, "63");
  akte.offen = await akteMitVorgang(sb, "63", true);

  clock.set("2026-03-10T09:00:00Z");
  await sende("0501", [akte.a1!, akte.a2!, akte.j1!]);
  await sende("0502", []); // not ours: answers come in, they are not offered
  clock.set("2026-03-12T09:00:00Z");
  await sende("0503", [akte.a1!]);
  await sende("0401", [akte.a3!]); // to another authority, not the Archiv
  clock.set("2026-03-20T09:00:00Z");
  expect(await loesche(akte.a1!, "A")).not.toBeNull();
  clock.set("2026-03-21T09:00:00Z");
  expect(await loesche(akte.a2!, "V")).not.toBeNull();
  werte = await kennzahlenAussonderung(ctx.db, "2026-03-01", "2026-03-31");
});
afterAll(async () => {
  await ctx?.cleanup();
});

describe("Kennzahlen der Aussonderung", () => {
  it("Akten due: past their Aufbewahrungsende and not yet ausgesondert, at the end of each day", () => {
    // a1, a2, a3; not the one closed in 1996 nor the open one.
    expect(wert("aussonderung.faellig", "2026-03-01")).toMatchObject({ anzahl: 3 });
    // a1 was due until its content was deleted, although its Vorgänge are gone by now.
    expect(wert("aussonderung.faellig", "2026-03-19")).toMatchObject({ anzahl: 3 });
    expect(wert("aussonderung.faellig", "2026-03-20")).toMatchObject({ anzahl: 2 });
    expect(wert("aussonderung.faellig", "2026-03-31")).toMatchObject({ anzahl: 1 });
    expect(wert("aussonderung.faellig", "2026-03-31", "51")).toMatchObject({ anzahl: 1 });
  });

  it("Akten offered (0501) and handed over to the Archiv (0503) per federführende OE on the day sent", () => {
    expect(wert("aussonderung.angeboten", "2026-03-10")).toMatchObject({ anzahl: 2 });
    expect(wert("aussonderung.angeboten", "2026-03-10", "51")).toMatchObject({ anzahl: 1 });
    expect(wert("aussonderung.uebergeben", "2026-03-12")).toMatchObject({ anzahl: 1 });
    const sonst = werte.filter(
      (w) =>
        (w.kennzahl === "aussonderung.angeboten" && w.tag !== "2026-03-10") ||
        (w.kennzahl === "aussonderung.uebergeben" && w.tag !== "2026-03-12"),
    );
    // Neither the Abgabe to another authority nor an incoming answer counts.
    expect(sonst).toEqual([]);
    expect(werte.filter((w) => w.kennzahl === "aussonderung.uebergeben")).toHaveLength(1);
  });

  it("Akten deleted after Aussonderung, whether the Archiv took them (A) or not (V)", () => {
    expect(wert("aussonderung.geloescht", "2026-03-20")).toMatchObject({ anzahl: 1, summe: 0 });
    expect(wert("aussonderung.geloescht", "2026-03-21")).toMatchObject({ anzahl: 1, summe: 1 });
    expect(werte.filter((w) => w.kennzahl === "aussonderung.geloescht")).toHaveLength(2);
  });

  it("is idempotent: computing the same days again gives the same rows", async () => {
    expect(await kennzahlenAussonderung(ctx.db, "2026-03-01", "2026-03-31")).toEqual(werte);
  });
});
