import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { anfrage } from "../../../../test/helpers/anfrage.js";
import { multipart } from "../../../../test/helpers/multipart.js";

let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};

/** The Poststelle (or anyone) puts a letter into an OE's Posteingang; returns the item's id. */
async function aufnehmen(wer: string, oe: string, dateiname: string): Promise<string> {
  const { payload, headers } = multipart({ oe }, { filename: dateiname, content: `Brief ${dateiname}` });
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/posteingang",
    payload,
    headers: { ...headers, ...s[wer]!.headers },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

const sieht = async (wer: string, id: string) =>
  (await anfrage(app, s[wer]!, "GET", `/posteingang/${id}`)).statusCode === 200;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  for (const [k, name] of [
    ["10", "Hauptamt"],
    ["63", "Bauaufsicht"],
    ["51", "Jugendamt"],
    ["70", "Umweltamt"],
  ])
    await createOe(ctx, { kuerzel: k, name });
  for (const [name, oe, rolle] of [
    ["post", "10", "Posteingang"],
    ["sb63", "63", "Sachbearbeitung"],
    ["sb51", "51", "Sachbearbeitung"],
    ["sb70", "70", "Sachbearbeitung"],
  ] as const) {
    await createUser(ctx, { benutzername: name, rollen: [{ oe, rolle }] });
    s[name] = await login(app, name);
  }
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe("Poststelle verteilt", () => {
  it("puts letters into three Ämter, forwards one on, and lists what it distributed today", async () => {
    const bau = await aufnehmen("post", "63", "bauantrag.txt");
    const jugend = await aufnehmen("post", "51", "hilfeplan.txt");
    const irrlaeufer = await aufnehmen("post", "63", "abfallgebuehr.txt");
    // Each Amt sees its own letters only.
    expect([await sieht("sb63", bau), await sieht("sb51", bau), await sieht("sb51", jugend)]).toEqual([
      true,
      false,
      true,
    ]);
    const weiter = await anfrage(app, s.post!, "POST", `/posteingang/${irrlaeufer}/weiterleiten`, {
      oe: "70",
      notiz: "Betrifft Abfall, nicht Bau",
    });
    expect(weiter.statusCode, weiter.body).toBe(204);
    expect(await sieht("sb63", irrlaeufer)).toBe(false);
    expect(await sieht("sb70", irrlaeufer)).toBe(true);

    const verteilt = (await anfrage(app, s.post!, "GET", "/posteingang/verteilt")).json() as {
      dateiname: string;
      wie: string;
      oe: { kuerzel: string };
      status: string;
    }[];
    expect(verteilt.map((v) => [v.dateiname, v.wie, v.oe.kuerzel, v.status]).sort()).toEqual([
      ["abfallgebuehr.txt", "weitergeleitet", "70", "neu"],
      ["bauantrag.txt", "aufgenommen", "63", "neu"],
      ["hilfeplan.txt", "aufgenommen", "51", "neu"],
    ]);
    // Another day is empty; nobody else's distribution shows.
    expect((await anfrage(app, s.post!, "GET", "/posteingang/verteilt?datum=2020-01-01")).json()).toEqual([]);
    expect((await anfrage(app, s.sb63!, "GET", "/posteingang/verteilt")).json()).toEqual([]);
    // The way is in the Protokoll.
    const { rows } = await ctx.db.query<{ details: Record<string, string> }>(
      "SELECT details FROM protokoll WHERE aktion = 'posteingang.weitergeleitet' AND objekt_id = $1",
      [irrlaeufer],
    );
    expect(rows.map((r) => r.details)).toEqual([
      { vonOe: "63", anOe: "70", notiz: "Betrifft Abfall, nicht Bau" },
    ]);
  });

  it("an Amt sends an Irrläufer on; who cannot see an item cannot forward it", async () => {
    const id = await aufnehmen("sb63", "63", "falsch.txt");
    const fremd = await anfrage(app, s.sb51!, "POST", `/posteingang/${id}/weiterleiten`, { oe: "51" });
    expect(fremd.statusCode).toBe(404);
    const eigen = await anfrage(app, s.sb63!, "POST", `/posteingang/${id}/weiterleiten`, { oe: "51" });
    expect(eigen.statusCode).toBe(204);
    expect(await sieht("sb51", id)).toBe(true);
  });

  it("refuses the same OE, an unknown OE and an item that is no longer open, in German, changing nothing", async () => {
    const id = await aufnehmen("post", "63", "pruefung.txt");
    const gleich = await anfrage(app, s.post!, "POST", `/posteingang/${id}/weiterleiten`, { oe: "63" });
    expect(gleich.statusCode).toBe(400);
    expect(gleich.json().detail).toBe("Der Eingang liegt schon im Posteingang von Bauaufsicht.");
    const unbekannt = await anfrage(app, s.post!, "POST", `/posteingang/${id}/weiterleiten`, { oe: "99" });
    expect(unbekannt.statusCode).toBe(400);
    expect(unbekannt.json().fehler).toEqual([{ feld: "/oe", meldung: "Unbekannte Organisationseinheit." }]);
    const verworfen = await anfrage(app, s.post!, "POST", `/posteingang/${id}/verwerfen`, {
      grund: "Werbung",
    });
    expect(verworfen.statusCode).toBe(204);
    const danach = await anfrage(app, s.post!, "POST", `/posteingang/${id}/weiterleiten`, { oe: "70" });
    expect(danach.statusCode).toBe(409);
    expect(await sieht("sb70", id)).toBe(false);
    const falschesDatum = await anfrage(app, s.post!, "GET", "/posteingang/verteilt?datum=2026-02-30");
    expect(falschesDatum.statusCode).toBe(400);
  });

  it("a forwarding in between wins: registering, discarding or forwarding judged by the old OE is refused", async () => {
    for (const aktion of ["verwerfen", "weiterleiten"] as const) {
      const id = await aufnehmen("post", "63", `wettlauf-${aktion}.txt`);
      // The Poststelle forwards the item to 51 just after sb63's check, before sb63's transaction.
      const original = ctx.db.transaction.bind(ctx.db);
      let einmal = true;
      ctx.db.transaction = (async (fn: Parameters<typeof original>[0]) => {
        if (einmal) {
          einmal = false;
          ctx.db.transaction = original;
          const weiter = await anfrage(app, s.post!, "POST", `/posteingang/${id}/weiterleiten`, { oe: "51" });
          expect(weiter.statusCode).toBe(204);
        }
        return original(fn);
      }) as typeof original;
      const res = await anfrage(
        app,
        s.sb63!,
        "POST",
        `/posteingang/${id}/${aktion}`,
        aktion === "verwerfen" ? { grund: "Werbung" } : { oe: "70" },
      );
      ctx.db.transaction = original;
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().detail).toBe(
        "Dieser Eingang wurde inzwischen an eine andere Organisationseinheit weitergeleitet.",
      );
      // The item is where the Poststelle sent it, still open.
      expect(await sieht("sb51", id)).toBe(true);
      const { rows } = await ctx.db.query<{ status: string }>(
        "SELECT status FROM posteingang_eintrag WHERE id = $1",
        [id],
      );
      expect(rows).toEqual([{ status: "neu" }]);
    }
  });

  it("shows one's own hops only, and no state once the item went beyond one's reach", async () => {
    const id = await aufnehmen("sb63", "63", "weiter-weg.txt");
    expect(
      (await anfrage(app, s.sb63!, "POST", `/posteingang/${id}/weiterleiten`, { oe: "51" })).statusCode,
    ).toBe(204);
    expect(
      (await anfrage(app, s.sb51!, "POST", `/posteingang/${id}/weiterleiten`, { oe: "70" })).statusCode,
    ).toBe(204);
    const eigene = (
      (await anfrage(app, s.sb63!, "GET", "/posteingang/verteilt")).json() as {
        id: string;
        wie: string;
        oe: { kuerzel: string };
        status: string;
      }[]
    ).filter((v) => v.id === id);
    // sb63 forwarded it to 51; where 51 sent it on, and how it stands there, is not sb63's to see.
    expect(eigene.map((v) => [v.wie, v.oe.kuerzel, v.status])).toEqual([
      ["weitergeleitet", "51", "weitergegeben"],
    ]);
  });
});
