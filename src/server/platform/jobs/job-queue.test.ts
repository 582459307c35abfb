import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { ManualClock } from "../clock.js";
import { silentLogger } from "../logger.js";
import { backoffMs, JobQueue } from "./job-queue.js";
import { PermanentJobError, Worker } from "./worker.js";

let ctx: TestContext;
const clock = new ManualClock("2026-03-02T08:00:00Z");

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  await ctx.db.query("CREATE TABLE testlauf (job_art text, nr integer, worker text)");
});
afterAll(async () => ctx.cleanup());

describe("Jobs", () => {
  it("runs each of 300 jobs exactly once with three competing workers", async () => {
    for (let i = 0; i < 300; i++) await ctx.jobs.enqueue(ctx.db, "zaehlen", { nr: i });
    const workers = [1, 2, 3].map(
      (n) =>
        new Worker(
          new JobQueue(ctx.db, clock),
          {
            zaehlen: async (nutzlast) => {
              await ctx.db.query("INSERT INTO testlauf VALUES ('zaehlen', $1, $2)", [nutzlast.nr, `w${n}`]);
            },
          },
          silentLogger,
          { concurrency: 4 },
        ),
    );
    await Promise.all(workers.map((w) => w.drain()));
    const { rows } = await ctx.db.query<{ n: number; distinct_nr: number; workers: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT nr)::int AS distinct_nr, count(DISTINCT worker)::int AS workers FROM testlauf WHERE job_art = 'zaehlen'",
    );
    expect(rows[0]).toMatchObject({ n: 300, distinct_nr: 300 });
    expect(rows[0]!.workers).toBeGreaterThan(1);
    const open = await ctx.db.query("SELECT 1 FROM job WHERE art = 'zaehlen' AND status <> 'erledigt'");
    expect(open.rowCount).toBe(0);
  });

  it("retries a failing job with growing backoff and buries it with its last error", async () => {
    const id = (await ctx.jobs.enqueue(ctx.db, "kaputt", {}, { maxVersuche: 3 }))!;
    let attempts = 0;
    const failing = new Worker(
      ctx.jobs,
      {
        kaputt: async () => {
          attempts++;
          throw new Error(`Fehlschlag ${attempts}`);
        },
      },
      silentLogger,
      { concurrency: 1 },
    );
    await failing.drain();
    expect(attempts).toBe(1);
    let job = await ctx.jobs.get(id);
    expect(job).toMatchObject({ status: "wartend", versuche: 1, letzterFehler: "Fehlschlag 1" });
    // Not due before its backoff ends.
    await failing.drain();
    expect(attempts).toBe(1);
    clock.advance(60 * 60_000);
    await failing.drain();
    clock.advance(60 * 60_000);
    await failing.drain();
    job = await ctx.jobs.get(id);
    expect(attempts).toBe(3);
    expect(job).toMatchObject({ status: "tot", versuche: 3, letzterFehler: "Fehlschlag 3" });
  });

  it("buries a job at once on a permanent error or an unknown kind", async () => {
    const permanent = (await ctx.jobs.enqueue(ctx.db, "aussichtslos", {}))!;
    const unknown = (await ctx.jobs.enqueue(ctx.db, "gibtsnicht", {}))!;
    const worker = new Worker(
      ctx.jobs,
      { aussichtslos: async () => Promise.reject(new PermanentJobError("Datei verschlüsselt")) },
      silentLogger,
      { concurrency: 2 },
    );
    await worker.drain();
    expect(await ctx.jobs.get(permanent)).toMatchObject({
      status: "tot",
      versuche: 1,
      letzterFehler: "Datei verschlüsselt",
    });
    expect(await ctx.jobs.get(unknown)).toMatchObject({
      status: "tot",
      letzterFehler: 'Unbekannte Jobart "gibtsnicht"',
    });
  });

  it("keeps one pending job per key", async () => {
    const first = await ctx.jobs.enqueue(ctx.db, "texterkennung", { dokument: 1 }, { schluessel: "dok-1" });
    const second = await ctx.jobs.enqueue(ctx.db, "texterkennung", { dokument: 1 }, { schluessel: "dok-1" });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    await new Worker(ctx.jobs, { texterkennung: async () => undefined }, silentLogger, {
      concurrency: 1,
    }).drain();
    expect(
      await ctx.jobs.enqueue(ctx.db, "texterkennung", { dokument: 1 }, { schluessel: "dok-1" }),
    ).not.toBeNull();
  });

  it("gives the job of a crashed worker (lease expired) to another", async () => {
    await ctx.db.query("DELETE FROM job WHERE status = 'wartend'");
    const id = (await ctx.jobs.enqueue(ctx.db, "langsam", {}))!;
    const claimed = await ctx.jobs.claim("abgestuerzt", 1, 60_000);
    expect(claimed.map((j) => j.id)).toContain(id);
    expect(await ctx.jobs.claim("anderer", 1, 60_000)).toEqual([]);
    clock.advance(2 * 60_000);
    let ran = 0;
    await new Worker(ctx.jobs, { langsam: async () => void ran++ }, silentLogger, { concurrency: 1 }).drain();
    expect(ran).toBe(1);
    expect(await ctx.jobs.get(id)).toMatchObject({ status: "erledigt", versuche: 2 });
    // The crashed worker's late completion changes nothing.
    await ctx.jobs.complete(claimed[0]!, "abgestuerzt");
    expect((await ctx.jobs.get(id))?.status).toBe("erledigt");
  });

  it("backs off exponentially up to an hour", () => {
    expect(backoffMs(1, 0.5)).toBe(10_000);
    expect(backoffMs(3, 0.5)).toBe(40_000);
    expect(backoffMs(30, 0.5)).toBe(3_600_000);
  });
});

