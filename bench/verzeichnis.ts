import { readFileSync } from "node:fs";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { Client } from "ldapts";
import { createOrganisationseinheit } from "../src/server/modules/access/access.service.js";
import { gleicheVerzeichnisAb, legeGruppenzuordnungAn } from "../src/server/modules/access/index.js";
import { loadConfig, type LdapKonfiguration } from "../src/server/platform/config.js";
import { grosserLandkreis, landkreisLdif, slapdDa, starteSlapd } from "../test/helpers/slapd.js";
import { benchContext, benchDatabase, fmt, machine } from "./harness.js";

const PERSONEN = Number(process.env.BENCH_PERSONEN ?? 5000);
const GRUPPEN = Number(process.env.BENCH_GRUPPEN ?? 300);

/** V8's collector, to start each measurement from a clean heap (the flag is set at run time). */
function sammler(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

interface Messung<T> {
  wert: T;
  sekunden: number;
  /** Highest JS heap plus buffers above the level at the start, sampled every 20 ms. */
  zuwachsMb: number;
  /** Highest resident set size of the whole process. */
  rssMb: number;
}

/** Time and memory of `arbeit`, from a freshly collected heap. */
async function messe<T>(gc: () => void, arbeit: () => Promise<T>): Promise<Messung<T>> {
  gc();
  const belegt = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const basis = belegt();
  let spitze = basis;
  let rss = process.memoryUsage().rss;
  const messen = () => {
    spitze = Math.max(spitze, belegt());
    rss = Math.max(rss, process.memoryUsage().rss);
  };
  const uhr = setInterval(messen, 20);
  const start = performance.now();
  try {
    const wert = await arbeit();
    const sekunden = (performance.now() - start) / 1000;
    messen();
    return { wert, sekunden, zuwachsMb: (spitze - basis) / 1024 ** 2, rssMb: rss / 1024 ** 2 };
  } finally {
    clearInterval(uhr);
  }
}

/**
 * The floor: what any sync must do at least – bind over LDAPS and read every person and every
 * group with the attributes the sync asks for, paged, with a plain ldapts client; no Aktenwerk code.
 */
async function allesLesen(cfg: LdapKonfiguration): Promise<number> {
  const client = new Client({ url: cfg.url, tlsOptions: { ca: readFileSync(cfg.ca!) } });
  try {
    await client.bind(cfg.bindDn, cfg.bindPasswort);
    const personen = await client.search(cfg.basisDn, {
      scope: "sub",
      filter: cfg.benutzerfilter,
      attributes: [
        "cn",
        "givenName",
        "sn",
        "displayName",
        "mail",
        "entryUUID",
        "memberOf",
        "sAMAccountName",
        "userPrincipalName",
        "userAccountControl",
        "objectGUID",
      ],
      explicitBufferAttributes: ["objectGUID"],
      paged: { pageSize: 500 },
    });
    const gruppen = await client.search(cfg.basisDn, {
      scope: "sub",
      filter: cfg.gruppenfilter,
      attributes: ["cn", "sAMAccountName", "member", "uniqueMember", "memberOf"],
      paged: { pageSize: 500 },
    });
    return personen.searchEntries.length + gruppen.searchEntries.length;
  } finally {
    await client.unbind();
  }
}

/**
 * `npm run bench -- verzeichnis`: the directory sync against Debian's slapd with an
 * Active-Directory-shaped county of 5,000 people in 300 groups (some nested), over LDAPS, every
 * group mapped to an OE. Measures the first sync (everyone created, memberships granted), a second
 * one with nothing changed (goal < 10 s) and a dry run, each beside the floor of reading all
 * entries with a plain LDAP search in the same run.
 */
export async function run(): Promise<void> {
  console.log(`Verzeichnisabgleich – ${machine()}`);
  if (!slapdDa()) {
    console.error("slapd fehlt (Debian-Pakete slapd ldap-utils und openssl).");
    process.exitCode = 1;
    return;
  }
  const landkreis = grosserLandkreis(PERSONEN, GRUPPEN);
  const start = performance.now();
  const verzeichnis = await starteSlapd("ad", landkreisLdif("ad", landkreis));
  console.log(
    `slapd mit ${PERSONEN} Personen in ${GRUPPEN} Gruppen geladen (slapadd) in ${fmt((performance.now() - start) / 1000)} s`,
  );
  const { db, dir, close } = await benchDatabase();
  try {
    const ctx = await benchContext(db, dir);
    const cfg = loadConfig({
      ...verzeichnis.umgebung(verzeichnis.ldapsUrl),
      AKTENWERK_LDAP_BENUTZERFILTER: "(objectClass=user)",
      AKTENWERK_LDAP_GRUPPENFILTER: "(objectClass=group)",
    }).ldap!;
    ctx.config.ldap = cfg;
    for (const ou of landkreis.ous)
      await createOrganisationseinheit(ctx, "system", { name: `Amt ${ou}`, kuerzel: ou, art: "Amt" });
    // Every group grants a role in one OE: Sachbearbeitung, every tenth Leitung.
    for (const [i, g] of landkreis.gruppen.entries())
      await legeGruppenzuordnungAn(ctx, "system", {
        gruppe: g.cn,
        oe: landkreis.ous[i % landkreis.ous.length]!,
        rolle: i % 10 === 0 ? "Leitung" : "Sachbearbeitung",
      });

    // Warm both paths once (TLS, slapd's caches), then measure.
    const gc = sammler();
    await allesLesen(cfg);
    const boden1 = await messe(gc, () => allesLesen(cfg));
    const erster = await messe(gc, () => gleicheVerzeichnisAb(ctx));
    if (!erster.wert.erfolgreich) throw new Error(erster.wert.fehler ?? "Abgleich gescheitert");
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM mitgliedschaft WHERE herkunft = 'verzeichnis'",
    );
    const boden2 = await messe(gc, () => allesLesen(cfg));
    const zweiter = await messe(gc, () => gleicheVerzeichnisAb(ctx));
    const probe = await messe(gc, () => gleicheVerzeichnisAb(ctx, { probe: true }));
    const boden = Math.min(boden1.sekunden, boden2.sekunden);
    const bodenMb = Math.max(boden1.zuwachsMb, boden2.zuwachsMb);

    const a = erster.wert.anzahl;
    console.log(
      `\nErster Abgleich: ${a.angelegt} angelegt, ${a.geaendert} geändert, ${a.uebersprungen} übersprungen; ${rows[0]?.n} Mitgliedschaften aus Gruppen`,
    );
    console.log(
      `Zweiter Abgleich: ${zweiter.wert.anzahl.unveraendert} unverändert, ${zweiter.wert.anzahl.geaendert} geändert, ${zweiter.wert.anzahl.angelegt} angelegt`,
    );
    console.log(
      `\nBoden: alle ${PERSONEN + GRUPPEN} Einträge mit ldapts lesen (LDAPS, seitenweise): ${fmt(boden, 2)} s, Speicherzuwachs ${fmt(bodenMb, 0)} MB (Heap + Puffer)`,
    );
    console.log(
      "Lauf                           |    Zeit  | × Boden | Speicherzuwachs | × Boden | RSS-Spitze",
    );
    for (const [name, m] of [
      ["Erster Abgleich (alle neu)", erster],
      ["Zweiter Abgleich (unverändert)", zweiter],
      ["Probelauf (--probe)", probe],
    ] as const)
      console.log(
        `${name.padEnd(30)} | ${fmt(m.sekunden, 2).padStart(6)} s | ${fmt(m.sekunden / boden, 1).padStart(7)} | ${fmt(m.zuwachsMb, 0).padStart(12)} MB | ${fmt(m.zuwachsMb / bodenMb, 1).padStart(7)} | ${fmt(m.rssMb, 0)} MB`,
      );
    console.log(
      `\nZiel: zweiter Abgleich < 10 s – ${zweiter.sekunden < 10 ? "erreicht" : "VERFEHLT"} (${fmt(zweiter.sekunden, 2)} s)`,
    );
  } finally {
    await close();
    await verzeichnis.stop();
  }
}
