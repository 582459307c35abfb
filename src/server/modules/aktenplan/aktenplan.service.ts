import type { Akteur } from "../../platform/akteur.js";
import { canonicalJson } from "../../platform/canonical.js";
import type { AppContext } from "../../platform/context.js";
import { uniqueViolation, type Queryable, type Tx } from "../../platform/database/database.js";
import { AppError, ungueltigeEingabe, nichtGefunden, type FieldProblem } from "../../platform/errors.js";
import { oeIdZumKuerzel, resolveOe } from "../access/index.js";
import { akteurName, schreibeProtokollInTx } from "../protokoll/index.js";
import { parseAktenplanCsv, toAktenplanCsv, type CsvZeile } from "./aktenplan.csv.js";
import { darfAktenplanImportPruefen, darfAktenplanLesen, darfAktenplanPflegen } from "./aktenplan.policy.js";
import * as repo from "./aktenplan.repository.js";
import type {
  Aktenplaneinheit,
  AktenplaneinheitMitStand,
  Archivwuerdigkeit,
  Metadatenfeld,
  Wirksam,
} from "./aktenplan.types.js";
import { pruefeFelddefinitionen } from "./metadaten.js";

export { pruefeMetadaten } from "./metadaten.js";

function requirePflege(caller: Akteur | "system"): void {
  if (caller !== "system" && !darfAktenplanPflegen(caller)) {
    throw new AppError("keine_berechtigung", "Den Aktenplan pflegt die Registratur.");
  }
}

/** Inheritance: a unit without its own Frist, Archivwürdigkeit or OE takes its parent's. */
function wirksamFuer(einheit: Aktenplaneinheit, byId: Map<string, Aktenplaneinheit>): Wirksam {
  const result: Wirksam = {
    aufbewahrungsfrist: null,
    unbefristet: false,
    archivwuerdigkeit: null,
    zustaendigeOe: null,
  };
  let fristGefunden = false;
  for (
    let e: Aktenplaneinheit | undefined = einheit, depth = 0;
    e && depth < 50;
    e = e.parentId ? byId.get(e.parentId) : undefined, depth++
  ) {
    if (!fristGefunden && (e.unbefristet || e.aufbewahrungsfrist !== null)) {
      result.unbefristet = e.unbefristet;
      result.aufbewahrungsfrist = e.aufbewahrungsfrist;
      fristGefunden = true;
    }
    result.archivwuerdigkeit ??= e.archivwuerdigkeit;
    result.zustaendigeOe ??= e.zustaendigeOe;
  }
  return result;
}

function mitStand(einheiten: Aktenplaneinheit[], akten: Map<string, number>): AktenplaneinheitMitStand[] {
  const byId = new Map(einheiten.map((e) => [e.id, e]));
  const parents = new Set(einheiten.map((e) => e.parentId).filter((p): p is string => p !== null));
  return einheiten.map((e) => ({
    ...e,
    blatt: !parents.has(e.id),
    anzahlAkten: akten.get(e.id) ?? 0,
    wirksam: wirksamFuer(e, byId),
  }));
}

/**
 * Akten filed per unit (any status, deleted ones included), all units or only `einheitIds`. The
 * Akten are Schriftgut's, a layer above: the composition root answers the question
 * (`verdrahtung.ts`), so the Aktenplan names neither the module nor its tables.
 */
function aktenJeEinheit(ctx: AppContext, q: Queryable, einheitIds?: string[]): Promise<Map<string, number>> {
  return ctx.ereignisse.frage(q, "akten.je_aktenplaneinheit", einheitIds ? { einheitIds } : {});
}

/**
 * What the Aktenplan shows a reader: the Akten they may see per unit. "system" (exports, the CLI)
 * counts all; the rules about changing a unit use `aktenJeEinheit`, which counts every Akte.
 */
function angezeigteAkten(
  ctx: AppContext,
  caller: Akteur | "system",
  einheitIds?: string[],
): Promise<Map<string, number>> {
  if (caller === "system") return aktenJeEinheit(ctx, ctx.db, einheitIds);
  return ctx.ereignisse.frage(ctx.db, "akten.je_aktenplaneinheit.sichtbar", {
    leser: caller,
    ...(einheitIds ? { einheitIds } : {}),
  });
}

