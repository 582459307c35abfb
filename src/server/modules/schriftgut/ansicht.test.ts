import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { imageSize } from "image-size";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { einfachesPdf } from "../../demo/pdf.js";
import { createWorker } from "../../main.js";
import { STANDARD_GRENZEN } from "../content/extraktion.js";
import { erzeugeVorschau } from "../content/vorschau.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { dokumentHochladen } from "../../../../test/helpers/dokumente.js";
import { testAemterMitAktenplan } from "../../../../test/helpers/schriftgut.js";
import {
  KORPUS,
  programmDa,
  tesseractSpracheDa,
  voraussetzung,
} from "../../../../test/helpers/voraussetzung.js";
import { bereinigeHtml } from "./email-ansicht.js";

const korpusDa = voraussetzung(
  "Testkorpus",
  existsSync(path.join(KORPUS, "SOURCES.md")),
  `fehlt unter ${KORPUS}`,
);
const ghostscriptDa = voraussetzung("Ghostscript", programmDa("gs"), "Debian-Paket ghostscript");
const tesseractDa = voraussetzung(
  "tesseract mit deu",
  tesseractSpracheDa("deu"),
  "Debian-Paket tesseract-ocr-deu",
);

let ctx: TestContext;
let app: FastifyInstance;
let sb: Session;
let fremd: Session;
let vorgang: string;

const hochladen = (filename: string, content: Buffer | string) =>
  dokumentHochladen(app, sb, vorgang, { filename, content });

const holen = (session: Session, url: string) =>
  app.inject({ method: "GET", url: `/api/v1${url}`, headers: { cookie: session.cookie } });

