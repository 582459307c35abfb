import type { AppContext } from "../../platform/context.js";
import { heute } from "../../platform/clock.js";
import { AppError } from "../../platform/errors.js";
import { personJson, resolveOe, hatRolle, type Akteur, vertreteneAm } from "../access/index.js";
import { profilFuer, sichtbarSql } from "../schriftgut/index.js";
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

interface Zeile {
  typ: PostkorbEintrag["typ"];
  id: string;
  kategorie: PostkorbKategorie;
  art: string;
  titel: string;
  vorgang_id: string | null;
  zeichen: string | null;
  betreff: string | null;
  frist: string | null;
  ueberfaellig: boolean;
  seit: Date;
  quelle: PostkorbEintrag["quelle"];
  fuer: Person | null;
  oe_kuerzel: string | null;
  oe_name: string | null;
  notiz: string | null;
}

/** What a Postkorb entry shows instead of the Betreff of a Vorgang the reader may not read. */
const VERDECKT = "Vorgang in einer zugriffsbeschränkten Akte";

/**
 * The Postkorb: open steps addressed to me, to my OEs (until someone takes them) and to whom I
 * stand in for; due Wiedervorlagen; new Posteingang of my OEs; overdue Fristen. Counts per
 * category, then the items sorted by urgency (overdue first, then by Frist, then by age). One
 * query over partial indexes, so a Postkorb with thousands of items stays fast.
 */
