import type { AppContext } from "../../platform/context.js";
import { aktiveBenutzerMitMitgliedschaften, listOes, type Akteur, type Rolle } from "../access/index.js";
import { begruendung, rechteFuer, zugriffsprofil } from "./akten.policy.js";
import { profilFuer, requireAkte } from "./zugriffstor.js";
import type { AkteRechte } from "./akten.types.js";

export interface Zugriffserklaerung {
  zugriffsbeschraenkt: boolean;
  /** The rules that apply to this Akte, in plain German. */
  regeln: string[];
  /** Everyone who can see the Akte, with what they may do and why. */
  personen: {
    benutzer: { id: string; benutzername: string; anzeigename: string };
    rechte: AkteRechte;
    gruende: string[];
  }[];
  /** The asking user: "Warum sehe ich das?" */
  ich: { rechte: AkteRechte; gruende: string[] };
}

/**
 * Who may see an Akte and why, computed with the same policy that guards it, for every active
 * user. Only for those who can see the Akte themselves.
 */
export async function erklaereZugriff(
  ctx: AppContext,
  actor: Akteur,
  akteId: string,
): Promise<Zugriffserklaerung> {
  const { daten, rechte } = await requireAkte(ctx, actor, akteId, "lesen");
  const [oeListe, mitglieder] = await Promise.all([
    listOes(ctx.db),
    aktiveBenutzerMitMitgliedschaften(ctx.db),
  ]);
  const oes = oeListe.map((o) => ({ id: o.id, parent_id: o.parentId, kuerzel: o.kuerzel, name: o.name }));
  const oeById = new Map(oes.map((o) => [o.id, o]));
  const oeName = (id: string) => {
    const o = oeById.get(id);
    return o ? `${o.kuerzel} ${o.name}` : id;
  };
  const children = new Map<string, string[]>();
  for (const o of oes)
    if (o.parent_id) children.set(o.parent_id, [...(children.get(o.parent_id) ?? []), o.id]);
  const subtree = (roots: string[]) => {
    const out = new Set<string>();
    const stack = [...roots];
    while (stack.length) {
      const id = stack.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      stack.push(...(children.get(id) ?? []));
    }
    return [...out];
  };
  const users = new Map<
    string,
    {
      benutzer: { id: string; benutzername: string; anzeigename: string };
      mitgliedschaften: { oeId: string; rolle: Rolle }[];
    }
  >();
  for (const m of mitglieder) {
    const u = users.get(m.id) ?? {
      benutzer: {
        id: m.id,
        benutzername: m.benutzername,
        anzeigename: [m.vorname, m.nachname].filter(Boolean).join(" "),
      },
      mitgliedschaften: [],
    };
    if (m.oe_id && m.rolle) u.mitgliedschaften.push({ oeId: m.oe_id, rolle: m.rolle });
    users.set(m.id, u);
  }
  const personen: Zugriffserklaerung["personen"] = [];
  for (const u of users.values()) {
    const pseudoActor = {
      benutzer: { ...u.benutzer, vorname: "", nachname: "", email: null, aktiv: true },
      mitgliedschaften: u.mitgliedschaften.map((m) => ({ ...m, oeKuerzel: "", oeName: "" })),
      via: "sitzung" as const,
    };
    const profil = zugriffsprofil(
      pseudoActor,
      subtree(u.mitgliedschaften.filter((m) => m.rolle === "Leitung").map((m) => m.oeId)),
    );
    const r = rechteFuer(profil, daten);
    if (r.lesen)
      personen.push({
        benutzer: u.benutzer,
        rechte: r,
        gruende: begruendung(u.mitgliedschaften, profil, daten, oeName),
      });
  }
  const regeln = daten.zugriffsbeschraenkt
    ? [
        "Die Akte ist zugriffsbeschränkt: Inhalt nur für die benannten Personen und Rollen.",
        "Die Registratur sieht die Angaben zur Akte, nicht ihren Inhalt.",
        "Jedes Öffnen des Inhalts wird protokolliert.",
      ]
    : [
        `Sachbearbeitung, Leitung und Lesen der federführenden OE ${oeName(daten.federfuehrendeOeId)} sehen die Akte.`,
        ...(daten.beteiligteOeIds.length
          ? [`Ebenso die beteiligten OEs: ${daten.beteiligteOeIds.map(oeName).join(", ")}.`]
          : []),
        "Die Leitung einer übergeordneten OE sieht die Akten ihres Bereichs.",
        "Die Registratur sieht und pflegt die Angaben aller nicht beschränkten Akten.",
      ];
  const profil = await profilFuer(ctx, actor);
  return {
    zugriffsbeschraenkt: daten.zugriffsbeschraenkt,
    regeln,
    personen,
    ich: { rechte, gruende: begruendung(actor.mitgliedschaften, profil, daten, oeName) },
  };
}