async function anzahlAkten(ctx: AppContext, q: Queryable, id: string): Promise<number> {
  return (await aktenJeEinheit(ctx, q, [id])).get(id) ?? 0;
}

/** Natural order of Kennzeichen: 2 before 10, 63.2 before 63.10. */
export function vergleicheKennzeichen(a: string, b: string): number {
  return a.localeCompare(b, "de", { numeric: true });
}

export async function listAktenplan(
  ctx: AppContext,
  caller: Akteur | "system",
): Promise<{ stand: number; einheiten: AktenplaneinheitMitStand[] }> {
  if (caller !== "system" && !darfAktenplanLesen(caller)) throw new AppError("keine_berechtigung");
  const [einheiten, akten, stand] = await Promise.all([
    repo.listEinheiten(ctx.db),
    angezeigteAkten(ctx, caller),
    repo.stand(ctx.db),
  ]);
  return {
    stand,
    einheiten: mitStand(einheiten, akten).sort((a, b) => vergleicheKennzeichen(a.kennzeichen, b.kennzeichen)),
  };
}

export async function getEinheit(ctx: AppContext, caller: Akteur | "system", ref: string) {
  const einheiten = await repo.listEinheiten(ctx.db);
  const found = einheiten.find((e) => e.id === ref || e.kennzeichen === ref);
  if (!found) throw nichtGefunden("Die Aktenplaneinheit");
  const akten = await angezeigteAkten(ctx, caller, [found.id]);
  const [einheit] = mitStand(einheiten, akten).filter((e) => e.id === found.id);
  return { ...einheit!, versionen: await repo.versionen(ctx.db, found.id) };
}

/** The unit an Akte is filed under: must exist, be a leaf and be open. A 400 naming the field otherwise. */
export async function einheitFuerNeueAkteInTx(
  tx: Tx,
  ref: string,
): Promise<Aktenplaneinheit & { wirksam: Wirksam }> {
  const einheit = await repo.findEinheit(tx, ref);
  const fehler = (meldung: string) =>
    new AppError("ungueltige_eingabe", meldung, { fehler: [{ feld: "/aktenplaneinheit", meldung }] });
  if (!einheit) throw fehler(`Die Aktenplaneinheit „${ref}“ gibt es nicht.`);
  if (await repo.hatKinder(tx, einheit.id))
    throw fehler(
      `Unter ${einheit.kennzeichen} liegen weitere Einheiten; Akten werden nur unter der untersten Ebene angelegt.`,
    );
  if (einheit.geschlossen)
    throw fehler(`Die Aktenplaneinheit ${einheit.kennzeichen} ist für neue Akten geschlossen.`);
  await repo.lockEinheit(tx, einheit.id);
  const all = await repo.listEinheiten(tx);
  return { ...einheit, wirksam: wirksamFuer(einheit, new Map(all.map((e) => [e.id, e]))) };
}

/** A unit's metadata fields (for Vorgänge) by id. */
export async function felderDerEinheit(
  q: Queryable,
  id: string,
): Promise<{ kennzeichen: string; felder: Metadatenfeld[] }> {
  const einheit = await repo.findEinheit(q, id);
  if (!einheit) throw nichtGefunden("Die Aktenplaneinheit");
  return { kennzeichen: einheit.kennzeichen, felder: einheit.metadatenfelder };
}

export interface EinheitEingabe {
  kennzeichen: string;
  titel: string;
  uebergeordnet?: string | null;
  beschreibung?: string;
  aufbewahrungsfrist?: number | null;
  unbefristet?: boolean;
  archivwuerdigkeit?: Archivwuerdigkeit | null;
  zugriffsbeschraenkung?: boolean;
  zustaendigeOe?: string | null;
  metadatenfelder?: unknown;
  geschlossen?: boolean;
}

const invalid = ungueltigeEingabe;

