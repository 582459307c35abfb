import { benchContext, benchDatabase, fmt, machine } from "../harness.js";
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
    await geladen.app.close();
  } finally {
    await close();
  }
}
