import type { AppContext } from "../../platform/context.js";
import { heute } from "../../platform/clock.js";
import type { Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { beteiligeAdressatenInTx } from "../schriftgut/index.js";
import {
  beendeInTx,
  fuegeStufenEinInTx,
  type GangDetails,
  loeseAdressat,
  meldeOffeneSchritteInTx,
  protokolliereGangInTx,
  schreiteFortInTx,
} from "./geschaeftsgang-ablauf.js";
import * as repo from "./geschaeftsgang.repository.js";
import type { GangZeile } from "./geschaeftsgang.repository.js";
import { darfAendern, getGeschaeftsgang, rolleVon, sichtbar } from "./geschaeftsgang.service.js";
import { ABSCHLUSS, einfuegenNach, neueOrdnung, pruefeLaufweg, pruefeSchritt } from "./laufweg.js";
import type { Geschaeftsgang, SchrittEingabe } from "./workflow.types.js";

// Changing a running route: insert a step, skip one, reorder the waiting ones, cancel the route.
// Each change keeps the rules of a route (`pruefeLaufweg`) and is recorded in the Protokoll.

/** Locks the route and checks that the actor may change it and that it still runs. */
async function sperreGangZumAendernInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  gangId: string,
): Promise<GangZeile> {
  const gang = await repo.ladeGang(tx, gangId, true);
  const rolle = await rolleVon(ctx, actor);
  if (!gang || !(await sichtbar(ctx, actor, gang, rolle))) throw nichtGefunden("Der Geschäftsgang");
  if (!(await darfAendern(ctx, actor, gang)))
    throw new AppError(
      "keine_berechtigung",
      "Den Laufweg ändern die Erstellerin oder der Ersteller und die Bearbeiter der Akte.",
    );
  if (gang.status !== "laufend") throw new AppError("konflikt", "Dieser Geschäftsgang ist bereits beendet.");
  return gang;
}

async function pruefeNachAenderungInTx(tx: Tx, gang: GangZeile): Promise<void> {
  const schritte = await repo.ladeLaufweg(tx, gang.id);
  pruefeLaufweg(schritte, gang.zeichnung_vor_abgang);
}

/** The Protokoll entry of a change to the route itself (a step inserted, the waiting ones reordered). */
async function protokolliereAenderungInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  gang: GangZeile,
  aenderung: GangDetails<"geschaeftsgang.geaendert">,
): Promise<void> {
  await protokolliereGangInTx(
    ctx,
    tx,
    actor,
    null,
    "geschaeftsgang.geaendert",
    { art: "geschaeftsgang", id: gang.id },
    gang,
    aenderung,
  );
}

/** The reason a step is skipped or a route cancelled, trimmed; refused when empty. */
function pflichtbegruendung(begruendung: string, meldung: string): string {
  const grund = begruendung.normalize("NFC").trim();
  if (!grund)
    throw new AppError("ungueltige_eingabe", meldung, {
      fehler: [{ feld: "/begruendung", meldung: "Pflichtfeld." }],
    });
  return grund;
}

