import type { AppContext } from "../../platform/context.js";
import { heute } from "../../platform/clock.js";
import { AppError } from "../../platform/errors.js";
import { resolveOe, type Akteur, vertreteneAm } from "../access/index.js";
import { profilFuer } from "../schriftgut/index.js";
import * as repo from "./postkorb.repository.js";
import {
  arbeitsOes as arbeitsOesVon,
  darfOePostkorbSehen,
  siehtGanzenPosteingang,
  VERDECKT,
} from "./workflow.policy.js";
import { postkorbKategorien, type Person, type PostkorbKategorie } from "./workflow.types.js";

export { postkorbKategorien, type PostkorbKategorie } from "./workflow.types.js";

export interface PostkorbEintrag {
  /** schritt, wiedervorlage, posteingang or vorgang (an overdue Vorgang). */
  typ: "schritt" | "wiedervorlage" | "posteingang" | "vorgang";
  id: string;
  kategorie: PostkorbKategorie;
  /** Art of the step, "Wiedervorlage", the Posteingang channel, or "Frist". */
  art: string;
  titel: string;
  vorgang: { id: string; zeichen: string; betreff: string } | null;
  frist: string | null;
  ueberfaellig: boolean;
  seit: string;
  /** eigen: addressed to me; oe: to my OE's Postkorb; vertretung: to someone I stand in for. */
  quelle: "eigen" | "oe" | "vertretung";
  fuer: Person | null;
  oe: { kuerzel: string; name: string } | null;
  notiz: string | null;
}

export interface Postkorb {
  stand: string;
  zaehler: Record<PostkorbKategorie, number>;
  vertretungFuer: Person[];
  eintraege: PostkorbEintrag[];
}

export interface PostkorbFilter {
  kategorie?: PostkorbKategorie;
  quelle?: "eigen" | "oe" | "vertretung";
  q?: string;
  /** An OE's Postkorb instead of one's own. */
  oe?: string;
  limit?: number;
}

/**
 * The Postkorb: open steps addressed to me, to my OEs (until someone takes them) and to whom I
 * stand in for; due Wiedervorlagen; new Posteingang of my OEs; overdue Fristen. Counts per
 * category, then the items sorted by urgency (overdue first, then by Frist, then by age), from one
 * query (`postkorb.repository.ts`), read from the replica (`ctx.db.lesen`).
 */
export async function getPostkorb(
  ctx: AppContext,
  actor: Akteur,
  filter: PostkorbFilter = {},
): Promise<Postkorb> {
  const tag = heute(ctx.clock);
  const arbeitsOes = arbeitsOesVon(actor);
  let ids: string[];
  let oes: string[];
  let posteingangOes: string[] | null;
  let vertretene: Person[] = [];
  let oeModus = false;
  if (filter.oe) {
    const oe = await resolveOe(ctx.db, filter.oe, "oe");
    if (!darfOePostkorbSehen(actor, oe.id))
      throw new AppError(
        "keine_berechtigung",
        `Den Postkorb der OE ${oe.kuerzel} sehen deren Mitarbeitende.`,
      );
    ids = [];
    oes = [oe.id];
    posteingangOes = [oe.id];
    oeModus = true;
  } else {
    vertretene = await vertreteneAm(ctx.db, actor.benutzer.id, tag);
    ids = [actor.benutzer.id, ...vertretene.map((p) => p.id)];
    oes = arbeitsOes;
    posteingangOes = siehtGanzenPosteingang(actor) ? null : arbeitsOes;
  }
  // A step or Wiedervorlage on a Vorgang whose content the reader may not read (a deputy, an OE
  // member, a Leitung not named on a restricted Akte) keeps its place, without Betreff or Zeichen.
  const { zahlen, liste } = await repo.postkorb(
    ctx.db.lesen,
    {
      benutzerId: actor.benutzer.id,
      benutzerIds: ids,
      oes,
      posteingangOes,
      tag,
      oeModus,
      profil: await profilFuer(ctx, actor),
      verdeckt: VERDECKT,
    },
    {
      kategorie: filter.kategorie,
      quelle: filter.quelle,
      q: filter.q,
      limit: Math.min(Math.max(filter.limit ?? 100, 1), 500),
    },
  );
  const zaehler = Object.fromEntries(postkorbKategorien.map((k) => [k, 0])) as Record<
    PostkorbKategorie,
    number
  >;
  for (const z of zahlen) zaehler[z.kategorie] = z.n;
  return {
    stand: tag,
    zaehler,
    vertretungFuer: vertretene,
    eintraege: liste.map((r) => ({
      typ: r.typ,
      id: r.id,
      kategorie: r.kategorie,
      art: r.art,
      titel: r.titel,
      vorgang: r.vorgang_id ? { id: r.vorgang_id, zeichen: r.zeichen!, betreff: r.betreff! } : null,
      frist: r.frist,
      ueberfaellig: r.ueberfaellig,
      seit: r.seit.toISOString(),
      quelle: r.quelle,
      fuer: r.fuer,
      oe: r.oe_kuerzel ? { kuerzel: r.oe_kuerzel, name: r.oe_name! } : null,
      notiz: r.notiz,
    })),
  };
}
