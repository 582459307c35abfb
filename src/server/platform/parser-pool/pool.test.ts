import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { aufgabenModul, AufgabenFehler, ParserPool, PoolAbbruch } from "./pool.js";
import type { aufgaben } from "./testaufgaben.js";

const modul = aufgabenModul<typeof aufgaben>(import.meta.url, "./testaufgaben");
let pool: ParserPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

/** Event-loop delay of the test's own thread while `arbeit` runs, as p99 in milliseconds. */
async function lagP99<T>(
  arbeit: () => Promise<T>,
): Promise<{ p99: number; ergebnis: PromiseSettledResult<T> }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const [ergebnis] = await Promise.allSettled([arbeit()]);
  h.disable();
  return { p99: h.percentile(99) / 1e6, ergebnis: ergebnis! };
}

describe("ParserPool", () => {
  it("runs a named task in a thread and returns its result, bytes included", async () => {
    pool = new ParserPool({ groesse: 1, maxHeapMb: 64 });
    expect(await pool.run(modul, "verdopple", 21, { maxSekunden: 10 })).toBe(42);
    const bytes = await pool.run(modul, "bytes", 1000, { maxSekunden: 10 });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.length).toBe(1000);
  });

  it("passes a task's own error on with its name, and keeps the thread", async () => {
    pool = new ParserPool({ groesse: 1, maxHeapMb: 64 });
    const fehler = await pool.run(modul, "wirf", "kaputt", { maxSekunden: 10 }).catch((e: unknown) => e);
    expect(fehler).toBeInstanceOf(AufgabenFehler);
    expect(fehler).toMatchObject({ name: "KaputtException", message: "kaputt", code: "kaputt" });
    expect(await pool.run(modul, "verdopple", 2, { maxSekunden: 10 })).toBe(4);
    expect(pool.faedenAnzahl).toBe(1);
  });

  it("kills a thread that loops past its wall-clock limit, while the event loop stays free", async () => {
    pool = new ParserPool({ groesse: 1, maxHeapMb: 64 });
    const p = pool;
    const { p99, ergebnis } = await lagP99(() =>
      p.run(modul, "endlos", undefined as never, { maxSekunden: 1 }),
    );
    expect(ergebnis.status).toBe("rejected");
    const grund = (ergebnis as PromiseRejectedResult).reason as PoolAbbruch;
    expect(grund).toBeInstanceOf(PoolAbbruch);
    expect(grund.grund).toBe("zeitlimit");
    expect(grund.message).toMatch(/länger als 1 Sekunde und wurde abgebrochen/);
    expect(p99).toBeLessThan(200);
    // A fresh thread takes the next task.
    expect(await pool.run(modul, "verdopple", 5, { maxSekunden: 10 })).toBe(10);
  });

  it("kills a thread that outgrows its heap limit, and replaces it", async () => {
    pool = new ParserPool({ groesse: 1, maxHeapMb: 48 });
    const p = pool;
    const { p99, ergebnis } = await lagP99(() =>
      p.run(modul, "speicherfresser", undefined as never, { maxSekunden: 60 }),
    );
    expect(ergebnis.status).toBe("rejected");
    expect((ergebnis as PromiseRejectedResult).reason).toMatchObject({
      grund: "speicher",
      message: expect.stringMatching(/mehr als 48 MB Speicher/),
    });
    expect(p99).toBeLessThan(200);
    expect(await pool.run(modul, "verdopple", 7, { maxSekunden: 10 })).toBe(14);
  });

  it("kills a thread whose Buffers outgrow the off-heap limit while it never yields, and replaces it", async () => {
    pool = new ParserPool({ groesse: 1, maxHeapMb: 64, maxExternMb: 32 });
    const p = pool;
    const { p99, ergebnis } = await lagP99(() =>
      p.run(modul, "pufferfresser", undefined as never, { maxSekunden: 60 }),
    );
    expect(ergebnis.status).toBe("rejected");
    expect((ergebnis as PromiseRejectedResult).reason).toMatchObject({
      grund: "speicher",
      message: "Die Verarbeitung brauchte mehr als 32 MB Pufferspeicher und wurde abgebrochen.",
    });
    expect(p99).toBeLessThan(200);
    expect(await pool.run(modul, "verdopple", 8, { maxSekunden: 10 })).toBe(16);
    expect(pool.faedenAnzahl).toBe(1);
  });

  it("lets a task that discards far more Buffers than the off-heap limit finish, garbage is not held", async () => {
    pool = new ParserPool({ groesse: 1, maxHeapMb: 64, maxExternMb: 32 });
    // 1.6 GB of buffers go through a thread that may hold 32 MB (and holds 24).
    const ergebnis = await pool.run(
      modul,
      "pufferdurchsatz",
      { haltenMb: 24, anzahl: 400 },
      { maxSekunden: 120 },
    );
    expect(ergebnis).toEqual({ verworfenMb: 1600, gehaltenMb: 24 });
  });

  it("queues tasks beyond its size and runs them all", async () => {
    pool = new ParserPool({ groesse: 2, maxHeapMb: 64 });
    const p = pool;
    const ergebnisse = await Promise.all(
      Array.from({ length: 6 }, (_, i) => p.run(modul, "verdopple", i, { maxSekunden: 10 })),
    );
    expect(ergebnisse).toEqual([0, 2, 4, 6, 8, 10]);
    expect(pool.faedenAnzahl).toBeLessThanOrEqual(2);
  });

  it("fails waiting tasks when closed", async () => {
    pool = new ParserPool({ groesse: 1, maxHeapMb: 64 });
    const laufend = pool
      .run(modul, "endlos", undefined as never, { maxSekunden: 30 })
      .catch((e: unknown) => e);
    const wartend = pool.run(modul, "verdopple", 1, { maxSekunden: 30 }).catch((e: unknown) => e);
    await pool.close();
    expect(await laufend).toMatchObject({ grund: "geschlossen" });
    expect(await wartend).toMatchObject({ grund: "geschlossen" });
  });
});
