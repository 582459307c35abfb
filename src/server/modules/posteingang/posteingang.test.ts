import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { einfachesPdf } from "../../demo/pdf.js";
import { createWorker } from "../../main.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { multipart } from "../../../../test/helpers/multipart.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import { pruefeScanOrdner } from "./posteingang.service.js";

const run = promisify(execFile);
const werkzeugeFehlen = !existsSync("/usr/bin/gs")
  ? "Ghostscript (gs) fehlt, um einen Scan zu erzeugen"
  : !existsSync("/usr/bin/tesseract")
    ? "tesseract fehlt"
    : null;
if (werkzeugeFehlen) console.log(`Scanordner-Test übersprungen: ${werkzeugeFehlen}`);

let ctx: TestContext;
let app: FastifyInstance;
let scanOrdner: string;
const s: Record<string, Session> = {};
let bau: { akte: string; aktenzeichen: string; vorgang: string };

beforeAll(async () => {
  ctx = await createTestContext();
  scanOrdner = path.join(ctx.dataDir, "scan-bau");
  await fs.mkdir(scanOrdner);
  ctx.config = { ...ctx.config, scanOrdner: [{ oe: "63", ordner: scanOrdner }] };
  app = await buildApp(ctx);
  for (const k of ["63", "51", "10", "11"])
    await createOe(ctx, {
      kuerzel: k,
      name: { "63": "Bauaufsicht", "51": "Jugendamt", "10": "Hauptamt", "11": "Personalamt" }[k],
    });
  await importTestAktenplan(ctx);
  for (const [name, oe, rolle] of [
    ["sb63", "63", "Sachbearbeitung"],
    ["sb51", "51", "Sachbearbeitung"],
    ["post", "10", "Posteingang"],
  ] as const) {
    await createUser(ctx, { benutzername: name, rollen: [{ oe, rolle }] });
    s[name] = await login(app, name);
  }
  const akte = (
    await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: s.sb63!.headers,
      payload: { aktenplaneinheit: "63.10", betreff: "Neubau Wohnhaus Lindenweg 12", federfuehrendeOe: "63" },
    })
  ).json();
  const vorgang = (
    await app.inject({
      method: "POST",
      url: `/api/v1/akten/${akte.id}/vorgaenge`,
      headers: s.sb63!.headers,
      payload: { betreff: "Bauantrag", metadaten: { bauvorhaben: "Wohnhaus" } },
    })
  ).json();
  bau = { akte: akte.id, aktenzeichen: akte.aktenzeichen, vorgang: vorgang.id };
});
afterAll(async () => {
  await app.close();
  await ctx.cleanup();
});

