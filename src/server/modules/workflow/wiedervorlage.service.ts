import type { AppContext } from "../../platform/context.js";
import { heute, istDatum } from "../../platform/clock.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { loadActor, findBenutzer, type Akteur, vertreteneAm } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { requireVorgang } from "../schriftgut/index.js";
import * as repo from "./wiedervorlage.repository.js";
import type { WiedervorlageZeile } from "./wiedervorlage.repository.js";
import { darfWiedervorlageErledigen, darfWiedervorlageFuerAndere } from "./workflow.policy.js";
import type { Person } from "./workflow.types.js";

export interface Wiedervorlage {
  id: string;
  vorgangId: string;
  datum: string;
  notiz: string;
  empfaenger: Person;
  erstelltVon: Person;
  erstelltAm: string;
  erledigtAm: string | null;
  faellig: boolean;
}

const zu = (r: WiedervorlageZeile, tag: string): Wiedervorlage => ({
  id: r.id,
  vorgangId: r.vorgang_id,
  datum: r.datum,
  notiz: r.notiz,
  empfaenger: r.empfaenger,
  erstelltVon: r.erstellt_von,
  erstelltAm: r.erstellt_am.toISOString(),
  erledigtAm: r.erledigt_am?.toISOString() ?? null,
  faellig: r.erledigt_am === null && r.datum <= tag,
});

/** A Vorgang comes back to someone (oneself by default) on a day: it shows in their Postkorb from then. */
export async function legeWiedervorlageAn(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
  eingabe: { datum: string; notiz?: string; empfaenger?: string | null },
): Promise<Wiedervorlage> {
  const { rechte } = await requireVorgang(ctx, actor, vorgangId, "inhaltLesen");
  const tag = heute(ctx.clock);
  if (!istDatum(eingabe.datum))
    throw new AppError("ungueltige_eingabe", "Das Datum der Wiedervorlage muss die Form JJJJ-MM-TT haben.", {
      fehler: [{ feld: "/datum", meldung: "Ungültiges Datum." }],
    });
  if (eingabe.datum < tag)
    throw new AppError("ungueltige_eingabe", "Eine Wiedervorlage in der Vergangenheit ist nicht möglich.", {
      fehler: [{ feld: "/datum", meldung: "Heute oder später wählen." }],
    });
  let empfaenger = actor;
  if (eingabe.empfaenger && eingabe.empfaenger !== actor.benutzer.benutzername) {
    // Setting work for a colleague is working on the Akte: a reader (role Lesen) may only remind
    // themselves.
    if (!darfWiedervorlageFuerAndere(rechte))
      throw new AppError(
        "keine_berechtigung",
        "Mit Leserechten können Sie eine Wiedervorlage nur für sich selbst anlegen.",
        { fehler: [{ feld: "/empfaenger", meldung: "Nur für sich selbst." }] },
      );
    const b = await findBenutzer(ctx.db, { benutzername: eingabe.empfaenger });
    if (!b || !b.aktiv)
      throw new AppError("ungueltige_eingabe", `Den Benutzer „${eingabe.empfaenger}“ gibt es nicht.`, {
        fehler: [{ feld: "/empfaenger", meldung: "Unbekannter Benutzer." }],
      });
    empfaenger = await loadActor(ctx.db, b, "sitzung");
    try {
      await requireVorgang(ctx, empfaenger, vorgangId, "inhaltLesen");
    } catch {
      throw new AppError("ungueltige_eingabe", `${b.anzeigename} kann diesen Vorgang nicht sehen.`, {
        fehler: [{ feld: "/empfaenger", meldung: "Empfänger ohne Zugriff auf den Vorgang." }],
      });
    }
  }
  const id = await ctx.db.transaction(async (tx) => {
    const { akte } = await requireVorgang(ctx, actor, vorgangId, "inhaltLesen", tx);
    const id = await repo.insertWiedervorlage(
      tx,
      {
        vorgangId,
        empfaengerId: empfaenger.benutzer.id,
        datum: eingabe.datum,
        notiz: (eingabe.notiz ?? "").normalize("NFC").trim().slice(0, 2000),
        erstelltVon: actor.benutzer.id,
      },
      ctx.clock.now(),
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "wiedervorlage.angelegt",
      objektArt: "wiedervorlage",
      objektId: id,
      details: {
        akteId: akte.daten.id,
        vorgangId,
        datum: eingabe.datum,
        empfaengerId: empfaenger.benutzer.id,
      },
    });
    return id;
  });
  return zu((await repo.ladeWiedervorlage(ctx.db, id))!, tag);
}

export async function listWiedervorlagen(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
): Promise<Wiedervorlage[]> {
  await requireVorgang(ctx, actor, vorgangId, "inhaltLesen");
  const rows = await repo.wiedervorlagenDesVorgangs(ctx.db, vorgangId);
  return rows.map((r) => zu(r, heute(ctx.clock)));
}

/** Done: by the recipient (or their deputy) or by whoever set it. */
export async function erledigeWiedervorlage(
  ctx: AppContext,
  actor: Akteur,
  id: string,
): Promise<Wiedervorlage> {
  const tag = heute(ctx.clock);
  const vertretene = (await vertreteneAm(ctx.db, actor.benutzer.id, tag)).map((p) => p.id);
  await ctx.db.transaction(async (tx) => {
    const w = await repo.sperreWiedervorlage(tx, id);
    if (!w || !darfWiedervorlageErledigen(actor, w, vertretene)) throw nichtGefunden("Die Wiedervorlage");
    if (w.erledigt_am) throw new AppError("konflikt", "Diese Wiedervorlage ist bereits erledigt.");
    await repo.erledigeWiedervorlage(tx, id, actor.benutzer.id, ctx.clock.now());
    const ivFuer = w.empfaenger_id !== actor.benutzer.id && vertretene.includes(w.empfaenger_id);
    const fuer = ivFuer ? await findBenutzer(tx, { id: w.empfaenger_id }) : undefined;
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      ...(fuer ? { imAuftragVon: fuer } : {}),
      aktion: "wiedervorlage.erledigt",
      objektArt: "wiedervorlage",
      objektId: id,
      details: { akteId: w.akte_id, vorgangId: w.vorgang_id },
    });
  });
  return zu((await repo.ladeWiedervorlage(ctx.db, id))!, tag);
}