/** Inserts a step: after a Stufe (not before the current one), or parallel to a waiting or open step. */
export async function fuegeSchrittEin(
  ctx: AppContext,
  actor: Akteur,
  gangId: string,
  eingabe: { schritt: SchrittEingabe; nachStufe?: number; parallelZu?: string },
): Promise<Geschaeftsgang> {
  await ctx.db.transaction(async (tx) => {
    const gang = await sperreGangZumAendernInTx(ctx, tx, actor, gangId);
    const fehler = pruefeSchritt(eingabe.schritt, 0, heute(ctx.clock)).map((f) => ({
      ...f,
      feld: f.feld.replace("/schritte/0", "/schritt"),
    }));
    if (fehler.length) throw new AppError("ungueltige_eingabe", "Bitte den Schritt prüfen.", { fehler });
    const adressat = await loeseAdressat(tx, eingabe.schritt.adressat, "/schritt/adressat");
    const schritte = await repo.ladeLaufweg(tx, gang.id);
    const neu = {
      ...adressat,
      art: eingabe.schritt.art,
      frist: eingabe.schritt.frist || null,
      verfuegungstext: (eingabe.schritt.verfuegungstext ?? "").normalize("NFC").trim(),
    };
    if (eingabe.parallelZu) {
      const neben = schritte.find((s) => s.id === eingabe.parallelZu);
      if (!neben || ABSCHLUSS.includes(neben.status))
        throw new AppError(
          "ungueltige_eingabe",
          "Parallel geht nur zu einem wartenden oder offenen Schritt.",
          {
            fehler: [{ feld: "/parallelZu", meldung: "Wartenden oder offenen Schritt wählen." }],
          },
        );
      const status = neben.status === "offen" ? "offen" : "wartend";
      const id = await repo.insertSchritt(
        tx,
        gang.id,
        { ...neu, stufe: neben.stufe },
        ctx.clock.now(),
        status,
      );
      if (status === "offen") await meldeOffeneSchritteInTx(ctx, tx, gang, [id]);
    } else {
      await fuegeStufenEinInTx(ctx, tx, gang.id, einfuegenNach(schritte, eingabe.nachStufe), [neu]);
    }
    await pruefeNachAenderungInTx(tx, gang);
    await beteiligeAdressatenInTx(ctx, tx, actor, gang.akte_id, {
      benutzerIds: neu.benutzerId ? [neu.benutzerId] : [],
      oeIds: neu.oeId ? [neu.oeId] : [],
    });
    await protokolliereAenderungInTx(ctx, tx, actor, gang, {
      aenderung: "eingefuegt",
      schritt: { art: neu.art, adressat: eingabe.schritt.adressat },
      ...(eingabe.parallelZu ? { parallelZu: eingabe.parallelZu } : { nachStufe: eingabe.nachStufe ?? null }),
    });
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}

/** Skips a waiting or open step (with a reason); the route moves on if that was all it waited for. */
export async function ueberspringe(
  ctx: AppContext,
  actor: Akteur,
  schrittId: string,
  begruendung: string,
): Promise<Geschaeftsgang> {
  const grund = pflichtbegruendung(begruendung, "Bitte begründen, warum der Schritt entfällt.");
  const gangId = await ctx.db.transaction(async (tx) => {
    const id = await repo.gangDesSchritts(tx, schrittId);
    if (!id) throw nichtGefunden("Der Schritt");
    const gang = await sperreGangZumAendernInTx(ctx, tx, actor, id);
    const s = (await repo.sperreSchrittStatus(tx, schrittId))!;
    if (ABSCHLUSS.includes(s.status)) throw new AppError("konflikt", "Dieser Schritt ist bereits erledigt.");
    await repo.ueberspringeSchritt(tx, schrittId, grund, actor.benutzer.id, ctx.clock.now());
    await pruefeNachAenderungInTx(tx, gang);
    await protokolliereGangInTx(
      ctx,
      tx,
      actor,
      null,
      "schritt.uebersprungen",
      { art: "schritt", id: schrittId },
      gang,
      { art: s.art, begruendung: grund },
    );
    await schreiteFortInTx(ctx, tx, actor, gang);
    return gang.id;
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}

/** New order of the waiting steps: a list of Stufen, each a list of step ids (parallel within). */
export async function ordneNeu(
  ctx: AppContext,
  actor: Akteur,
  gangId: string,
  stufen: string[][],
): Promise<Geschaeftsgang> {
  await ctx.db.transaction(async (tx) => {
    const gang = await sperreGangZumAendernInTx(ctx, tx, actor, gangId);
    const ordnung = neueOrdnung(await repo.ladeLaufweg(tx, gang.id), stufen);
    for (const { stufe, ids } of ordnung) await repo.setzeStufe(tx, ids, stufe);
    await pruefeNachAenderungInTx(tx, gang);
    await protokolliereAenderungInTx(ctx, tx, actor, gang, {
      aenderung: "neu_geordnet",
      stufen: ordnung.map((o) => o.ids),
    });
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}

/** Cancels a running route (with a reason); its Verfügung records how far it came. */
export async function brecheAb(
  ctx: AppContext,
  actor: Akteur,
  gangId: string,
  begruendung: string,
): Promise<Geschaeftsgang> {
  const grund = pflichtbegruendung(begruendung, "Bitte begründen, warum der Geschäftsgang abgebrochen wird.");
  await ctx.db.transaction(async (tx) => {
    const gang = await sperreGangZumAendernInTx(ctx, tx, actor, gangId);
    await repo.ueberspringeRest(tx, gang.id);
    await beendeInTx(ctx, tx, actor, gang, "abgebrochen", grund);
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}
