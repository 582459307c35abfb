import type { LdapKonfiguration } from "../../platform/config.js";
import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { darfZugriffVerwalten } from "./access.policy.js";
import type { Akteur } from "./access.types.js";
import { deaktiviereBenutzerInTx } from "./benutzer-deaktivieren.service.js";
import {
  Gruppenauflosung,
  leseGruppen,
  lesePersonen,
  verbindeDienst,
  type VerzeichnisEintrag,
} from "./ldap-verzeichnis.js";
import { bildeBenutzername, normalisiereGruppe, planeMitgliedschaften } from "./verzeichnis.plan.js";
import { listGruppenzuordnungen } from "./verzeichnis.repository.js";
import { gleicheVerzeichnisbenutzerAbInTx } from "./verzeichnis.service.js";
import type { Gruppenzuordnung, OeRolle, Verzeichnisbenutzer } from "./verzeichnis.types.js";
import * as repo from "./verzeichnisabgleich.repository.js";
import type { AbgleichPerson, Verzeichnisbericht } from "./verzeichnisabgleich.schema.js";

const SYSTEM_NAME = "Verzeichnisabgleich (LDAP)";
/** People listed per kind in a stored report; the counts are always complete. */
const LISTE_HOECHSTENS = 500;

/** How far a sync is: `phase` in German for the progress bar. */
export type Fortschritt = (phase: string, erledigt: number, gesamt: number) => void;

/** The person as Aktenwerk's account reconciliation takes it. */
export function alsVerzeichnisbenutzer(e: VerzeichnisEintrag, gruppen: string[]): Verzeichnisbenutzer {
  return {
    quelle: "ldap",
    externeKennung: e.externeKennung,
    benutzername: e.kennung,
    vorname: e.vorname,
    nachname: e.nachname,
    email: e.email,
    gruppen,
  };
}

const rollenText = (m: OeRolle) => `${m.rolle} in ${m.oeKuerzel}`;
const gleicheMengen = (a: readonly string[], b: readonly string[]) => {
  const x = new Set(a.map(normalisiereGruppe));
  const y = new Set(b.map(normalisiereGruppe));
  return x.size === y.size && [...x].every((g) => y.has(g));
};

/** Thrown inside a dry run's transaction so that everything it did rolls back. */
class Probelauf extends Error {
  constructor(readonly bericht: Verzeichnisbericht) {
    super("Probelauf");
  }
}

function ldapKonfiguration(ctx: AppContext): LdapKonfiguration {
  if (!ctx.config.ldap)
    throw new AppError(
      "nicht_verarbeitbar",
      "Es ist kein Verzeichnis eingerichtet (AKTENWERK_LDAP_URL und die übrigen AKTENWERK_LDAP_* setzen).",
    );
  return ctx.config.ldap;
}

/**
 * Brings Aktenwerk in line with the directory (AD or LDAP): people the user filter finds are
 * created or updated and their groups (nesting resolved) mapped to OEs and roles through the group
 * mapping; accounts disabled in the directory (AD userAccountControl) or no longer found there are
 * deactivated through the one deactivation use case (sessions end, tokens revoked, open steps to
 * the OE's Postkorb, its Leitung told).
 *
 * Everything applies in ONE transaction: a sync that fails half-way leaves nothing half-applied;
 * the failure is stored as a report of its own. A person with a group that maps to a deactivated
 * OE is reported and nothing changes for them. A dry run (`probe`) does all of it in a transaction
 * that is rolled back and returns what would have changed. The directory is read first, outside
 * the transaction; only people whose data, groups or memberships differ are written, so a sync
 * with nothing changed is two directory searches and two database reads.
 */