/** Parent by reference, refusing cycles and parents that already hold Akten. */
async function checkParentInTx(
  ctx: AppContext,
  tx: Tx,
  selfId: string | null,
  ref: string | null | undefined,
  feld: string,
): Promise<string | null> {
  if (!ref) return null;
  const parent = await repo.findEinheit(tx, ref);
  if (!parent) throw invalid([{ feld, meldung: `Die übergeordnete Einheit „${ref}“ gibt es nicht.` }]);
  if (selfId) {
    const all = await repo.listEinheiten(tx);
    const byId = new Map(all.map((e) => [e.id, e]));
    for (let e: Aktenplaneinheit | undefined = parent; e; e = e.parentId ? byId.get(e.parentId) : undefined) {
      if (e.id === selfId) throw invalid([{ feld, meldung: "Das ergäbe einen Zyklus im Aktenplan." }]);
    }
  }
  if ((await anzahlAkten(ctx, tx, parent.id)) > 0) {
    throw invalid([
      {
        feld,
        meldung: `Unter ${parent.kennzeichen} liegen bereits Akten; dort können keine Untereinheiten entstehen.`,
      },
    ]);
  }
  return parent.id;
}

async function datenInTx(
  ctx: AppContext,
  tx: Tx,
  selfId: string | null,
  input: EinheitEingabe,
  base?: Aktenplaneinheit,
): Promise<repo.EinheitDaten> {
  const fehler: FieldProblem[] = [];
  const kennzeichen = (input.kennzeichen ?? base?.kennzeichen ?? "").trim();
  if (!/^[0-9A-Za-z]+([./-][0-9A-Za-z]+)*$/.test(kennzeichen) || kennzeichen.length > 40)
    fehler.push({ feld: "/kennzeichen", meldung: "Ungültiges Kennzeichen (z. B. 63.10)." });
  const titel = (input.titel ?? base?.titel ?? "").normalize("NFC").trim();
  if (!titel) fehler.push({ feld: "/titel", meldung: "Der Titel fehlt." });
  const felder =
    input.metadatenfelder !== undefined
      ? pruefeFelddefinitionen(input.metadatenfelder, "/metadatenfelder")
      : { felder: base?.metadatenfelder ?? [], fehler: [] };
  fehler.push(...felder.fehler);
  const unbefristet =
    input.unbefristet ?? (input.aufbewahrungsfrist !== undefined ? false : (base?.unbefristet ?? false));
  const frist = unbefristet
    ? null
    : input.aufbewahrungsfrist !== undefined
      ? input.aufbewahrungsfrist
      : (base?.aufbewahrungsfrist ?? null);
  if (fehler.length) throw invalid(fehler);
  const parentId =
    input.uebergeordnet !== undefined
      ? await checkParentInTx(ctx, tx, selfId, input.uebergeordnet, "/uebergeordnet")
      : (base?.parentId ?? null);
  const oeRef = input.zustaendigeOe !== undefined ? input.zustaendigeOe : (base?.zustaendigeOe?.id ?? null);
  return {
    parentId,
    kennzeichen,
    titel,
    beschreibung: (input.beschreibung ?? base?.beschreibung ?? "").normalize("NFC").trim(),
    aufbewahrungsfrist: frist,
    unbefristet,
    archivwuerdigkeit:
      input.archivwuerdigkeit !== undefined ? input.archivwuerdigkeit : (base?.archivwuerdigkeit ?? null),
    zugriffsbeschraenkung: input.zugriffsbeschraenkung ?? base?.zugriffsbeschraenkung ?? false,
    zustaendigeOeId: oeRef ? (await resolveOe(tx, oeRef, "zustaendigeOe")).id : null,
    metadatenfelder: felder.felder,
    geschlossen: input.geschlossen ?? base?.geschlossen ?? false,
  };
}

function duplicate(error: unknown, kennzeichen: string): never {
  if (uniqueViolation(error) !== undefined) {
    throw new AppError("konflikt", `Das Kennzeichen ${kennzeichen} gibt es bereits.`, {
      fehler: [{ feld: "/kennzeichen", meldung: "Bereits vergeben." }],
    });
  }
  throw error;
}

