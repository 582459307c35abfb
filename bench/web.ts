import { stat } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { launchChromium } from "../test/helpers/chromium.js";
import { buildApp, WEB_DIR } from "../src/server/app.js";
import { seedDemo } from "../src/server/demo/seed.js";
import { benchContext, benchDatabase, fmt, machine, summary } from "./harness.js";

const PASSWORT = "Bench-Passwort-2026";

export async function run(): Promise<void> {
  console.log(`Web-Client – ${machine()}`);
  const { db, dir, close } = await benchDatabase();
  const ctx = await benchContext(db, dir);
  await seedDemo(ctx, PASSWORT);
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    // 1. What the first screen (the login page) transfers: every JS and CSS response, as sent.
    const context = await browser.newContext({ locale: "de-DE" });
    const page = await context.newPage();
    const assets: { url: string; typ: string; gesendet: number; gzip: number }[] = [];
    page.on("requestfinished", (request) => {
      const typ = request.resourceType();
      if (typ !== "script" && typ !== "stylesheet") return;
      void request.sizes().then(async (sizes) => {
        const file = path.join(WEB_DIR, new URL(request.url()).pathname);
        const gzip = await stat(`${file}.gz`).then(
          (s) => s.size,
          () => sizes.responseBodySize,
        );
        assets.push({ url: new URL(request.url()).pathname, typ, gesendet: sizes.responseBodySize, gzip });
      });
    });
    await page.goto(`${url}/`, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "Anmeldung" }).waitFor();
    await new Promise((r) => setTimeout(r, 200));
    const gesendet = assets.reduce((s, a) => s + a.gesendet, 0);
    const gzip = assets.reduce((s, a) => s + a.gzip, 0);
    console.log("\nErster Bildschirm (Anmeldung), übertragenes JS und CSS:");
    for (const a of assets.sort((x, y) => y.gzip - x.gzip))
      console.log(
        `  ${a.url.padEnd(44)} ${a.typ.padEnd(10)} gesendet (br) ${fmt(a.gesendet / 1024)} KB   gzip ${fmt(a.gzip / 1024)} KB`,
      );
    console.log(
      `  Summe: gesendet (brotli) ${fmt(gesendet / 1024)} KB, als gzip ${fmt(gzip / 1024)} KB   Ziel < 250 KB gzip: ${gzip < 250 * 1024 ? "erreicht" : "VERFEHLT"}`,
    );

    // 2. Time to the first meaningful render of the Akte view: from navigation start until the
    //    Akte's heading and its metadata are on screen, 20 cold page loads with a warm server.
    await page.getByLabel("Benutzername").fill("mueller");
    await page.getByLabel("Passwort", { exact: true }).fill(PASSWORT);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByRole("heading", { name: /Guten Tag/ }).waitFor();
    const { rows } = await db.query<{ id: string; aktenzeichen: string }>(
      "SELECT id, aktenzeichen FROM akte WHERE aktenzeichen LIKE '63.10-%' ORDER BY lfdnr LIMIT 1",
    );
    const akte = rows[0]!;
    const zeiten: number[] = [];
    for (let i = 0; i < 21; i++) {
      const p = await context.newPage();
      await p.goto(`${url}/akten/${akte.id}`, { waitUntil: "commit" });
      await p.waitForFunction(
        (az) =>
          document.querySelector("h1")?.textContent === `Akte ${az}` &&
          document.querySelector("dl.merkmale dd") !== null,
        akte.aktenzeichen,
        { polling: "raf" },
      );
      const ms = await p.evaluate(() => performance.now());
      if (process.env.BENCH_DETAIL && i === 20) {
        console.log(
          await p.evaluate(() =>
            JSON.stringify(
              [
                ...performance.getEntriesByType("navigation"),
                ...performance.getEntriesByType("resource"),
              ].map((e) => [
                e.name.replace(location.origin, ""),
                Math.round(e.startTime),
                Math.round((e as PerformanceResourceTiming).responseEnd),
              ]),
            ),
          ),
        );
      }
      if (i > 0) zeiten.push(ms);
      await p.close();
    }
    const s = summary(zeiten);
    console.log(
      `\nAkten-Ansicht bis zur ersten sinnvollen Darstellung (20 Ladevorgänge, localhost): Median ${fmt(s.p50, 0)} ms, p95 ${fmt(s.p95, 0)} ms   Ziel < 500 ms: ${s.p50 < 500 ? "erreicht" : "VERFEHLT"}`,
    );
  } finally {
    await browser.close();
    await app.close();
    await close();
  }
}
