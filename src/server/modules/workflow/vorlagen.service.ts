import type { AppContext } from "../../platform/context.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { resolveOe, type Akteur } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { requireVorgang } from "../schriftgut/index.js";
import { kennzeichenDerAkte } from "./geschaeftsgang.repository.js";
import { pruefeVorlagenSchritte } from "./laufweg.js";
import * as repo from "./vorlagen.repository.js";
import { darfLaufwegvorlageAnlegen, darfZeichnungsbefugnisPflegen } from "./workflow.policy.js";
import type { SchrittEingabe } from "./workflow.types.js";

// --- Zeichnungsbefugnis -------------------------------------------------------------------------

export interface Zeichnungsbefugnis {
  id: string;
  rolle: "Sachbearbeitung" | "Leitung";
  oe: { kuerzel: string; name: string } | null;
  aktenplanPraefix: string | null;
}

export async function listZeichnungsbefugnisse(ctx: AppContext): Promise<Zeichnungsbefugnis[]> {
  const rows = await repo.listZeichnungsbefugnisse(ctx.db);
  return rows.map((r) => ({
    id: r.id,
    rolle: r.rolle,
    oe: r.kuerzel ? { kuerzel: r.kuerzel, name: r.name! } : null,
    aktenplanPraefix: r.aktenplan_praefix,
  }));
}

function nurAdministration(actor: Akteur): void {
  if (!darfZeichnungsbefugnisPflegen(actor))
    throw new AppError("keine_berechtigung", "Zeichnungsbefugnisse legt die Administration fest.");
}

/** A rule: this role (in this OE, or for the federführende OE and below) zeichnet for this Aktenplan part. */
export async function legeZeichnungsbefugnisAn(
  ctx: AppContext,
  actor: Akteur,
  eingabe: { rolle: "Sachbearbeitung" | "Leitung"; oe?: string | null; aktenplanPraefix?: string | null },
): Promise<Zeichnungsbefugnis> {
  nurAdministration(actor);
  const id = await ctx.db.transaction(async (tx) => {
    const oe = eingabe.oe ? await resolveOe(tx, eingabe.oe, "oe") : null;
    const praefix = eingabe.aktenplanPraefix?.trim() || null;
    const id = await repo.insertZeichnungsbefugnis(
      tx,
      { rolle: eingabe.rolle, oeId: oe?.id ?? null, aktenplanPraefix: praefix },
      ctx.clock.now(),
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "zeichnungsbefugnis.geaendert",
      objektArt: "zeichnungsbefugnis",
      objektId: id,
      details: { angelegt: { rolle: eingabe.rolle, oe: oe?.kuerzel ?? null, aktenplanPraefix: praefix } },
    });
    return id;
  });
  return (await listZeichnungsbefugnisse(ctx)).find((z) => z.id === id)!;
}

export async function loescheZeichnungsbefugnis(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  nurAdministration(actor);
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.deleteZeichnungsbefugnis(tx, id))) throw nichtGefunden("Die Zeichnungsbefugnis");
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "zeichnungsbefugnis.geaendert",
      objektArt: "zeichnungsbefugnis",
      objektId: id,
      details: { geloescht: true },
    });
  });
}

// --- Laufwegvorlagen -----------------------------------------------------------------------------

export interface Laufwegvorlage {
  id: string;
  name: string;
  oe: { kuerzel: string; name: string } | null;
  aktenplanPraefix: string | null;
  zeichnungVorAbgang: boolean;
  schritte: SchrittEingabe[];
}

/** Templates; with a Vorgang only those that fit its federführende OE and Aktenplan unit. */
export async function listLaufwegvorlagen(
  ctx: AppContext,
  actor: Akteur,
  filter: { vorgang?: string } = {},
): Promise<Laufwegvorlage[]> {
  let oeId: string | null = null;
  let kennzeichen: string | null = null;
  if (filter.vorgang) {
    const { akte } = await requireVorgang(ctx, actor, filter.vorgang, "inhaltLesen");
    oeId = akte.daten.federfuehrendeOeId;
    kennzeichen = await kennzeichenDerAkte(ctx.db, akte.daten.id);
  }
  const rows = await repo.listLaufwegvorlagen(ctx.db, oeId, kennzeichen);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    oe: r.kuerzel ? { kuerzel: r.kuerzel, name: r.oe_name! } : null,
    aktenplanPraefix: r.aktenplan_praefix,
    zeichnungVorAbgang: r.zeichnung_vor_abgang,
    schritte: r.schritte,
  }));
}

export async function legeLaufwegvorlageAn(
  ctx: AppContext,
  actor: Akteur,
  eingabe: {
    name: string;
    oe?: string | null;
    aktenplanPraefix?: string | null;
    zeichnungVorAbgang?: boolean;
    schritte: SchrittEingabe[];
  },
): Promise<Laufwegvorlage> {
  const name = eingabe.name.normalize("NFC").trim();
  if (!name)
    throw new AppError("ungueltige_eingabe", "Die Vorlage braucht einen Namen.", {
      fehler: [{ feld: "/name", meldung: "Pflichtfeld." }],
    });
  const zeichnung = eingabe.zeichnungVorAbgang ?? true;
  pruefeVorlagenSchritte(eingabe.schritte, zeichnung);
  const id = await ctx.db.transaction(async (tx) => {
    const oe = eingabe.oe ? await resolveOe(tx, eingabe.oe, "oe") : null;
    if (!darfLaufwegvorlageAnlegen(actor, oe?.id ?? null))
      throw new AppError(
        "keine_berechtigung",
        "Laufwegvorlagen einer OE legt deren Leitung an, OE-übergreifende die Administration.",
      );
    const id = await repo.insertLaufwegvorlage(
      tx,
      {
        name,
        oeId: oe?.id ?? null,
        aktenplanPraefix: eingabe.aktenplanPraefix?.trim() || null,
        zeichnungVorAbgang: zeichnung,
        schritte: eingabe.schritte,
        erstelltVon: actor.benutzer.id,
      },
      ctx.clock.now(),
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "laufwegvorlage.geaendert",
      objektArt: "laufwegvorlage",
      objektId: id,
      details: { angelegt: name },
    });
    return id;
  });
  return (await listLaufwegvorlagen(ctx, actor)).find((v) => v.id === id)!;
}
