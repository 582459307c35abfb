import type { FastifyInstance } from "fastify";
import { imageSize } from "image-size";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { mehrseitigesPdf } from "../../demo/pdf.js";
import { schliesseParserPool } from "../../platform/parser-pool/pool.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { multipart } from "../../../../test/helpers/multipart.js";
import { pdfText } from "../../../../test/helpers/pdf.js";
import { testAemterMitAktenplan } from "../../../../test/helpers/schriftgut.js";

let ctx: TestContext;
let app: FastifyInstance;
let mueller: Session;
let fremd: Session;
let dokumentId: string;

const PDF = mehrseitigesPdf(
  [
    ["Bauantrag", "Bauherrin: Katrin Schröder"],
    ["Baubeschreibung", "Heizung: Luft-Wasser-Wärmepumpe mit Fußbodenheizung."],
    ["Lageplan", "Zufahrt über den Lindenweg; die Wärmepumpe steht an der Garage."],
  ],
  "Bauantrag",
);

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  await testAemterMitAktenplan(ctx);
  await createUser(ctx, { benutzername: "mueller", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
  await createUser(ctx, { benutzername: "fremd", rollen: [{ oe: "11", rolle: "Sachbearbeitung" }] });
  await createUser(ctx, { benutzername: "jh", rollen: [{ oe: "51", rolle: "Sachbearbeitung" }] });
  mueller = await login(app, "mueller");
  fremd = await login(app, "fremd");
  const akte = await app.inject({
    method: "POST",
    url: "/api/v1/akten",
    headers: mueller.headers,
    payload: { aktenplaneinheit: "63.10", betreff: "Neubau Einfamilienhaus", federfuehrendeOe: "63" },
  });
  const vorgang = await app.inject({
    method: "POST",
    url: `/api/v1/akten/${akte.json().id}/vorgaenge`,
    headers: mueller.headers,
    payload: { betreff: "Bauantrag", metadaten: { bauvorhaben: "Einfamilienhaus" } },
  });
  const dok = await hochladen(`/api/v1/vorgaenge/${vorgang.json().id}/dokumente`, {
    metadaten: { typ: "Eingang" },
  });
  expect(dok.statusCode).toBe(201);
  dokumentId = dok.json().id;
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
  await schliesseParserPool();
});

function hochladen(
  url: string,
  felder: Record<string, string | object>,
  inhalt: Buffer = PDF,
  wer: Session = mueller,
) {
  const { payload, headers } = multipart(felder, { filename: "bauantrag.pdf", content: inhalt });
  return app.inject({ method: "POST", url, headers: { ...wer.headers, ...headers }, payload });
}

const get = (wer: Session, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: "GET", url: `/api/v1${url}`, headers: { cookie: wer.cookie, ...headers } });

async function seitenbilder(): Promise<number> {
  const { rows } = await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM seitenbild");
  return rows[0]!.n;
}