describe("Stopping a worker", () => {
  it("stops at once when the stop comes while a round is busy, though it only polls every ten minutes", async () => {
    let angekommen: () => void = () => undefined;
    let weiter: () => void = () => undefined;
    const imGang = new Promise<void>((r) => (angekommen = r));
    let runden = 0;
    const worker = new Worker(ctx.jobs, {}, silentLogger, {
      concurrency: 1,
      pollMs: 600_000,
      periodic: {
        intervalMs: 1,
        run: () => {
          runden++;
          angekommen();
          return new Promise<void>((r) => (weiter = r));
        },
      },
    });
    worker.start();
    await imGang;
    // The stop (and its wake-up) comes while the loop is inside its round, not asleep.
    const gestoppt = worker.stop().then(() => "gestoppt" as const);
    weiter();
    const ergebnis = await Promise.race([
      gestoppt,
      new Promise<"haengt">((r) => setTimeout(() => r("haengt"), 30_000).unref()),
    ]);
    expect(ergebnis).toBe("gestoppt");
    expect(runden).toBe(1);
  });
});

describe("LISTEN after a lost connection", () => {
  it("survives the server ending its connection (restart, kill -9 of the postmaster) and listens again", async () => {
    const queue = new JobQueue(ctx.db, clock);
    let geweckt = 0;
    const stop = await queue.listen(() => geweckt++, 50);
    const horcher = async () =>
      (
        await ctx.db.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN aktenwerk_jobs'",
        )
      ).rows.map((r) => r.pid);
    const [vorher] = await horcher();
    expect(vorher).toBeGreaterThan(0);
    // What a dying server does to every backend: FATAL 57P01 on an idle, checked-out connection.
    // Without an error handler this was an unhandled 'error' event that ended the whole process.
    await ctx.db.query("SELECT pg_terminate_backend($1)", [vorher]);
    await expect.poll(horcher).toHaveLength(1);
    expect((await horcher())[0]).not.toBe(vorher);
    const davor = geweckt;
    await ctx.jobs.enqueue(ctx.db, "nach_dem_abbruch", {});
    await expect.poll(() => geweckt).toBeGreaterThan(davor);
    await stop();
    await expect.poll(horcher).toEqual([]);
  });
});