export async function createEinheit(ctx: AppContext, caller: Akteur | "system", input: EinheitEingabe) {
  requirePflege(caller);
  const id = await ctx.db.transaction(async (tx) => {
    const d = await datenInTx(ctx, tx, null, input);
    const newId = await repo
      .insertEinheit(tx, d, ctx.clock.now())
      .catch((e: unknown) => duplicate(e, d.kennzeichen));
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "aktenplan.einheit_angelegt",
      objektArt: "aktenplaneinheit",
      objektId: newId,
      details: { ...d },
    });
    return newId;
  });
  return getEinheit(ctx, caller, id);
}

export async function updateEinheit(
  ctx: AppContext,
  caller: Akteur | "system",
  ref: string,
  input: Partial<EinheitEingabe>,
) {
  requirePflege(caller);
  const id = await ctx.db.transaction(async (tx) => {
    const current = await repo.findEinheit(tx, ref);
    if (!current) throw nichtGefunden("Die Aktenplaneinheit");
    await repo.lockEinheit(tx, current.id);
    const d = await datenInTx(ctx, tx, current.id, input as EinheitEingabe, current);
    await repo
      .updateEinheit(tx, current.id, current, d, ctx.clock.now(), akteurName(caller))
      .catch((e: unknown) => duplicate(e, d.kennzeichen));
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "aktenplan.einheit_geaendert",
      objektArt: "aktenplaneinheit",
      objektId: current.id,
      details: { version: current.version + 1, aenderungen: input as Record<string, unknown> },
    });
    return current.id;
  });
  return getEinheit(ctx, caller, id);
}

/** Only a unit that never held an Akte and has no children may go; a used one can only be closed. */
export async function deleteEinheit(ctx: AppContext, caller: Akteur | "system", ref: string): Promise<void> {
  requirePflege(caller);
  await ctx.db.transaction(async (tx) => {
    const current = await repo.findEinheit(tx, ref);
    if (!current) throw nichtGefunden("Die Aktenplaneinheit");
    await repo.lockEinheit(tx, current.id);
    if ((await anzahlAkten(ctx, tx, current.id)) > 0) {
      throw new AppError(
        "konflikt",
        `Unter ${current.kennzeichen} sind Akten abgelegt. Die Einheit kann geschlossen, aber nicht gelöscht werden.`,
      );
    }
    if (await repo.hatKinder(tx, current.id))
      throw new AppError(
        "konflikt",
        `${current.kennzeichen} hat Untereinheiten und kann nicht gelöscht werden.`,
      );
    await repo.deleteEinheit(tx, current.id);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "aktenplan.einheit_geloescht",
      objektArt: "aktenplaneinheit",
      objektId: current.id,
      details: { kennzeichen: current.kennzeichen, titel: current.titel },
    });
  });
}

export interface ImportErgebnis {
  angelegt: number;
  geaendert: number;
  unveraendert: number;
}

/** One unit an import creates or changes; `felder` names the changed CSV columns. */
export interface ImportAenderung {
  art: "neu" | "geaendert" | "geschlossen";
  kennzeichen: string;
  titel: string;
  felder: string[];
}

/** What an import did, or with `probelauf` would do: the counts and each new or changed unit. */
export interface ImportBericht extends ImportErgebnis {
  probelauf: boolean;
  aenderungen: ImportAenderung[];
}

/** The columns of a unit as the CSV names them, and how to tell whether an import changes each. */
const VERGLICHEN: [string, (alt: Aktenplaneinheit, neu: repo.EinheitDaten) => boolean][] = [
  ["uebergeordnet", (a, n) => a.parentId === n.parentId],
  ["titel", (a, n) => a.titel === n.titel],
  ["beschreibung", (a, n) => a.beschreibung === n.beschreibung],
  [
    "aufbewahrungsfrist",
    (a, n) => a.aufbewahrungsfrist === n.aufbewahrungsfrist && a.unbefristet === n.unbefristet,
  ],
  ["archivwuerdigkeit", (a, n) => a.archivwuerdigkeit === n.archivwuerdigkeit],
  ["zugriffsbeschraenkung", (a, n) => a.zugriffsbeschraenkung === n.zugriffsbeschraenkung],
  ["zustaendige_oe", (a, n) => (a.zustaendigeOe?.id ?? null) === n.zustaendigeOeId],
  ["geschlossen", (a, n) => a.geschlossen === n.geschlossen],
  ["metadatenfelder", (a, n) => canonicalJson(a.metadatenfelder) === canonicalJson(n.metadatenfelder)],
];