export async function getPostkorb(
  ctx: AppContext,
  actor: Akteur,
  filter: PostkorbFilter = {},
): Promise<Postkorb> {
  const tag = heute(ctx.clock);
  const arbeitsOes = actor.mitgliedschaften
    .filter((m) => m.rolle === "Sachbearbeitung" || m.rolle === "Leitung")
    .map((m) => m.oeId);
  let ids: string[];
  let oes: string[];
  let posteingangOes: string[] | null;
  let vertretene: Person[] = [];
  let oeModus = false;
  if (filter.oe) {
    const oe = await resolveOe(ctx.db, filter.oe, "oe");
    if (!arbeitsOes.includes(oe.id) && !hatRolle(actor, "Posteingang"))
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
    posteingangOes = hatRolle(actor, "Posteingang") ? null : arbeitsOes;
  }
  const values: unknown[] = [actor.benutzer.id, ids, oes, posteingangOes, tag, oeModus];
  const profil = await profilFuer(ctx, actor);
  // A Posteingang item's Vorschlag (its Grund may name an Aktenzeichen) only when the reader may
  // read the proposed Vorgang's Akte.
  const vorschlagSichtbar = sichtbarSql(profil, values, "va", { inhalt: true });
  // A step or Wiedervorlage on a Vorgang whose content the reader may not read (a deputy, an OE
  // member, a Leitung not named on a restricted Akte) keeps its place, without Betreff or Zeichen.
  const inhaltSichtbar = sichtbarSql(profil, values, "a", { inhalt: true });
  const verdeckt = `'${VERDECKT}'`;
  const alle = `WITH schritte AS (
      SELECT s.id, s.art, s.frist, s.offen_seit, s.verfuegungstext, s.adressat_benutzer_id, s.bearbeiter_id, s.adressat_oe_id,
        v.id AS vorgang_id, CASE WHEN ${inhaltSichtbar} THEN a.aktenzeichen || '-' || v.nr ELSE '–' END AS zeichen,
        CASE WHEN ${inhaltSichtbar} THEN v.betreff ELSE ${verdeckt} END AS betreff, ${inhaltSichtbar} AS lesbar
      FROM schritt s JOIN vorgang v ON v.id = s.vorgang_id JOIN akte a ON a.id = v.akte_id
      WHERE s.status = 'offen' AND (s.adressat_benutzer_id = ANY($2::uuid[]) OR s.bearbeiter_id = ANY($2::uuid[])
        OR (s.adressat_oe_id = ANY($3::uuid[]) AND (s.bearbeiter_id IS NULL OR $6::boolean)))),
    alle AS (
      SELECT 'schritt' AS typ, s.id,
        CASE s.art WHEN 'Mitzeichnung' THEN 'mitzeichnung' WHEN 'Zeichnung' THEN 'zeichnung'
          WHEN 'Kenntnisnahme' THEN 'kenntnis' ELSE 'bearbeiten' END AS kategorie,
        s.art, s.betreff AS titel, s.vorgang_id, s.zeichen, s.betreff, s.frist, COALESCE(s.frist < $5::date, false) AS ueberfaellig,
        s.offen_seit AS seit,
        CASE WHEN $6::boolean THEN 'oe' WHEN s.adressat_benutzer_id = $1 OR s.bearbeiter_id = $1 THEN 'eigen'
          WHEN s.adressat_benutzer_id = ANY($2::uuid[]) OR s.bearbeiter_id = ANY($2::uuid[]) THEN 'vertretung' ELSE 'oe' END AS quelle,
        CASE WHEN NOT $6::boolean AND s.adressat_benutzer_id <> $1 AND s.adressat_benutzer_id = ANY($2::uuid[]) THEN s.adressat_benutzer_id
          WHEN NOT $6::boolean AND s.bearbeiter_id <> $1 AND s.bearbeiter_id = ANY($2::uuid[]) THEN s.bearbeiter_id END AS fuer_id,
        s.adressat_oe_id AS oe_id, CASE WHEN s.lesbar THEN NULLIF(s.verfuegungstext, '') END AS notiz
      FROM schritte s
      UNION ALL
      SELECT 'schritt', s.id, 'frist', s.art, s.betreff, s.vorgang_id, s.zeichen, s.betreff, s.frist, true, s.offen_seit,
        'eigen', NULL, s.adressat_oe_id, NULL
      FROM schritte s WHERE s.frist < $5::date
      UNION ALL
      SELECT 'wiedervorlage', w.id, 'wiedervorlage', 'Wiedervorlage',
        CASE WHEN ${inhaltSichtbar} THEN v.betreff ELSE ${verdeckt} END, v.id,
        CASE WHEN ${inhaltSichtbar} THEN a.aktenzeichen || '-' || v.nr ELSE '–' END,
        CASE WHEN ${inhaltSichtbar} THEN v.betreff ELSE ${verdeckt} END,
        NULL, false, w.datum::timestamptz,
        CASE WHEN w.empfaenger_id = $1 THEN 'eigen' ELSE 'vertretung' END,
        CASE WHEN w.empfaenger_id <> $1 THEN w.empfaenger_id END, NULL,
        CASE WHEN ${inhaltSichtbar} THEN NULLIF(w.notiz, '') END
      FROM wiedervorlage w JOIN vorgang v ON v.id = w.vorgang_id JOIN akte a ON a.id = v.akte_id
      WHERE w.erledigt_am IS NULL AND w.empfaenger_id = ANY($2::uuid[]) AND w.datum <= $5::date
      UNION ALL
      SELECT 'posteingang', p.id, 'posteingang', p.kanal, p.dateiname, NULL, NULL, NULL, NULL, false, p.erstellt_am, 'oe', NULL,
        p.oe_id, (SELECT NULLIF(p.vorschlag_grund, '') FROM vorgang vv JOIN akte va ON va.id = vv.akte_id
          WHERE vv.id = p.vorschlag_vorgang_id AND va.geloescht_am IS NULL AND ${vorschlagSichtbar})
      FROM posteingang_eintrag p
      WHERE p.status = 'neu' AND ($4::uuid[] IS NULL OR p.oe_id = ANY($4::uuid[]))
      UNION ALL
      SELECT 'vorgang', v.id, 'frist', 'Frist', v.betreff, v.id, a.aktenzeichen || '-' || v.nr, v.betreff, v.frist, true,
        v.frist::timestamptz, 'oe', NULL, a.federfuehrende_oe_id, NULL
      FROM vorgang v JOIN akte a ON a.id = v.akte_id
      WHERE v.status = 'in_bearbeitung' AND v.frist < $5::date AND a.federfuehrende_oe_id = ANY($3::uuid[])
        AND a.geloescht_am IS NULL AND ${inhaltSichtbar})`;
  const listeWerte = [...values];
  const bedingungen: string[] = [];
  if (filter.kategorie) {
    listeWerte.push(filter.kategorie);
    bedingungen.push(`x.kategorie = $${listeWerte.length}`);
  } else bedingungen.push("NOT (x.typ = 'schritt' AND x.kategorie = 'frist')");
  if (filter.quelle) {
    listeWerte.push(filter.quelle);
    bedingungen.push(`x.quelle = $${listeWerte.length}`);
  }
  if (filter.q?.trim()) {
    listeWerte.push(`%${filter.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    bedingungen.push(`(x.titel ILIKE $${listeWerte.length} OR x.zeichen ILIKE $${listeWerte.length})`);
  }
  listeWerte.push(Math.min(Math.max(filter.limit ?? 100, 1), 500));
  const [zahlen, liste] = await Promise.all([
    ctx.db.query<{ kategorie: PostkorbKategorie; n: number }>(
      `${alle} SELECT kategorie, count(*)::int AS n FROM alle GROUP BY kategorie`,
      values,
    ),
    ctx.db.query<Zeile>(
      // The page is chosen first; names of people and OEs are looked up for its rows only.
      `${alle}, seite AS (
         SELECT * FROM alle x WHERE ${bedingungen.join(" AND ")}
         ORDER BY x.ueberfaellig DESC, x.frist NULLS LAST, x.seit, x.id LIMIT $${listeWerte.length})
       SELECT x.typ, x.id, x.kategorie, x.art, x.titel, x.vorgang_id, x.zeichen, x.betreff, x.frist::text, x.ueberfaellig, x.seit,
         x.quelle, ${personJson("f")} AS fuer, o.kuerzel AS oe_kuerzel, o.name AS oe_name, x.notiz
       FROM seite x LEFT JOIN benutzer f ON f.id = x.fuer_id LEFT JOIN organisationseinheit o ON o.id = x.oe_id
       ORDER BY x.ueberfaellig DESC, x.frist NULLS LAST, x.seit, x.id`,
      listeWerte,
    ),
  ]);
  const zaehler = Object.fromEntries(postkorbKategorien.map((k) => [k, 0])) as Record<
    PostkorbKategorie,
    number
  >;
  for (const z of zahlen.rows) zaehler[z.kategorie] = z.n;
  return {
    stand: tag,
    zaehler,
    vertretungFuer: vertretene,
    eintraege: liste.rows.map((r) => ({
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