export async function gleicheVerzeichnisAb(
  ctx: AppContext,
  optionen: { probe?: boolean; ausgeloest?: "befehl" | "zeitplan"; fortschritt?: Fortschritt } = {},
): Promise<Verzeichnisbericht> {
  const cfg = ldapKonfiguration(ctx);
  const probe = optionen.probe === true;
  const ausgeloest = optionen.ausgeloest ?? "befehl";
  const melde = optionen.fortschritt ?? (() => undefined);
  const begonnenAm = ctx.clock.now();
  const leer = {
    id: null,
    probe,
    ausgeloest,
    begonnenAm: begonnenAm.toISOString(),
    personen: 0,
    gruppen: 0,
    anzahl: { angelegt: 0, geaendert: 0, deaktiviert: 0, uebersprungen: 0, unveraendert: 0 },
    angelegt: [],
    geaendert: [],
    deaktiviert: [],
    uebersprungen: [],
  };
  try {
    melde("Verzeichnis lesen", 0, 1);
    const client = await verbindeDienst(cfg);
    let personen: VerzeichnisEintrag[];
    let gruppenAuflosung: Gruppenauflosung;
    let gruppenAnzahl: number;
    try {
      personen = await lesePersonen(client, cfg);
      const gruppen = await leseGruppen(client, cfg);
      gruppenAnzahl = gruppen.length;
      gruppenAuflosung = new Gruppenauflosung(gruppen);
    } finally {
      await client.unbind().catch(() => undefined);
    }
    melde("Verzeichnis lesen", 1, 1);
    const ergebnis = await ctx.db.transaction(async (tx) => {
      const bericht = await wendeAnInTx(ctx, tx, personen, gruppenAuflosung, melde);
      const fertig: Verzeichnisbericht = {
        ...leer,
        ...bericht,
        personen: personen.length,
        gruppen: gruppenAnzahl,
        beendetAm: ctx.clock.now().toISOString(),
        erfolgreich: true,
        fehler: null,
      };
      if (probe) throw new Probelauf(fertig);
      const id = await repo.speichereBericht(tx, gekuerzt(fertig));
      await schreibeProtokollInTx(tx, ctx.clock, {
        akteur: "system",
        systemName: SYSTEM_NAME,
        aktion: "verzeichnis.abgeglichen",
        objektArt: "verzeichnisabgleich",
        objektId: id,
        details: {
          berichtId: id,
          angelegt: fertig.anzahl.angelegt,
          geaendert: fertig.anzahl.geaendert,
          deaktiviert: fertig.anzahl.deaktiviert,
          uebersprungen: fertig.anzahl.uebersprungen,
        },
      });
      return { ...fertig, id };
    });
    return ergebnis;
  } catch (error) {
    if (error instanceof Probelauf) return error.bericht;
    if (!probe) {
      const fehler =
        error instanceof AppError
          ? (error.detail ?? error.title)
          : `Unerwarteter Fehler: ${(error as Error).message}`;
      await repo
        .speichereBericht(ctx.db, {
          ...leer,
          beendetAm: ctx.clock.now().toISOString(),
          erfolgreich: false,
          fehler,
        })
        .catch((e: unknown) =>
          ctx.log.error({ err: e }, "Bericht des Verzeichnisabgleichs nicht gespeichert"),
        );
    }
    throw error;
  }
}

function gekuerzt(b: Verzeichnisbericht): Verzeichnisbericht {
  return {
    ...b,
    angelegt: b.angelegt.slice(0, LISTE_HOECHSTENS),
    geaendert: b.geaendert.slice(0, LISTE_HOECHSTENS),
    deaktiviert: b.deaktiviert.slice(0, LISTE_HOECHSTENS),
    uebersprungen: b.uebersprungen.slice(0, LISTE_HOECHSTENS),
  };
}

type Teilbericht = Pick<
  Verzeichnisbericht,
  "anzahl" | "angelegt" | "geaendert" | "deaktiviert" | "uebersprungen"
>;

