import { execFile } from "node:child_process";
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
import { programmDa, tesseractSpracheDa, voraussetzung } from "../../../../test/helpers/voraussetzung.js";
import { pruefeScanOrdner } from "./scanordner.service.js";

const run = promisify(execFile);
const scanWerkzeugeDa =
  voraussetzung("Ghostscript", programmDa("gs"), "Debian-Paket ghostscript (erzeugt den Scan)") &&
  voraussetzung("tesseract mit deu", tesseractSpracheDa("deu"), "Debian-Paket tesseract-ocr-deu");

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
    ["sb63b", "63", "Sachbearbeitung"],
    ["sb51", "51", "Sachbearbeitung"],
    ["jh51", "51", "Sachbearbeitung"],
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

describe.runIf(scanWerkzeugeDa)("Scanordner", () => {
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

  it("lets exactly one of two users register the same item at once; the other always learns it was taken", async () => {
    // Run the race several times and in both orders: the answer must not depend on who is quicker.
    for (let runde = 0; runde < 6; runde++) {
      const id = await einlegen("sb63", `Nachreichung Statik ${runde}`);
      const vorher = await zaehle();
      const [erst, zweit] = runde % 2 === 0 ? ["sb63", "sb63b"] : ["sb63b", "sb63"];
      const antworten = await Promise.all([
        registrieren(erst, id, { vorgang: bau.vorgang }),
        registrieren(zweit, id, { vorgang: bau.vorgang }),
      ]);
      expect(antworten.map((a) => a.statusCode).sort(), antworten.map((a) => a.body).join("\n")).toEqual([
        200, 409,
      ]);
      const verlierer = antworten.find((a) => a.statusCode === 409)!;
      expect(verlierer.json().detail ?? verlierer.json().title).toMatch(/bereits registriert/);
      expect((await zaehle())!.d).toBe(vorher!.d + 1);
    }
  });

  it("answers a user who may not file into the target Vorgang 404, however the race with a permitted user runs", async () => {
    // The Poststelle sees every item but not the Bauaufsicht's Akten: whether it comes first or
    // second, it learns nothing about the Vorgang and the clerk registers the item.
    for (let runde = 0; runde < 4; runde++) {
      const id = await einlegen("sb63", `Nachreichung Lageplan ${runde}`);
      const antworten = await Promise.all(
        (runde % 2 === 0 ? ["post", "sb63"] : ["sb63", "post"]).map((wer) =>
          registrieren(wer, id, { vorgang: bau.vorgang }).then((r) => [wer, r.statusCode] as const),
        ),
      );
      expect(Object.fromEntries(antworten)).toEqual({ post: 404, sb63: 200 });
    }
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

  it("settles many items at once: each alone, a colleague's item fails with its reason, the others go through, each in the Protokoll", async () => {
    const sammel = (who: string, payload: Record<string, unknown>) =>
      app.inject({ method: "POST", url: "/api/v1/posteingang/sammel", headers: s[who]!.headers, payload });
    const ids = [
      await einlegen("post", `Sammel A ${Date.now()}`),
      await einlegen("post", `Sammel B ${Date.now()}`),
      await einlegen("post", `Sammel C ${Date.now()}`),
    ];
    // A colleague registered the second one a moment earlier.
    expect((await registrieren("sb63b", ids[1]!, { vorgang: bau.vorgang })).statusCode).toBe(200);
    const vorher = await zaehle();
    const r = await sammel("sb63", { aktion: "registrieren", eintraege: ids, vorgang: bau.vorgang });
    expect(r.statusCode, r.body).toBe(200);
    const zeichen = `${bau.aktenzeichen}-1`;
    expect(r.json().ergebnisse).toEqual([
      {
        id: ids[0],
        dateiname: "eingang.txt",
        erledigt: true,
        meldung: `Registriert in Vorgang ${zeichen}.`,
        vorgang: { id: bau.vorgang, zeichen },
      },
      {
        id: ids[1],
        dateiname: "eingang.txt",
        erledigt: false,
        meldung: expect.stringMatching(/^Dieser Eingang wurde bereits registriert/),
        vorgang: null,
      },
      expect.objectContaining({ id: ids[2], erledigt: true }),
    ]);
    expect((await zaehle())!.d).toBe(vorher!.d + 2);
    const { rows: protokoll } = await ctx.db.query<{ objekt_id: string }>(
      "SELECT objekt_id FROM protokoll WHERE aktion = 'posteingang.registriert' AND objekt_id = ANY($1)",
      [ids],
    );
    expect(protokoll.map((p) => p.objekt_id).sort()).toEqual([...ids].sort());

    // A Vorgang the Poststelle cannot see fails the whole request, before anything happens.
    const fremd = await einlegen("post", "Sammel D");
    const verboten = await sammel("post", {
      aktion: "registrieren",
      eintraege: [fremd],
      vorgang: bau.vorgang,
    });
    expect(verboten.statusCode).toBe(404);
    // Each into its own Vorschlag: one has one (its text names the Aktenzeichen), one has none.
    const mitVorschlag = await einlegen("sb63", `Ihr Zeichen: ${bau.aktenzeichen} – Nachtrag`);
    await createWorker(ctx, 2).drain();
    const jeder = await sammel("sb63", { aktion: "registrieren", eintraege: [mitVorschlag, fremd] });
    expect(jeder.json().ergebnisse).toEqual([
      expect.objectContaining({ id: mitVorschlag, erledigt: true, vorgang: { id: bau.vorgang, zeichen } }),
      expect.objectContaining({
        id: fremd,
        erledigt: false,
        meldung: expect.stringMatching(/keinen Vorschlag/),
      }),
    ]);
    // Discarding asks for a reason; an item of another OE is unknown to its reader.
    const ohneGrund = await sammel("post", { aktion: "verwerfen", eintraege: [fremd] });
    expect([ohneGrund.statusCode, ohneGrund.json().fehler]).toEqual([
      400,
      [{ feld: "/grund", meldung: expect.any(String) }],
    ]);
    const verworfen = await sammel("sb51", { aktion: "verwerfen", eintraege: [fremd], grund: "Werbung" });
    expect(verworfen.json().ergebnisse).toEqual([
      {
        id: fremd,
        dateiname: null,
        erledigt: false,
        meldung: "Der Eingang wurde nicht gefunden.",
        vorgang: null,
      },
    ]);
    const weg = await sammel("post", { aktion: "verwerfen", eintraege: [fremd], grund: "Werbung" });
    expect(weg.json().ergebnisse).toEqual([
      { id: fremd, dateiname: "eingang.txt", erledigt: true, meldung: "Verworfen (Werbung).", vorgang: null },
    ]);
    const { rows: grund } = await ctx.db.query(
      "SELECT details->>'grund' AS grund FROM protokoll WHERE aktion = 'posteingang.verworfen' AND objekt_id = $1",
      [fremd],
    );
    expect(grund).toEqual([{ grund: "Werbung" }]);
  });

  it("draws the first page of a letter wide enough to read beside the form; a text file shows its text instead", async () => {
    const { payload, headers } = multipart(
      { oe: "63" },
      {
        filename: "brief.pdf",
        content: einfachesPdf(["Bauaufsicht", "Nachreichung der Statik"]),
        contentType: "application/pdf",
      },
    );
    const pdf = await app.inject({
      method: "POST",
      url: "/api/v1/posteingang",
      headers: { ...s.sb63!.headers, ...headers },
      payload,
    });
    expect(pdf.statusCode, pdf.body).toBe(201);
    const text = await einlegen("sb63", "Sehr geehrte Damen und Herren, der Nachweis folgt.");
    await createWorker(ctx, 2).drain();
    const lies = (id: string, who = "sb63") =>
      app.inject({ method: "GET", url: `/api/v1/posteingang/${id}`, headers: { cookie: s[who]!.cookie } });
    expect((await lies(pdf.json().id)).json()).toMatchObject({ vorschau: true });
    const bild = await app.inject({
      method: "GET",
      url: `/api/v1/posteingang/${pdf.json().id}/vorschau`,
      headers: { cookie: s.sb63!.cookie },
    });
    expect(bild.statusCode).toBe(200);
    expect(bild.headers["content-type"]).toBe("image/png");
    // PNG header: the width stands in bytes 16–19 (800 px, give or take the page's rounding).
    expect(Math.abs(bild.rawPayload.readUInt32BE(16) - 800)).toBeLessThanOrEqual(2);
    expect((await lies(text)).json()).toMatchObject({
      vorschau: false,
      textAuszug: "Sehr geehrte Damen und Herren, der Nachweis folgt.",
    });
    const keins = await app.inject({
      method: "GET",
      url: `/api/v1/posteingang/${text}/vorschau`,
      headers: { cookie: s.sb63!.cookie },
    });
    expect(keins.statusCode).toBe(404);
    // Another OE learns nothing of the letter.
    const fremd = await app.inject({
      method: "GET",
      url: `/api/v1/posteingang/${pdf.json().id}/vorschau`,
      headers: { cookie: s.sb51!.cookie },
    });
    expect(fremd.statusCode).toBe(404);
  });
});

describe("Vorschläge und Liste: nur was der Leser sehen darf", () => {
  const einlegen = async (who: string, oe: string, content: string, angaben: Record<string, string> = {}) => {
    const { payload, headers } = multipart({ oe, angaben }, { filename: "brief.txt", content });
    const r = await app.inject({
      method: "POST",
      url: "/api/v1/posteingang",
      headers: { ...s[who]!.headers, ...headers },
      payload,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const lies = (who: string, url: string) =>
    app.inject({ method: "GET", url: `/api/v1${url}`, headers: { cookie: s[who]!.cookie } });

  it("shows a Vorschlag into a restricted Akte only to its named person, not to the OE, the Poststelle or other OEs", async () => {
    // A Jugendhilfe Akte (50.10 is restricted by default), readable only by jh51.
    const akte = await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: s.jh51!.headers,
      payload: {
        aktenplaneinheit: "50.10",
        betreff: "Hilfe zur Erziehung GEHEIMAKTE",
        federfuehrendeOe: "51",
        zugriff: [{ benutzer: "jh51", recht: "bearbeiten" }],
      },
    });
    expect(akte.statusCode, akte.body).toBe(201);
    expect(akte.json().zugriffsbeschraenkt).toBe(true);
    const vorgang = await app.inject({
      method: "POST",
      url: `/api/v1/akten/${akte.json().id}/vorgaenge`,
      headers: s.jh51!.headers,
      payload: { betreff: "Inobhutnahme GEHEIMVORGANG" },
    });
    expect(vorgang.statusCode, vorgang.body).toBe(201);
    // A Dokument from a sender who is thereby "known".
    const { payload, headers } = multipart(
      { metadaten: { typ: "Eingang", titel: "Bericht", absender: "Familie Geheimsender" } },
      { filename: "bericht.txt", content: "Bericht" },
    );
    const dok = await app.inject({
      method: "POST",
      url: `/api/v1/vorgaenge/${vorgang.json().id}/dokumente`,
      headers: { ...s.jh51!.headers, ...headers },
      payload,
    });
    expect(dok.statusCode, dok.body).toBe(201);

    const zeichen = await einlegen(
      "sb51",
      "51",
      `Betrifft Ihr Zeichen ${akte.json().aktenzeichen} – bitte Rückruf`,
    );
    const absender = await einlegen("sb63", "63", "Eine Frage zum Bauantrag", {
      absender: "Familie Geheimsender",
    });
    await createWorker(ctx, 2).drain();

    const named = (await lies("jh51", `/posteingang/${zeichen}`)).json();
    expect(named.vorschlag).toMatchObject({
      vorgangId: vorgang.json().id,
      betreff: "Inobhutnahme GEHEIMVORGANG",
    });
    for (const [who, id] of [
      ["sb51", zeichen],
      ["post", zeichen],
      ["sb63", absender],
      ["post", absender],
    ] as const) {
      const einzeln = await lies(who, `/posteingang/${id}`);
      expect(einzeln.statusCode).toBe(200);
      expect(einzeln.json().vorschlag, `${who} ${id}`).toBeNull();
      for (const url of ["/posteingang", `/posteingang/${id}`, "/postkorb", "/posteingang/regeln"]) {
        const body = (await lies(who, url)).body;
        // The items themselves may be seen (the sender is the item's own data); what the
        // restricted Akte holds, and a Grund naming its Aktenzeichen or known sender, not.
        expect(body, `${who} ${url}`).not.toMatch(/GEHEIM|Inobhutnahme|bekannter Absender Familie/);
        if (who !== "sb51" && who !== "post") expect(body).not.toContain(akte.json().aktenzeichen);
        expect(body).not.toContain(`Aktenzeichen ${akte.json().aktenzeichen} im Text`);
      }
    }
    // The sender's own item still shows what the item itself says.
    expect((await lies("sb63", `/posteingang/${absender}`)).json().angaben.absender).toBe(
      "Familie Geheimsender",
    );
  });

  it("lists a small OE's own items when another OE has more than 500 open, and pages through all with a cursor", async () => {
    const { rows } = await ctx.db.query<{ id: string; sha256: string }>(
      "SELECT o.id, (SELECT sha256 FROM blob LIMIT 1) AS sha256 FROM organisationseinheit o WHERE o.kuerzel = '51'",
    );
    // 600 older items of the Jugendamt, written directly: the list must not stop at them.
    await ctx.db.query(
      `INSERT INTO posteingang_eintrag (oe_id, kanal, sha256, dateiname, originaldateiname, mime_typ, groesse, angaben, erstellt_am)
       SELECT $1, 'api', $2, 'massen-' || g || '.txt', 'massen.txt', 'text/plain', 1, '{}'::jsonb, now() - interval '30 days' + g * interval '1 second'
       FROM generate_series(1, 600) g`,
      [rows[0]!.id, rows[0]!.sha256],
    );
    const eigen = await einlegen("sb63", "63", "Ein Brief an die Bauaufsicht");
    const liste = await lies("sb63", "/posteingang");
    expect(liste.json().map((e: { id: string }) => e.id)).toContain(eigen);
    expect(liste.json().every((e: { oe: { kuerzel: string } }) => e.oe.kuerzel === "63")).toBe(true);

    const gesamt = (
      await ctx.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM posteingang_eintrag WHERE status = 'neu'",
      )
    ).rows[0]!.n;
    const gesehen: string[] = [];
    let nach: string | undefined;
    for (let seite = 0; seite < 20; seite++) {
      const r = await lies("post", `/posteingang?limit=250${nach ? `&nach=${nach}` : ""}`);
      expect(r.statusCode, r.body).toBe(200);
      gesehen.push(...r.json().map((e: { id: string }) => e.id));
      nach = r.headers["x-naechste-seite"] as string | undefined;
      if (!nach) break;
    }
    expect(gesehen).toHaveLength(gesamt);
    expect(new Set(gesehen).size).toBe(gesamt);
    expect(gesehen).toContain(eigen);
    expect((await lies("post", "/posteingang?nach=kaputt")).statusCode).toBe(400);
  });
});