/**
 * Imports a whole Aktenplan from CSV: new Kennzeichen are created, known ones updated (as a new
 * version), nothing is deleted. All or nothing: any problem in any row rejects the file, and every
 * problem is reported with its line and column.
 */
export async function importAktenplanCsv(
  ctx: AppContext,
  caller: Akteur | "system",
  text: string,
): Promise<ImportErgebnis> {
  const { angelegt, geaendert, unveraendert } = await importiereAktenplan(ctx, caller, text, {
    probelauf: false,
  });
  return { angelegt, geaendert, unveraendert };
}

/**
 * The CSV import with its report: each unit it creates or changes, and which columns. With
 * `probelauf` the file goes through every check and the report says what would change, but
 * nothing is written (a dry run before taking a new Aktenplan over); the Administration may try,
 * only the Registratur takes over.
 */
export async function importiereAktenplan(
  ctx: AppContext,
  caller: Akteur | "system",
  text: string,
  { probelauf }: { probelauf: boolean },
): Promise<ImportBericht> {
  if (!probelauf) requirePflege(caller);
  else if (caller !== "system" && !darfAktenplanImportPruefen(caller))
    throw new AppError(
      "keine_berechtigung",
      "Einen Aktenplan-Import probieren Registratur und Administration.",
    );
  const { zeilen, fehler } = parseAktenplanCsv(text);
  if (fehler.length)
    throw new AppError(
      "ungueltige_eingabe",
      `Der Aktenplan wurde nicht importiert: ${fehler.length} Problem(e).`,
      { fehler: fehler.slice(0, 200) },
    );
  if (zeilen.length === 0)
    throw new AppError("ungueltige_eingabe", "Die Datei enthält keine Aktenplaneinheiten.");
  return ctx.db.transaction(async (tx) => {
    await repo.sperreAktenplan(tx);
    const existing = new Map((await repo.listEinheiten(tx)).map((e) => [e.kennzeichen, e]));
    const inFile = new Map(zeilen.map((z) => [z.kennzeichen, z]));
    const problems: FieldProblem[] = [];
    const at = (z: CsvZeile, spalte: string, nr: number, meldung: string) =>
      problems.push({ feld: `Zeile ${z.zeile}, Spalte ${nr} (${spalte})`, meldung });
    // Parents first; a parent chain that returns to a row is a cycle.
    const ordered: CsvZeile[] = [];
    const state = new Map<string, "besucht" | "fertig">();
    const visit = (z: CsvZeile, path: string[]): void => {
      if (state.get(z.kennzeichen) === "fertig") return;
      if (state.get(z.kennzeichen) === "besucht")
        return void at(
          z,
          "uebergeordnet",
          3,
          `Zyklus im Aktenplan: ${[...path, z.kennzeichen].join(" → ")}.`,
        );
      state.set(z.kennzeichen, "besucht");
      const parent = z.uebergeordnet ? inFile.get(z.uebergeordnet) : undefined;
      if (parent) visit(parent, [...path, z.kennzeichen]);
      else if (z.uebergeordnet && !existing.has(z.uebergeordnet))
        at(
          z,
          "uebergeordnet",
          3,
          `Die übergeordnete Einheit ${z.uebergeordnet} gibt es weder in der Datei noch im Aktenplan.`,
        );
      state.set(z.kennzeichen, "fertig");
      ordered.push(z);
    };
    for (const z of zeilen) visit(z, []);
    const oes = new Map<string, string>();
    for (const z of zeilen) {
      if (z.zustaendigeOe && !oes.has(z.zustaendigeOe)) {
        const id = await oeIdZumKuerzel(tx, z.zustaendigeOe);
        if (id) oes.set(z.zustaendigeOe, id);
        else at(z, "zustaendige_oe", 8, `Die Organisationseinheit „${z.zustaendigeOe}“ gibt es nicht.`);
      }
    }
    const akten = await aktenJeEinheit(ctx, tx);
    for (const z of zeilen) {
      const parent = z.uebergeordnet ? existing.get(z.uebergeordnet) : undefined;
      if (parent && (akten.get(parent.id) ?? 0) > 0)
        at(
          z,
          "uebergeordnet",
          3,
          `Unter ${parent.kennzeichen} liegen bereits Akten; dort können keine Untereinheiten entstehen.`,
        );
    }
    if (problems.length)
      throw new AppError(
        "ungueltige_eingabe",
        `Der Aktenplan wurde nicht importiert: ${problems.length} Problem(e).`,
        { fehler: problems.slice(0, 200) },
      );

    const result: ImportBericht = { probelauf, angelegt: 0, geaendert: 0, unveraendert: 0, aenderungen: [] };
    const ids = new Map([...existing.values()].map((e) => [e.kennzeichen, e.id]));
    const now = ctx.clock.now();
    for (const z of ordered) {
      const d: repo.EinheitDaten = {
        parentId: z.uebergeordnet ? (ids.get(z.uebergeordnet) ?? null) : null,
        kennzeichen: z.kennzeichen,
        titel: z.titel,
        beschreibung: z.beschreibung,
        aufbewahrungsfrist: z.aufbewahrungsfrist,
        unbefristet: z.unbefristet,
        archivwuerdigkeit: z.archivwuerdigkeit,
        zugriffsbeschraenkung: z.zugriffsbeschraenkung,
        zustaendigeOeId: z.zustaendigeOe ? oes.get(z.zustaendigeOe)! : null,
        metadatenfelder: z.metadatenfelder,
        geschlossen: z.geschlossen,
      };
      const current = existing.get(z.kennzeichen);
      if (!current) {
        // A dry run names the new unit by its Kennzeichen, so its children still find their parent.
        ids.set(z.kennzeichen, probelauf ? `neu:${z.kennzeichen}` : await repo.insertEinheit(tx, d, now));
        result.angelegt++;
        result.aenderungen.push({ art: "neu", kennzeichen: z.kennzeichen, titel: z.titel, felder: [] });
        continue;
      }
      const felder = VERGLICHEN.filter(([, gleich]) => !gleich(current, d)).map(([spalte]) => spalte);
      if (felder.length === 0) {
        result.unveraendert++;
        continue;
      }
      if (!probelauf) await repo.updateEinheit(tx, current.id, current, d, now, akteurName(caller));
      result.geaendert++;
      result.aenderungen.push({
        art: d.geschlossen && !current.geschlossen ? "geschlossen" : "geaendert",
        kennzeichen: z.kennzeichen,
        titel: z.titel,
        felder,
      });
    }
    result.aenderungen.sort((a, b) => vergleicheKennzeichen(a.kennzeichen, b.kennzeichen));
    if (probelauf) return result;
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "aktenplan.importiert",
      objektArt: "aktenplan",
      objektId: "aktenplan",
      details: {
        zeilen: zeilen.length,
        angelegt: result.angelegt,
        geaendert: result.geaendert,
        unveraendert: result.unveraendert,
      },
    });
    return result;
  });
}

export async function exportAktenplanCsv(ctx: AppContext, caller: Akteur | "system"): Promise<string> {
  if (caller !== "system" && !darfAktenplanLesen(caller)) throw new AppError("keine_berechtigung");
  const einheiten = (await repo.listEinheiten(ctx.db)).sort((a, b) =>
    vergleicheKennzeichen(a.kennzeichen, b.kennzeichen),
  );
  return toAktenplanCsv(einheiten);
}

/**
 * The unit an Akte taken over from another system (xdomea) is filed under: ours with the same
 * Kennzeichen, else a new bare one named after it.
 */
export async function einheitZurUebernahmeInTx(
  ctx: AppContext,
  tx: Tx,
  kennzeichen: string,
): Promise<{ id: string; zustaendigeOeId: string | null }> {
  return (
    (await repo.einheitMitKennzeichen(tx, kennzeichen)) ??
    (await repo.insertUebernommeneEinheit(
      tx,
      {
        kennzeichen,
        titel: `Übernommen: ${kennzeichen}`,
        beschreibung: "Mit einer xdomea-Nachricht übernommen",
      },
      ctx.clock.now(),
    ))
  );
}
