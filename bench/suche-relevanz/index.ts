import { indexiereNeu } from "../../src/server/modules/suche/suche.service.js";
import { benchContext, benchDatabase, fmt, machine, summary } from "../harness.js";
import { ANFRAGEN } from "./anfragen.js";
import { berichtZeilen, ladeRelevanzset, messeRelevanz } from "./relevanz.js";

/**
 * `npm run bench -- suche-relevanz`: the relevance set (bench/suche-relevanz/) in a fresh database,
 * loaded through the API; recall@10 and MRR of our search against plain PostgreSQL full-text search.
 * BENCH_FUELLER sets the number of generated noise letters (default 400).
 */
export async function run(): Promise<void> {
  console.log(`Suche – Relevanz – ${machine()}`);
  const { db, dir, close } = await benchDatabase();
  try {
    const ctx = await benchContext(db, dir);
    const start = performance.now();
    const geladen = await ladeRelevanzset(ctx, { fueller: Number(process.env.BENCH_FUELLER ?? 400) });
    console.log(
      `\n${geladen.schluessel.size} Dokumente geladen (Upload, Texterkennung, Indexierung) in ${fmt((performance.now() - start) / 1000, 1)} s; ${ANFRAGEN.length} Anfragen.\n`,
    );
    const bericht = await messeRelevanz(geladen);
    for (const z of berichtZeilen(bericht)) console.log(z);
    const u = summary(bericht.zeiten.unsere);
    const b = summary(bericht.zeiten.basis);
    console.log(
      `\nZeit je Anfrage (klein, ${geladen.schluessel.size} Dokumente; die Geschwindigkeit misst \`npm run bench -- search\`): ` +
        `p50 ${fmt(u.p50)} ms, p95 ${fmt(u.p95)} ms | Boden (Vektoren je Anfrage berechnet, ohne Index) p50 ${fmt(b.p50)} ms, p95 ${fmt(b.p95)} ms | Verhältnis p50 ${fmt(u.p50 / b.p50, 1)} ×`,
    );

    // Re-index (resumable job): every row anew, against the floor of recomputing the vectors in one statement.
    const t0 = performance.now();
    await db.query("UPDATE suchindex SET tsv = to_tsvector('german', inhalt)");
    const boden = performance.now() - t0;
    const t1 = performance.now();
    const neu = await indexiereNeu(ctx, { alle: true });
    const dauer = performance.now() - t1;
    const proSekunde = neu.anzahl / (dauer / 1000);
    console.log(
      `Neu-Indizierung (indexiereNeu, Stapel 200): ${neu.anzahl} Dokumente in ${fmt(dauer / 1000, 1)} s = ${fmt(proSekunde, 0)} Dokumente/s ` +
        `(Boden: ein UPDATE mit to_tsvector ${fmt(boden / 1000, 2)} s, Verhältnis ${fmt(dauer / boden, 1)} ×); ` +
        `hochgerechnet auf 1.000.000 Dokumente ${fmt(1_000_000 / proSekunde / 3600, 1)} h; RSS max dieses Prozesses ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB.`,
    );
    await geladen.app.close();
  } finally {
    await close();
  }
}
