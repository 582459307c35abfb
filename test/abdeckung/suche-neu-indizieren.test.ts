import { spawn } from "node:child_process";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.js";
import { createWorker } from "../../src/server/main.js";
import { SUCHINDEX_FASSUNG } from "../../src/server/modules/suche/index.js";
import { systemClock } from "../../src/server/platform/clock.js";
import { anfrage } from "../helpers/anfrage.js";
import { createTestContext, type TestContext } from "../helpers/context.js";
import { dokumentHochladen } from "../helpers/dokumente.js";
import { createUser, login, type Session } from "../helpers/factories.js";
import { BIN, childEnv, runCli } from "../helpers/process.js";
import { testAemterMitAktenplan } from "../helpers/schriftgut.js";

// `aktenwerk suche neu-indizieren` (issue #16): index rows written with older rules are indexed
// anew in batches that commit one by one, so a run killed with SIGKILL continues where it stopped.

const LANGSAM = 300_000;
const DOKUMENTE = 120;

let ctx: TestContext;
let app: FastifyInstance;
let env: NodeJS.ProcessEnv;
let mueller: Session;

const stand = async () =>
  (
    await ctx.db.query<{ aktuell: number; gesamt: number }>(
      "SELECT count(*) FILTER (WHERE fassung = $1)::int AS aktuell, count(*)::int AS gesamt FROM suchindex",
      [SUCHINDEX_FASSUNG],
    )
  ).rows[0]!;

const treffer = async (q: string) =>
  (await anfrage(app, mueller, "GET", `/suche?q=${encodeURIComponent(q)}&art=dokument`)).json()
    .anzahl as number;

beforeAll(async () => {
  ctx = await createTestContext({ clock: systemClock });
  app = await buildApp(ctx);
  await testAemterMitAktenplan(ctx);
  await createUser(ctx, { benutzername: "mueller", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] });
  mueller = await login(app, "mueller");
  env = { ...childEnv(ctx.dataDir), DATABASE_URL: ctx.databaseUrl };
  const akte = await anfrage(app, mueller, "POST", "/akten", {
    aktenplaneinheit: "63.20",
    betreff: "Rückbau",
    federfuehrendeOe: "63",
  });
  const vorgang = (
    await anfrage(app, mueller, "POST", `/akten/${akte.json().id}/vorgaenge`, { betreff: "Rückbau" })
  ).json().id as string;
  for (let i = 0; i < DOKUMENTE; i++)
    await dokumentHochladen(app, mueller, vorgang, {
      filename: `anordnung-${i}.txt`,
      content: `Rückbauanordnung Nr. ${i} für die Scheune am Lindenweg.`,
    });
  await createWorker(ctx, 2).drain();
}, LANGSAM);

afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("aktenwerk suche neu-indizieren", { timeout: LANGSAM }, () => {
  it("indexes anew the rows of older rules, continues after kill -9 where it stopped, and is done once", async () => {
    expect(await stand()).toEqual({ aktuell: DOKUMENTE, gesamt: DOKUMENTE });
    // As rows written before this version carry them: old rules, and vectors without the parts.
    await ctx.db.query("UPDATE suchindex SET fassung = 0, tsv = to_tsvector('simple', 'alt')");
    expect(await treffer("Scheune")).toBe(0);

    const child = spawn(process.execPath, [BIN, "suche", "neu-indizieren", "--stapel", "1"], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const beendet = new Promise<NodeJS.Signals | null>((resolve) => child.on("close", (_c, s) => resolve(s)));
    // Killed as soon as a few batches are committed, in the middle of the run.
    while ((await stand()).aktuell < 3 && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGKILL");
    expect(await beendet).toBe("SIGKILL");
    const nachAbbruch = (await stand()).aktuell;
    expect(nachAbbruch).toBeGreaterThanOrEqual(3);
    expect(nachAbbruch).toBeLessThan(DOKUMENTE);
    // Each committed batch is complete: those rows are found again, the others not yet.
    expect(await treffer("Scheune")).toBe(nachAbbruch);

    const weiter = await runCli(["suche", "neu-indizieren", "--json"], env);
    expect(weiter.code, weiter.stderr).toBe(0);
    const bericht = JSON.parse(weiter.stdout);
    expect(bericht).toMatchObject({
      schonAktuell: nachAbbruch,
      anzahl: DOKUMENTE - nachAbbruch,
      gesamt: DOKUMENTE,
    });
    expect(await stand()).toEqual({ aktuell: DOKUMENTE, gesamt: DOKUMENTE });
    expect(await treffer("Scheune")).toBe(DOKUMENTE);
    // The part of the compound is found too ("Rückbau" in "Rückbauanordnung").
    expect(await treffer("Anordnung")).toBe(DOKUMENTE);

    const nochmal = await runCli(["suche", "neu-indizieren", "--json"], env);
    expect(JSON.parse(nochmal.stdout)).toMatchObject({ anzahl: 0, schonAktuell: DOKUMENTE });
  });

  it("refuses a batch size that is no whole number from 1 to 10000, in German", async () => {
    const r = await runCli(["suche", "neu-indizieren", "--stapel", "0"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("Fehler: --stapel: bitte eine ganze Zahl von 1 bis 10000 angeben, nicht „0“.\n");
  });
});