beforeAll(async () => {
  ctx = await createTestContext();
  app = await buildApp(ctx);
  await testAemterMitAktenplan(ctx);
  await createUser(ctx, { benutzername: "sb63", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
  await createUser(ctx, { benutzername: "sb51", rollen: [{ oe: "51", rolle: "Sachbearbeitung" }] });
  sb = await login(app, "sb63");
  fremd = await login(app, "sb51");
  const akte = (
    await app.inject({
      method: "POST",
      url: "/api/v1/akten",
      headers: sb.headers,
      payload: { aktenplaneinheit: "63.20", betreff: "Vorbescheid Gartenweg 3", federfuehrendeOe: "63" },
    })
  ).json();
  vorgang = (
    await app.inject({
      method: "POST",
      url: `/api/v1/akten/${akte.id}/vorgaenge`,
      headers: sb.headers,
      payload: { betreff: "Voranfrage" },
    })
  ).json().id;
});
afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("Vorschaubild der ersten Seite", () => {
  it("draws the first page of a PDF as a 320 px PNG, for those who may see the Dokument only", async () => {
    const id = await hochladen("bescheid.pdf", einfachesPdf(["Vorbescheid", "Gartenweg 3"], "Vorbescheid"));
    const text = await hochladen("notiz.txt", "Nur Text, kein Bild.");
    await createWorker(ctx, 2).drain();

    const dokument = (await holen(sb, `/dokumente/${id}`)).json();
    expect(dokument.texterkennung).toMatchObject({ status: "fertig", vorschau: true });
    const bild = await holen(sb, `/dokumente/${id}/versionen/1/vorschau`);
    expect(bild.statusCode).toBe(200);
    expect(bild.headers["content-type"]).toBe("image/png");
    expect(imageSize(bild.rawPayload)).toMatchObject({ type: "png", width: 320 });
    // A page is not blank: the rendered text leaves dark pixels (PNG compresses blank to almost nothing).
    expect(bild.rawPayload.length).toBeGreaterThan(1500);

    expect((await holen(fremd, `/dokumente/${id}/versionen/1/vorschau`)).statusCode).toBe(404);
    expect((await holen(sb, `/dokumente/${text}`)).json().texterkennung.vorschau).toBe(false);
    const keine = await holen(sb, `/dokumente/${text}/versionen/1/vorschau`);
    expect(keine.statusCode).toBe(404);
    expect(keine.json().detail).toMatch(/Vorschau/);
  });

  /** Draws a one-page A4 PDF with pdf.js or Ghostscript: a 320 px PNG, and nothing for a file that is no PDF. */
  async function zeichneA4(ghostscript: boolean) {
    const ordner = await mkdtemp(path.join(os.tmpdir(), "aktenwerk-vorschau-test-"));
    try {
      const datei = path.join(ordner, "bescheid.pdf");
      await writeFile(datei, einfachesPdf(["Bescheid", "Gartenweg 3"], "Bescheid"));
      const original = { datei, mimeTyp: "application/pdf" };
      // Given as the OCR rendition: scanned pages are what Ghostscript draws.
      const png = await erzeugeVorschau(original, datei, STANDARD_GRENZEN, ghostscript);
      expect(png).not.toBeNull();
      // A4 at 320 px wide is 453 px high, whoever draws it.
      expect(imageSize(png!)).toMatchObject({ type: "png", width: 320, height: 453 });
      expect(png!.length).toBeGreaterThan(1500);
      // A file that is not a PDF gets no preview, and no exception.
      await writeFile(datei, "kein PDF");
      expect(await erzeugeVorschau(original, datei, STANDARD_GRENZEN, ghostscript)).toBeNull();
    } finally {
      await rm(ordner, { recursive: true, force: true });
    }
  }

  it("draws a scanned page with pdf.js where there is no Ghostscript, A4 at 320 × 453 px", async () => {
    await zeichneA4(false);
  });

  it.runIf(ghostscriptDa)(
    "draws a scanned page with Ghostscript (outside the main thread), at the same size",
    async () => {
      expect(ctx.tools.ghostscript.gefunden, "gs liegt im PATH, wurde vom Server aber nicht erkannt").toBe(
        true,
      );
      await zeichneA4(true);
    },
  );

  it.runIf(korpusDa && tesseractDa)(
    "scales pictures and gives scanned TIFFs a preview through the OCR rendition",
    async () => {
      const png = await hochladen("foto.png", await readFile(path.join(KORPUS, "simple.png")));
      const tiff = await hochladen("scan.tiff", await readFile(path.join(KORPUS, "simple.tiff")));
      const abgeschnitten = (await readFile(path.join(KORPUS, "simple.pdf"))).subarray(0, 400);
      const kaputt = await hochladen("kaputt.pdf", abgeschnitten);
      await createWorker(ctx, 2).drain();

      const bild = await holen(sb, `/dokumente/${png}/versionen/1/vorschau`);
      expect(bild.statusCode).toBe(200);
      expect(imageSize(bild.rawPayload).width).toBeLessThanOrEqual(320);

      const scan = (await holen(sb, `/dokumente/${tiff}`)).json();
      // The TIFF is drawn from the OCR rendition tesseract makes.
      expect(
        ctx.tools.tesseract.gefunden,
        "tesseract liegt im PATH, wurde vom Server aber nicht erkannt",
      ).toBe(true);
      expect(scan.texterkennung.vorschau).toBe(true);

      const defekt = (await holen(sb, `/dokumente/${kaputt}`)).json();
      expect(defekt.texterkennung).toMatchObject({ status: "fehlgeschlagen", vorschau: false });
    },
  );
});

describe("E-Mail-Ansicht", () => {
  it("removes scripts, handlers, forms, styles and remote images but keeps text, links and embedded images", () => {
    const { html, externeBilderEntfernt } = bereinigeHtml(
      `<p onclick="alert(1)" style="color:red">Sehr geehrte <b>Damen</b></p>
       <script>alert(1)</script><iframe src="https://evil.example"></iframe>
       <form action="https://evil.example"><input name="pw"></form>
       <a href="javascript:alert(1)">x</a><a href="https://kreis.example/antrag">Antrag</a>
       <img src="https://tracker.example/p.gif"><img src="data:image/png;base64,iVBORw0KGgo=" alt="Logo">
       <svg><script>alert(1)</script></svg><style>body{}</style>`,
    );
    expect(html).toContain("Sehr geehrte <b>Damen</b>");
    expect(html).not.toMatch(/script|onclick|style|iframe|<form|<input|javascript:|tracker|<svg/i);
    expect(html).toContain('href="https://kreis.example/antrag"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain('src="data:image/png;base64,');
    expect(externeBilderEntfernt).toBe(true);
  });

  it("shows an e-mail with header, text, sanitised HTML and its Anlagen; other types are refused", async () => {
    const eml = [
      "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <mueller@example.de>",
      "To: bauaufsicht@kreis.example",
      "Subject: =?UTF-8?Q?Bauvoranfrage_Gr=C3=BCnstra=C3=9Fe?=",
      "Date: Mon, 23 Nov 2026 09:00:00 +0100",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      'Content-Type: multipart/alternative; boundary="b2"',
      "",
      "--b2",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Anbei die Unterlagen.",
      "--b2",
      "Content-Type: text/html; charset=utf-8",
      "",
      '<p>Anbei die <b>Unterlagen</b>.</p><img src="https://tracker.example/x.gif"><script>alert(1)</script>',
      "--b2--",
      "--b1",
      'Content-Type: application/pdf; name="lageplan.pdf"',
      'Content-Disposition: attachment; filename="lageplan.pdf"',
      "Content-Transfer-Encoding: base64",
      "",
      einfachesPdf(["Lageplan"]).toString("base64"),
      "--b1--",
      "",
    ].join("\r\n");
    const id = await hochladen("anfrage.eml", eml);
    const r = await holen(sb, `/dokumente/${id}/versionen/1/email`);
    expect(r.statusCode, r.body).toBe(200);
    const mail = r.json();
    expect(mail).toMatchObject({
      betreff: "Bauvoranfrage Grünstraße",
      von: "Jürgen Müller <mueller@example.de>",
      an: ["bauaufsicht@kreis.example"],
      datum: "2026-11-23T08:00:00.000Z",
      externeBilderEntfernt: true,
      anlagen: [{ dateiname: "lageplan.pdf", mimeTyp: "application/pdf" }],
    });
    expect(mail.text).toContain("Anbei die Unterlagen.");
    expect(mail.html).toContain("<b>Unterlagen</b>");
    expect(mail.html).not.toMatch(/script|tracker/);

    expect((await holen(fremd, `/dokumente/${id}/versionen/1/email`)).statusCode).toBe(404);
    const pdf = await hochladen("plan.pdf", einfachesPdf(["Plan"]));
    const keinMail = await holen(sb, `/dokumente/${pdf}/versionen/1/email`);
    expect(keinMail.statusCode).toBe(422);
    expect(keinMail.json().detail).toBe("Diese Version ist keine E-Mail.");
  });

  it.runIf(korpusDa)("keeps the embedded image of a real HTML e-mail and drops the remote one", async () => {
    const id = await hochladen("html.eml", await readFile(path.join(KORPUS, "html.eml")));
    const mail = (await holen(sb, `/dokumente/${id}/versionen/1/email`)).json();
    expect(mail.betreff).toBe("HTML Message");
    expect(mail.html).toContain("Some Text");
    expect(mail.html).toMatch(/<img src="data:image\/png;base64,/);
    expect(mail.html).not.toContain("localhost:8080");
    expect(mail.externeBilderEntfernt).toBe(true);
  });
});