describe("Seitenansicht: Seiten als Bilder vom Server", () => {
  it("names the page count and each page's size before a page is drawn", async () => {
    const r = await get(mueller, `/dokumente/${dokumentId}/versionen/1/seiten`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      seiten: 3,
      formate: [
        { breite: 595, hoehe: 842 },
        { breite: 595, hoehe: 842 },
        { breite: 595, hoehe: 842 },
      ],
      quelle: "original",
      grund: null,
      breiten: [160, 800, 1200, 1600],
      text: true,
    });
  });

  it("draws page 2 at 800 px once, then serves it from the cache with immutable caching", async () => {
    const vorher = await seitenbilder();
    const url = `/dokumente/${dokumentId}/versionen/1/seitenbild?seite=2&breite=800`;
    const erst = await get(mueller, url);
    expect(erst.statusCode).toBe(200);
    expect(erst.headers["content-type"]).toBe("image/webp");
    expect(erst.headers["cache-control"]).toBe("private, max-age=31536000, immutable");
    const etag = erst.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const groesse = imageSize(erst.rawPayload);
    expect(groesse.width).toBe(800);
    expect(groesse.height).toBe(Math.round((800 * 842) / 595));
    expect(await seitenbilder()).toBe(vorher + 1);

    const zweit = await get(mueller, url);
    expect(zweit.statusCode).toBe(200);
    expect(zweit.headers.etag).toBe(etag);
    expect(zweit.rawPayload.equals(erst.rawPayload)).toBe(true);
    expect(await seitenbilder()).toBe(vorher + 1);
    // A browser that holds the image only asks whether it is still the same.
    const nochmal = await get(mueller, url, { "if-none-match": etag });
    expect(nochmal.statusCode).toBe(304);
    expect(nochmal.rawPayload.length).toBe(0);

    // The thumbnail is another image of the same page; page 1 is the default.
    const miniatur = await get(mueller, `/dokumente/${dokumentId}/versionen/1/seitenbild?seite=2&breite=160`);
    expect(imageSize(miniatur.rawPayload).width).toBe(160);
    const standard = await get(mueller, `/dokumente/${dokumentId}/versionen/1/seitenbild`);
    expect(imageSize(standard.rawPayload).width).toBe(800);
    expect(standard.headers.etag).not.toBe(etag);
  });

  it("answers a wrong width with a German 400 and a page the document lacks with a German 404", async () => {
    const breite = await get(mueller, `/dokumente/${dokumentId}/versionen/1/seitenbild?seite=1&breite=500`);
    expect(breite.statusCode).toBe(400);
    expect(breite.json().detail).toBe(
      "Breite: Die Breite 500 gibt es nicht; möglich sind 160, 800, 1200 oder 1600 Pixel.",
    );
    const seite = await get(mueller, `/dokumente/${dokumentId}/versionen/1/seitenbild?seite=4&breite=800`);
    expect(seite.statusCode).toBe(404);
    expect(seite.json().detail).toBe("Die Seite 4 gibt es nicht; das Dokument hat 3 Seiten.");
    for (const q of ["seite=0", "seite=-1", "seite=zwei", "breite=1e9", "seite=1.5"]) {
      const r = await get(mueller, `/dokumente/${dokumentId}/versionen/1/seitenbild?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect(r.json().title, q).toBe("Die Eingabe ist ungültig.");
    }
    const version = await get(mueller, `/dokumente/${dokumentId}/versionen/9/seitenbild`);
    expect(version.statusCode).toBe(404);
    expect(version.json().detail).toBe("Die Version wurde nicht gefunden.");
  });

  it("finds a word in the text with its page and context", async () => {
    const r = await get(mueller, `/dokumente/${dokumentId}/versionen/1/fundstellen?q=W%C3%A4rmepumpe`);
    expect(r.statusCode).toBe(200);
    const { treffer, begrenzt } = r.json();
    expect(begrenzt).toBe(false);
    expect(treffer.map((t: { seite: number }) => t.seite)).toEqual([2, 3]);
    expect(treffer[0]).toMatchObject({ treffer: "Wärmepumpe" });
    expect(`${treffer[0].vorher}${treffer[0].treffer}${treffer[0].nachher}`).toContain(
      "Luft-Wasser-Wärmepumpe mit Fußbodenheizung",
    );
    const keiner = await get(mueller, `/dokumente/${dokumentId}/versionen/1/fundstellen?q=Carport`);
    expect(keiner.json().treffer).toEqual([]);
    const leer = await get(mueller, `/dokumente/${dokumentId}/versionen/1/fundstellen?q=`);
    expect(leer.statusCode).toBe(400);
  });

  it("shows a reader who may not see the Dokument nothing: no pages, no image, no hits", async () => {
    for (const url of [
      `/dokumente/${dokumentId}/versionen/1/seiten`,
      `/dokumente/${dokumentId}/versionen/1/seitenbild?seite=1&breite=800`,
      `/dokumente/${dokumentId}/versionen/1/seitenbild?seite=2&breite=800`,
      `/dokumente/${dokumentId}/versionen/1/fundstellen?q=Wärmepumpe`,
    ]) {
      const r = await get(fremd, url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().detail, url).toBe("Das Dokument wurde nicht gefunden.");
      expect(r.body).not.toContain("Wärmepumpe");
    }
  });

  it("records every page read of a restricted Akte and lets the browser keep none of them", async () => {
    const jh = await login(app, "jh");
    const akte = await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: jh.headers,
      payload: { aktenplaneinheit: "50.10", betreff: "Hilfe zur Erziehung", federfuehrendeOe: "51" },
    });
    expect(akte.json().zugriffsbeschraenkt).toBe(true);
    const vorgang = await app.inject({
      method: "POST",
      url: `/api/v1/akten/${akte.json().id}/vorgaenge`,
      headers: jh.headers,
      payload: { betreff: "Hilfeplan" },
    });
    const dok = await hochladen(
      `/api/v1/vorgaenge/${vorgang.json().id}/dokumente`,
      { metadaten: { typ: "Vermerk" } },
      PDF,
      jh,
    );
    expect(dok.statusCode).toBe(201);
    const id = dok.json().id as string;
    const url = `/dokumente/${id}/versionen/1/seitenbild?seite=3&breite=160`;
    const erst = await get(jh, url);
    expect(erst.statusCode).toBe(200);
    expect(erst.headers["cache-control"]).toBe("private, no-cache");
    // Asked again with its ETag: 304, and still recorded.
    expect((await get(jh, url, { "if-none-match": erst.headers.etag as string })).statusCode).toBe(304);
    const { rows } = await ctx.db.query<{ details: { seite?: number } }>(
      "SELECT details FROM protokoll WHERE aktion = 'akte.beschraenkt_gelesen' AND objekt_id = $1 ORDER BY nr",
      [id],
    );
    expect(rows.filter((r) => r.details.seite === 3)).toHaveLength(2);
    expect((await get(mueller, url)).statusCode).toBe(404);
  });

  it("gives a text file no pages, with the reason, instead of an error", async () => {
    const vorgang = (await get(mueller, `/dokumente/${dokumentId}`)).json().vorgang.id;
    const text = await hochladen(
      `/api/v1/vorgaenge/${vorgang}/dokumente`,
      { metadaten: { typ: "Vermerk" } },
      Buffer.from("Ein Vermerk ohne Seiten."),
    );
    const seiten = await get(mueller, `/dokumente/${text.json().id}/versionen/1/seiten`);
    expect(seiten.json()).toMatchObject({
      seiten: 0,
      grund: "Für diesen Dateityp gibt es keine Seitenansicht.",
    });
    const bild = await get(mueller, `/dokumente/${text.json().id}/versionen/1/seitenbild`);
    expect(bild.statusCode).toBe(404);
    expect(bild.json().detail).toBe("Für diesen Dateityp gibt es keine Seitenbilder.");
  });
});

describe("Neue Version mit Grund", () => {
  it("asks for the reason, keeps it with the version and writes it to the Protokoll", async () => {
    const v2 = mehrseitigesPdf([["Bauantrag", "unterschrieben"]], "Bauantrag");
    const ohne = await hochladen(`/api/v1/dokumente/${dokumentId}/versionen`, {}, v2);
    expect(ohne.statusCode).toBe(400);
    expect(ohne.json().fehler).toEqual([
      { feld: "/grund", meldung: "Bitte geben Sie an, warum Sie eine neue Version hochladen." },
    ]);
    const zuLang = await hochladen(
      `/api/v1/dokumente/${dokumentId}/versionen`,
      { grund: "x".repeat(501) },
      v2,
    );
    expect(zuLang.statusCode).toBe(400);

    const r = await hochladen(
      `/api/v1/dokumente/${dokumentId}/versionen`,
      { grund: "  Unterschriebene Fassung  " },
      v2,
    );
    expect(r.statusCode).toBe(201);
    expect(r.json().versionen.map((v: { nr: number; grund: string | null }) => [v.nr, v.grund])).toEqual([
      [2, "Unterschriebene Fassung"],
      [1, null],
    ]);
    const { rows } = await ctx.db.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM protokoll WHERE aktion = 'dokument.version_angelegt' AND objekt_id = $1",
      [dokumentId],
    );
    expect(rows.map((e) => e.details.grund)).toEqual(["Unterschriebene Fassung"]);
    // The new version has its own pages: one, with its own text.
    const seiten = await get(mueller, `/dokumente/${dokumentId}/versionen/2/seiten`);
    expect(seiten.json().seiten).toBe(1);
    const bild = await get(mueller, `/dokumente/${dokumentId}/versionen/2/seitenbild?seite=1&breite=1200`);
    expect(imageSize(bild.rawPayload).width).toBe(1200);
    expect(await pdfText(v2)).toContain("unterschrieben");
  });
});