describe.skipIf(werkzeugeFehlen !== null)("Scanordner", () => {
  it("takes a scanned German letter from the scan folder into the Posteingang; after registration a word of its text finds it", async () => {
    // A paper letter as the scanner sees it: rendered to a 200 dpi grey image.
    const brief = path.join(ctx.dataDir, "brief.pdf");
    await fs.writeFile(
      brief,
      einfachesPdf([
        `Ihr Zeichen: ${bau.aktenzeichen}`,
        "Sehr geehrte Damen und Herren,",
        "hiermit reiche ich die fehlende Standsicherheitsberechnung",
        "für das Wohnhaus am Lindenweg nach.",
        "Mit freundlichen Grüßen",
        "Katrin Schröder",
      ]),
    );
    const scan = path.join(scanOrdner, "2026-03-02-brief.png");
    await run("gs", [
      "-q",
      "-dNOPAUSE",
      "-dBATCH",
      "-sDEVICE=pnggray",
      "-r200",
      `-sOutputFile=${scan}`,
      brief,
    ]);
    await fs.writeFile(
      `${scan}.json`,
      JSON.stringify({
        gescanntVon: "Zoë Pöhlmann",
        geraet: "Scanner Poststelle 1",
        aufloesungDpi: 200,
        qualitaetGeprueftVon: "Renate Krüger",
        absender: "Katrin Schröder",
      }),
    );
    const alt = new Date(Date.now() - 10_000);
    await fs.utimes(scan, alt, alt);

    expect(await pruefeScanOrdner(ctx)).toBe(1);
    expect((await fs.readdir(path.join(scanOrdner, "verarbeitet"))).length).toBe(2);
    await createWorker(ctx, 2).drain();

    const offen = (
      await app.inject({
        method: "GET",
        url: "/api/v1/posteingang?oe=63",
        headers: { cookie: s.sb63!.cookie },
      })
    ).json();
    expect(offen).toHaveLength(1);
    const eingang = offen[0];
    expect(eingang).toMatchObject({
      kanal: "scan",
      texterkennung: "fertig",
      scanprotokoll: {
        gescanntVon: "Zoë Pöhlmann",
        aufloesungDpi: 200,
        qualitaetGeprueftVon: "Renate Krüger",
      },
    });
    expect(eingang.scanprotokoll.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The Aktenzeichen in the letter proposes the Vorgang.
    expect(eingang.vorschlag).toMatchObject({
      vorgangId: bau.vorgang,
      grund: `Aktenzeichen ${bau.aktenzeichen} im Text`,
    });

    const reg = await app.inject({
      method: "POST",
      url: `/api/v1/posteingang/${eingang.id}/registrieren`,
      headers: s.sb63!.headers,
      payload: { vorgang: eingang.vorschlag.vorgangId, titel: "Nachreichung Standsicherheit" },
    });
    expect(reg.statusCode, reg.body).toBe(200);
    expect(reg.json().status).toBe("registriert");
    await createWorker(ctx, 2).drain();
    const treffer = (
      await app.inject({
        method: "GET",
        url: "/api/v1/suche?q=Standsicherheitsberechnung",
        headers: { cookie: s.sb63!.cookie },
      })
    ).json();
    expect(treffer.treffer.map((t: { dokument: { titel: string } }) => t.dokument.titel)).toEqual([
      "Nachreichung Standsicherheit",
    ]);
    const dokument = (
      await app.inject({
        method: "GET",
        url: `/api/v1/dokumente/${reg.json().dokumentId}`,
        headers: { cookie: s.sb63!.cookie },
      })
    ).json();
    expect(dokument).toMatchObject({
      typ: "Eingang",
      absender: "Katrin Schröder",
      scanprotokoll: { geraet: "Scanner Poststelle 1" },
    });
    const nochmal = await app.inject({
      method: "POST",
      url: `/api/v1/posteingang/${eingang.id}/registrieren`,
      headers: s.sb63!.headers,
      payload: { vorgang: bau.vorgang },
    });
    expect(nochmal.statusCode).toBe(409);
  }, 120_000);
});

describe("Posteingang über die API", () => {
  it("takes uploads for the own OE, shows them only to that OE and the central mail room, and stores equal content once", async () => {
    const eml =
      "From: Katrin Schröder <k.schroeder@example.org>\r\nTo: bauaufsicht@landkreis.example\r\nSubject: =?UTF-8?Q?R=C3=BCckfrage_Bauantrag?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWann wird über meinen Antrag entschieden?\r\n";
    const senden = (who: string, oe: string, content: string, filename = "mail.eml") => {
      const { payload, headers } = multipart(
        { oe, angaben: { absender: "Katrin Schröder" } },
        { filename, content },
      );
      return app.inject({
        method: "POST",
        url: "/api/v1/posteingang",
        headers: { ...s[who]!.headers, ...headers },
        payload,
      });
    };
    const erst = await senden("sb63", "63", eml);
    expect(erst.statusCode, erst.body).toBe(201);
    expect(erst.json()).toMatchObject({ kanal: "email", mimeTyp: "message/rfc822", status: "neu" });
    const blobs = (await ctx.db.query("SELECT count(*)::int AS n FROM blob")).rows[0];
    expect((await senden("post", "63", eml, "nochmal.eml")).statusCode).toBe(201);
    expect((await ctx.db.query("SELECT count(*)::int AS n FROM blob")).rows[0]).toEqual(blobs);
    expect((await senden("sb51", "63", eml)).statusCode).toBe(403);
    expect(
      (
        await app.inject({
          method: "GET",
          url: `/api/v1/posteingang/${erst.json().id}`,
          headers: { cookie: s.sb51!.cookie },
        })
      ).statusCode,
    ).toBe(404);
    const zentral = (
      await app.inject({ method: "GET", url: "/api/v1/posteingang", headers: { cookie: s.post!.cookie } })
    ).json();
    expect(zentral.map((e: { id: string }) => e.id)).toContain(erst.json().id);
    const leer = await senden("sb63", "63", "", "leer.pdf");
    expect(leer.statusCode).toBe(400);
    // An e-mail with an attachment: registered, the .eml stays whole and the PDF becomes an Anlage.
    const anhang = Buffer.from(einfachesPdf(["Lageplan zum Bauantrag"])).toString("base64");
    const mitAnhang = [
      "From: Katrin Schröder <k.schroeder@example.org>",
      "To: bauaufsicht@landkreis.example",
      "Subject: Lageplan",
      'Content-Type: multipart/mixed; boundary="grenze"',
      "",
      "--grenze",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Anbei der Lageplan.",
      "--grenze",
      'Content-Type: application/pdf; name="lageplan.pdf"',
      'Content-Disposition: attachment; filename="lageplan.pdf"',
      "Content-Transfer-Encoding: base64",
      "",
      anhang,
      "--grenze--",
      "",
    ].join("\r\n");
    const mail = await senden("sb63", "63", mitAnhang, "lageplan.eml");
    const reg = await app.inject({
      method: "POST",
      url: `/api/v1/posteingang/${mail.json().id}/registrieren`,
      headers: s.sb63!.headers,
      payload: { vorgang: bau.vorgang },
    });
    expect(reg.statusCode, reg.body).toBe(200);
    const vorgang = (
      await app.inject({
        method: "GET",
        url: `/api/v1/vorgaenge/${bau.vorgang}`,
        headers: { cookie: s.sb63!.cookie },
      })
    ).json();
    const typen = vorgang.dokumente.map((d: { typ: string; titel: string; mimeTyp: string }) => [
      d.typ,
      d.titel,
      d.mimeTyp,
    ]);
    expect(typen).toEqual(
      expect.arrayContaining([
        ["E-Mail", "lageplan", "message/rfc822"],
        ["Anlage", "lageplan", "application/pdf"],
      ]),
    );
    const verwerfen = await app.inject({
      method: "POST",
      url: `/api/v1/posteingang/${erst.json().id}/verwerfen`,
      headers: s.sb63!.headers,
      payload: { grund: "Doppelt eingegangen" },
    });
    expect(verwerfen.statusCode).toBe(204);
  });
});

describe("Registrierung und Betreffregeln", () => {
  const einlegen = async (who: string, content: string, angaben: Record<string, string> = {}) => {
    const { payload, headers } = multipart({ oe: "63", angaben }, { filename: "eingang.txt", content });
    const r = await app.inject({
      method: "POST",
      url: "/api/v1/posteingang",
      headers: { ...s[who]!.headers, ...headers },
      payload,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const registrieren = (who: string, id: string, payload: Record<string, unknown>) =>
    app.inject({
      method: "POST",
      url: `/api/v1/posteingang/${id}/registrieren`,
      headers: s[who]!.headers,
      payload,
    });
  const zaehle = async () =>
    (
      await ctx.db.query<{ v: number; d: number }>(
        "SELECT (SELECT count(*)::int FROM vorgang) AS v, (SELECT count(*)::int FROM dokument) AS d",
      )
    ).rows[0];

  it("registers into a new Vorgang with Absender and fremdes Geschäftszeichen; a refused new Vorgang leaves nothing behind", async () => {
    const id = await einlegen("sb63", `Widerspruch gegen den Bescheid ${Date.now()}`, {
      absender: "Anwaltskanzlei Berg",
      fremdesGeschaeftszeichen: "B-2026/117",
    });
    const vorher = await zaehle();
    // The Aktenplan unit 63.10 requires the field "bauvorhaben": the new Vorgang is refused …
    const abgelehnt = await registrieren("sb63", id, {
      neuerVorgang: { akte: bau.akte, betreff: "Widerspruch" },
    });
    expect(abgelehnt.statusCode).toBe(400);
    // … and neither a Vorgang nor a Dokument remains, the item still waits.
    expect(await zaehle()).toEqual(vorher);
    expect(
      (
        await app.inject({
          method: "GET",
          url: `/api/v1/posteingang/${id}`,
          headers: { cookie: s.sb63!.cookie },
        })
      ).json().status,
    ).toBe("neu");
    expect((await registrieren("sb63", id, {})).statusCode).toBe(400);

    const ok = await registrieren("sb63", id, {
      neuerVorgang: { akte: bau.akte, betreff: "Widerspruch", metadaten: { bauvorhaben: "Wohnhaus" } },
      typ: "Eingang",
      eingangsdatum: "2026-11-20",
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const dokument = (
      await app.inject({
        method: "GET",
        url: `/api/v1/dokumente/${ok.json().dokumentId}`,
        headers: { cookie: s.sb63!.cookie },
      })
    ).json();
    expect(dokument).toMatchObject({
      absender: "Anwaltskanzlei Berg",
      fremdesGeschaeftszeichen: "B-2026/117",
      eingangsdatum: "2026-11-20",
      vorgang: { betreff: "Widerspruch" },
    });
    expect(await zaehle()).toEqual({ v: vorher!.v + 1, d: vorher!.d + 1 });
  });

  it("lets exactly one of two users register the same item at once", async () => {
    const id = await einlegen("sb63", "Nachreichung Statik");
    const vorher = await zaehle();
    const [a, b] = await Promise.all([
      registrieren("sb63", id, { vorgang: bau.vorgang }),
      registrieren("post", id, { vorgang: bau.vorgang }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((await zaehle())!.d).toBe(vorher!.d + 1);
  });

  it("proposes the Vorgang of a Betreffregel, for the OE's own staff only", async () => {
    const regel = await app.inject({
      method: "POST",
      url: "/api/v1/posteingang/regeln",
      headers: s.sb63!.headers,
      payload: { oe: "63", muster: "Lindenweg 12", vorgang: bau.vorgang },
    });
    expect(regel.statusCode, regel.body).toBe(201);
    expect(regel.json().vorgang.zeichen).toBe(`${bau.aktenzeichen}-1`);
    const doppelt = await app.inject({
      method: "POST",
      url: "/api/v1/posteingang/regeln",
      headers: s.sb63!.headers,
      payload: { oe: "63", muster: "lindenweg 12 ", vorgang: bau.vorgang },
    });
    expect([doppelt.statusCode, doppelt.json().title]).toEqual([409, expect.any(String)]);
    const zuKurz = await app.inject({
      method: "POST",
      url: "/api/v1/posteingang/regeln",
      headers: s.sb63!.headers,
      payload: { oe: "63", muster: "ab", vorgang: bau.vorgang },
    });
    expect(zuKurz.json().fehler).toEqual([{ feld: "/muster", meldung: expect.stringMatching(/3 Zeichen/) }]);
    const fremd = await app.inject({
      method: "POST",
      url: "/api/v1/posteingang/regeln",
      headers: s.sb51!.headers,
      payload: { oe: "63", muster: "Anderes", vorgang: bau.vorgang },
    });
    expect(fremd.statusCode).toBe(403);

    const id = await einlegen("sb63", "Sehr geehrte Damen und Herren, anbei die Unterlagen.", {
      betreff: "Unterlagen zum Vorhaben LINDENWEG 12",
    });
    await createWorker(ctx, 2).drain();
    const eintrag = (
      await app.inject({
        method: "GET",
        url: `/api/v1/posteingang/${id}`,
        headers: { cookie: s.sb63!.cookie },
      })
    ).json();
    expect(eintrag.vorschlag).toMatchObject({ vorgangId: bau.vorgang, grund: "Betreffregel „Lindenweg 12“" });
    expect(
      (
        await app.inject({
          method: "GET",
          url: "/api/v1/posteingang/regeln",
          headers: { cookie: s.sb51!.cookie },
        })
      ).json(),
    ).toEqual([]);
    const weg = await app.inject({
      method: "DELETE",
      url: `/api/v1/posteingang/regeln/${regel.json().id}`,
      headers: s.sb63!.headers,
    });
    expect(weg.statusCode).toBe(204);
  });
});