async function wendeAnInTx(
  ctx: AppContext,
  tx: Tx,
  personen: VerzeichnisEintrag[],
  aufloesung: Gruppenauflosung,
  melde: Fortschritt,
): Promise<Teilbericht> {
  const zuordnung: Gruppenzuordnung[] = await listGruppenzuordnungen(tx);
  const konten = new Map((await repo.ladeLdapKonten(tx)).map((k) => [k.externeKennung, k]));
  const gefunden = new Set<string>();
  const b: Teilbericht = {
    anzahl: { angelegt: 0, geaendert: 0, deaktiviert: 0, uebersprungen: 0, unveraendert: 0 },
    angelegt: [],
    geaendert: [],
    deaktiviert: [],
    uebersprungen: [],
  };
  // A directory that suddenly finds nobody is far likelier a wrong filter or base DN than a
  // county without staff: refuse instead of deactivating everyone.
  const aktiveKonten = [...konten.values()].filter((k) => k.aktiv).length;
  if (personen.length === 0 && aktiveKonten > 0)
    throw new AppError(
      "nicht_verarbeitbar",
      `Das Verzeichnis liefert keine einzige Person, Aktenwerk kennt aber ${aktiveKonten} aktive Konten aus dem Verzeichnis. Benutzerfilter und Basis-DN prüfen; es wurde nichts geändert.`,
    );
  const gesamt = personen.length;
  let erledigt = 0;
  for (const e of personen) {
    melde("Personen abgleichen", erledigt++, gesamt);
    gefunden.add(e.externeKennung);
    const konto = konten.get(e.externeKennung);
    const gruppen = aufloesung.gruppenVon(e);
    const plan = planeMitgliedschaften(gruppen, zuordnung, konto?.mitgliedschaften ?? []);
    const name = `${e.vorname} ${e.nachname}`.trim();
    if (plan.verwaisteGruppen.length > 0) {
      // The mapping points at an OE that no longer exists: nothing changes for this person.
      b.anzahl.uebersprungen++;
      b.uebersprungen.push({
        benutzername: konto?.benutzername ?? e.kennung,
        name,
        grund: `Gruppe ${[...new Set(plan.verwaisteGruppen.map((v) => `„${v.gruppe}“ → OE ${v.oeKuerzel}`))].join(", ")} ist einer nicht mehr bestehenden OE zugeordnet`,
      });
      continue;
    }
    if (e.gesperrt) {
      if (konto?.aktiv) {
        await deaktiviereBenutzerInTx(
          ctx,
          tx,
          "system",
          konto.id,
          { anlass: "verzeichnis", grund: "gesperrt" },
          SYSTEM_NAME,
        );
        b.anzahl.deaktiviert++;
        b.deaktiviert.push({ benutzername: konto.benutzername, name, grund: "im Verzeichnis gesperrt" });
      } else {
        b.anzahl.unveraendert++;
      }
      continue;
    }
    const unveraendert =
      konto !== undefined &&
      plan.hinzufuegen.length === 0 &&
      plan.entfernen.length === 0 &&
      gleicheMengen(konto.verzeichnisgruppen, gruppen) &&
      konto.vorname === e.vorname.normalize("NFC") &&
      konto.nachname === e.nachname.normalize("NFC") &&
      konto.email === e.email &&
      (konto.benutzername === bildeBenutzername(e.kennung) ||
        konto.benutzername.replace(/-\d+$/, "") === bildeBenutzername(e.kennung));
    if (unveraendert) {
      b.anzahl.unveraendert++;
      continue;
    }
    const a = await gleicheVerzeichnisbenutzerAbInTx(ctx, tx, alsVerzeichnisbenutzer(e, gruppen), {
      zuordnung,
      systemName: SYSTEM_NAME,
    });
    const person: AbgleichPerson = {
      benutzername: a.benutzer.benutzername,
      name: a.benutzer.anzeigename,
      ...(a.geaendert.length ? { felder: a.geaendert } : {}),
      ...(a.hinzugefuegt.length ? { hinzugefuegt: a.hinzugefuegt.map(rollenText) } : {}),
      ...(a.entfernt.length ? { entfernt: a.entfernt.map(rollenText) } : {}),
    };
    if (a.angelegt) {
      b.anzahl.angelegt++;
      b.angelegt.push(person);
    } else if (a.geaendert.length || a.hinzugefuegt.length || a.entfernt.length) {
      b.anzahl.geaendert++;
      b.geaendert.push(person);
    } else {
      b.anzahl.unveraendert++;
    }
  }
  melde("Personen abgleichen", gesamt, gesamt);
  // Accounts the directory no longer lists.
  for (const konto of konten.values()) {
    if (gefunden.has(konto.externeKennung) || !konto.aktiv) continue;
    await deaktiviereBenutzerInTx(
      ctx,
      tx,
      "system",
      konto.id,
      { anlass: "verzeichnis", grund: "entfernt" },
      SYSTEM_NAME,
    );
    b.anzahl.deaktiviert++;
    b.deaktiviert.push({
      benutzername: konto.benutzername,
      name: `${konto.vorname} ${konto.nachname}`.trim(),
      grund: "nicht mehr im Verzeichnis",
    });
  }
  return b;
}

/** The last sync's report for Verwaltung → Anmeldung (Administration). */
export async function letzterVerzeichnisbericht(
  ctx: AppContext,
  caller: Akteur,
): Promise<{ konfiguriert: boolean; syncMinuten: number; bericht: Verzeichnisbericht | null }> {
  if (!darfZugriffVerwalten(caller)) throw new AppError("keine_berechtigung");
  return {
    konfiguriert: ctx.config.ldap !== null,
    syncMinuten: ctx.config.ldap?.syncMinuten ?? 0,
    bericht: (await repo.letzterBericht(ctx.db)) ?? null,
  };
}

/** The German summary the CLI prints (and the job logs). */
export function zusammenfassung(b: Verzeichnisbericht): string {
  const zeilen = [
    `${b.probe ? "Probelauf – es wurde nichts geändert. " : ""}Verzeichnis: ${b.personen} Personen, ${b.gruppen} Gruppen.`,
    `  neu angelegt: ${b.anzahl.angelegt}`,
    `  geändert: ${b.anzahl.geaendert}`,
    `  deaktiviert: ${b.anzahl.deaktiviert}`,
    `  übersprungen: ${b.anzahl.uebersprungen}`,
    `  unverändert: ${b.anzahl.unveraendert}`,
  ];
  const liste = (titel: string, personen: AbgleichPerson[]) => {
    if (!personen.length) return;
    zeilen.push(`${titel}:`);
    for (const p of personen.slice(0, 20)) {
      const teile = [
        p.felder?.length ? `geändert: ${p.felder.join(", ")}` : "",
        p.hinzugefuegt?.length ? `+ ${p.hinzugefuegt.join(", ")}` : "",
        p.entfernt?.length ? `− ${p.entfernt.join(", ")}` : "",
        p.grund ?? "",
      ].filter(Boolean);
      zeilen.push(`  ${p.benutzername} (${p.name})${teile.length ? `: ${teile.join("; ")}` : ""}`);
    }
    if (personen.length > 20) zeilen.push(`  … und ${personen.length - 20} weitere`);
  };
  liste(b.probe ? "Würden angelegt" : "Angelegt", b.angelegt);
  liste(b.probe ? "Würden geändert" : "Geändert", b.geaendert);
  liste(b.probe ? "Würden deaktiviert" : "Deaktiviert", b.deaktiviert);
  liste("Übersprungen (nichts geändert)", b.uebersprungen);
  return zeilen.join("\n");
}
