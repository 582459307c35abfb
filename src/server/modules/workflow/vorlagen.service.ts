import type { AppContext } from "../../platform/context.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { resolveOe, hatRolle, type Akteur } from "../access/index.js";
import { appendProtokoll } from "../protokoll/index.js";
import { requireVorgang } from "../schriftgut/index.js";
import { berechneStufen } from "./geschaeftsgang.service.js";
import { schrittArten, type SchrittEingabe } from "./workflow.types.js";

// --- Zeichnungsbefugnis -------------------------------------------------------------------------

export interface Zeichnungsbefugnis {
  id: string;
  rolle: "Sachbearbeitung" | "Leitung";
  oe: { kuerzel: string; name: string } | null;
  aktenplanPraefix: string | null;
}

export async function listZeichnungsbefugnisse(ctx: AppContext): Promise<Zeichnungsbefugnis[]> {
  const { rows } = await ctx.db.query<{
    id: string;
    rolle: Zeichnungsbefugnis["rolle"];
    kuerzel: string | null;
    name: string | null;
    aktenplan_praefix: string | null;
  }>(
    `SELECT z.id, z.rolle, o.kuerzel, o.name, z.aktenplan_praefix FROM zeichnungsbefugnis z
     LEFT JOIN organisationseinheit o ON o.id = z.oe_id ORDER BY z.rolle, o.kuerzel NULLS FIRST, z.aktenplan_praefix NULLS FIRST`,
  );
  return rows.map((r) => ({
    id: r.id,
    rolle: r.rolle,
    oe: r.kuerzel ? { kuerzel: r.kuerzel, name: r.name! } : null,
    aktenplanPraefix: r.aktenplan_praefix,
  }));
}

function nurAdministration(actor: Akteur): void {
  if (!hatRolle(actor, "Administration"))
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
    const { rows } = await tx.query<{ id: string }>(
      "INSERT INTO zeichnungsbefugnis (rolle, oe_id, aktenplan_praefix, erstellt_am) VALUES ($1, $2, $3, $4) RETURNING id",
      [eingabe.rolle, oe?.id ?? null, praefix, ctx.clock.now()],
    );
    await appendProtokoll(tx, ctx.clock, {
      akteur: actor,
      aktion: "zeichnungsbefugnis.geaendert",
      objektArt: "zeichnungsbefugnis",
      objektId: rows[0]!.id,
      details: { angelegt: { rolle: eingabe.rolle, oe: oe?.kuerzel ?? null, aktenplanPraefix: praefix } },
    });
    return rows[0]!.id;
  });
  return (await listZeichnungsbefugnisse(ctx)).find((z) => z.id === id)!;
}

export async function loescheZeichnungsbefugnis(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  nurAdministration(actor);
  await ctx.db.transaction(async (tx) => {
    const { rowCount } = /^[0-9a-f-]{36}$/i.test(id)
      ? await tx.query("DELETE FROM zeichnungsbefugnis WHERE id = $1", [id])
      : { rowCount: 0 };
    if (!rowCount) throw nichtGefunden("Die Zeichnungsbefugnis");
    await appendProtokoll(tx, ctx.clock, {
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
    const { rows } = await ctx.db.query<{ kennzeichen: string }>(
      "SELECT e.kennzeichen FROM akte a JOIN aktenplaneinheit e ON e.id = a.aktenplaneinheit_id WHERE a.id = $1",
      [akte.daten.id],
    );
    kennzeichen = rows[0]!.kennzeichen;
  }
  const { rows } = await ctx.db.query<{
    id: string;
    name: string;
    kuerzel: string | null;
    oe_name: string | null;
    aktenplan_praefix: string | null;
    zeichnung_vor_abgang: boolean;
    schritte: SchrittEingabe[];
  }>(
    `SELECT l.id, l.name, o.kuerzel, o.name AS oe_name, l.aktenplan_praefix, l.zeichnung_vor_abgang, l.schritte
     FROM laufwegvorlage l LEFT JOIN organisationseinheit o ON o.id = l.oe_id
     WHERE ($1::uuid IS NULL OR l.oe_id IS NULL OR l.oe_id = $1)
       AND ($2::text IS NULL OR l.aktenplan_praefix IS NULL OR $2 = l.aktenplan_praefix OR $2 LIKE l.aktenplan_praefix || '.%')
     ORDER BY l.name`,
    [oeId, kennzeichen],
  );
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
  if (!eingabe.schritte.length || eingabe.schritte.some((s) => !schrittArten.includes(s.art)))
    throw new AppError("ungueltige_eingabe", "Die Vorlage braucht Schritte bekannter Art.", {
      fehler: [{ feld: "/schritte", meldung: `Arten: ${schrittArten.join(", ")}.` }],
    });
  const stufen = berechneStufen(eingabe.schritte);
  const zeichnung = eingabe.zeichnungVorAbgang ?? true;
  if (zeichnung)
    for (const [i, s] of eingabe.schritte.entries())
      if (
        s.art === "Abgang" &&
        !eingabe.schritte.some((z, j) => z.art === "Zeichnung" && stufen[j]! < stufen[i]!)
      )
        throw new AppError(
          "ungueltige_eingabe",
          "Die Vorlage verlangt vor dem Abgang eine Zeichnung; sie fehlt.",
          {
            fehler: [{ feld: "/schritte", meldung: "Zeichnung vor dem Abgang einfügen." }],
          },
        );
  const id = await ctx.db.transaction(async (tx) => {
    const oe = eingabe.oe ? await resolveOe(tx, eingabe.oe, "oe") : null;
    if (!hatRolle(actor, "Administration") && !(oe && hatRolle(actor, "Leitung", oe.id)))
      throw new AppError(
        "keine_berechtigung",
        "Laufwegvorlagen einer OE legt deren Leitung an, OE-übergreifende die Administration.",
      );
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO laufwegvorlage (name, oe_id, aktenplan_praefix, zeichnung_vor_abgang, schritte, erstellt_am, erstellt_von)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        name,
        oe?.id ?? null,
        eingabe.aktenplanPraefix?.trim() || null,
        zeichnung,
        JSON.stringify(eingabe.schritte),
        ctx.clock.now(),
        actor.benutzer.id,
      ],
    );
    await appendProtokoll(tx, ctx.clock, {
      akteur: actor,
      aktion: "laufwegvorlage.geaendert",
      objektArt: "laufwegvorlage",
      objektId: rows[0]!.id,
      details: { angelegt: name },
    });
    return rows[0]!.id;
  });
  return (await listLaufwegvorlagen(ctx, actor)).find((v) => v.id === id)!;
}
