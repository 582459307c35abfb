import type { AppContext } from "../../platform/context.js";
import { heute } from "../../platform/clock.js";
import { AppError } from "../../platform/errors.js";
import { istUuid } from "../../platform/pruefungen.js";
import type { Akteur } from "../access/index.js";
import { beteiligeAdressatenInTx, dokumentKopf, requireVorgang } from "../schriftgut/index.js";
import {
  loeseAdressat,
  protokolliereGangInTx,
  schreiteFortInTx,
  type Adressat,
} from "./geschaeftsgang-ablauf.js";
import * as repo from "./geschaeftsgang.repository.js";
import { getGeschaeftsgang } from "./geschaeftsgang.service.js";
import { berechneStufen, pruefeLaufweg, pruefeSchritt, vorlagePasst } from "./laufweg.js";
import { findLaufwegvorlage } from "./vorlagen.repository.js";
import type { Geschaeftsgang, SchrittEingabe } from "./workflow.types.js";

export interface NeuerGeschaeftsgang {
  dokument?: string | null;
  vorlage?: string | null;
  zeichnungVorAbgang?: boolean;
  schritte?: SchrittEingabe[];
}

/** Starts a route on a Vorgang or one of its Entwürfe; the first Stufe opens at once. */
export async function starteGeschaeftsgang(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
  eingabe: NeuerGeschaeftsgang,
): Promise<Geschaeftsgang> {
  const id = await ctx.db.transaction(async (tx) => {
    const { akte } = await requireVorgang(ctx, actor, vorgangId, "dokumentAnlegen", tx);
    const kennzeichen = await repo.kennzeichenDerAkte(tx, akte.daten.id);
    if (eingabe.dokument) {
      const d = istUuid(eingabe.dokument) ? await dokumentKopf(tx, eingabe.dokument) : undefined;
      if (!d || d.vorgangId !== vorgangId)
        throw new AppError("ungueltige_eingabe", "Der Entwurf gehört nicht zu diesem Vorgang.", {
          fehler: [{ feld: "/dokument", meldung: "Dokument dieses Vorgangs wählen." }],
        });
      if (d.gezeichnet) throw new AppError("konflikt", "Das Dokument ist bereits gezeichnet und endgültig.");
    }
    let schritte = eingabe.schritte ?? [];
    let zeichnungVorAbgang = eingabe.zeichnungVorAbgang ?? false;
    let vorlageId: string | null = null;
    if (eingabe.vorlage) {
      const v = await findLaufwegvorlage(tx, eingabe.vorlage);
      if (!v || !vorlagePasst(v, akte.daten.federfuehrendeOeId, kennzeichen))
        throw new AppError("ungueltige_eingabe", "Diese Laufwegvorlage gibt es für diesen Vorgang nicht.", {
          fehler: [{ feld: "/vorlage", meldung: "Unbekannte oder unpassende Vorlage." }],
        });
      vorlageId = v.id;
      if (!eingabe.schritte?.length) schritte = v.schritte;
      // What the template requires cannot be switched off per route.
      zeichnungVorAbgang = v.zeichnung_vor_abgang || zeichnungVorAbgang;
    }
    const tag = heute(ctx.clock);
    const fehler = schritte.flatMap((s, i) => pruefeSchritt(s, i, tag));
    if (fehler.length)
      throw new AppError("ungueltige_eingabe", "Bitte die Schritte des Laufwegs prüfen.", { fehler });
    const stufen = berechneStufen(schritte);
    pruefeLaufweg(
      schritte.map((s, i) => ({ art: s.art, stufe: stufen[i]!, status: "wartend" as const })),
      zeichnungVorAbgang,
    );
    const adressaten: Adressat[] = [];
    for (const [i, s] of schritte.entries())
      adressaten.push(await loeseAdressat(tx, s.adressat, `/schritte/${i}/adressat`));
    const gangId = await repo.insertGang(
      tx,
      {
        vorgangId,
        dokumentId: eingabe.dokument ?? null,
        vorlageId,
        zeichnungVorAbgang,
        erstellerId: actor.benutzer.id,
      },
      ctx.clock.now(),
    );
    for (const [i, s] of schritte.entries())
      await repo.insertSchritt(
        tx,
        gangId,
        {
          stufe: stufen[i]!,
          art: s.art,
          benutzerId: adressaten[i]!.benutzerId,
          oeId: adressaten[i]!.oeId,
          frist: s.frist || null,
          verfuegungstext: (s.verfuegungstext ?? "").normalize("NFC").trim(),
        },
        ctx.clock.now(),
      );
    await beteiligeAdressatenInTx(ctx, tx, actor, akte.daten.id, {
      benutzerIds: adressaten.flatMap((a) => (a.benutzerId ? [a.benutzerId] : [])),
      oeIds: adressaten.flatMap((a) => (a.oeId ? [a.oeId] : [])),
    });
    const gang = (await repo.ladeGang(tx, gangId))!;
    await protokolliereGangInTx(
      ctx,
      tx,
      actor,
      null,
      "geschaeftsgang.gestartet",
      { art: "geschaeftsgang", id: gangId },
      gang,
      {
        dokumentId: eingabe.dokument ?? null,
        vorlageId,
        schritte: schritte.map((s, i) => ({ art: s.art, stufe: stufen[i], adressat: s.adressat })),
      },
    );
    await schreiteFortInTx(ctx, tx, actor, gang);
    return gangId;
  });
  return getGeschaeftsgang(ctx, actor, id);
}
