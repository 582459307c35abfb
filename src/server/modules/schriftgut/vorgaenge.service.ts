import { istDatum, istUuid } from "../../platform/pruefungen.js";
import type { AppContext } from "../../platform/context.js";
import type { Queryable, Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { felderDerEinheit, pruefeMetadaten } from "../aktenplan/index.js";
import {
  protokolliereSchriftgutInTx,
  protokolliereLesenInTx,
  requireAkte,
  type AkteZugriff,
} from "./akten.service.js";
import type { AkteRechte } from "./akten.types.js";
import * as repo from "./vorgaenge.repository.js";
import type { Vorgang, VorgangKurz, VorgangRechte, VorgangStatus } from "./vorgaenge.types.js";

export function vorgangRechte(akte: AkteRechte, status: VorgangStatus): VorgangRechte {
  return {
    ...akte,
    dokumentAnlegen: akte.bearbeiten && status === "in_bearbeitung",
    zdaVerfuegen: akte.bearbeiten && status === "in_bearbeitung",
    zdaAufheben: akte.bearbeiten && status === "zda",
  };
}

const MELDUNG: Partial<Record<keyof VorgangRechte, string>> = {
  dokumentAnlegen: "Dieser Vorgang ist zu den Akten verfügt (zdA) und nimmt keine Dokumente mehr auf.",
  zdaVerfuegen: "Dieser Vorgang ist bereits zu den Akten verfügt.",
  zdaAufheben: "Dieser Vorgang ist nicht zu den Akten verfügt.",
};

/** The gate to a Vorgang: the Akte's rights, narrowed by the Vorgang's status. Hidden → 404. */
export async function requireVorgang(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
  need: keyof VorgangRechte,
  q: Queryable = ctx.db,
): Promise<{ akte: AkteZugriff; status: VorgangStatus; rechte: VorgangRechte }> {
  const found = istUuid(vorgangId) ? await repo.akteVon(q, vorgangId) : undefined;
  if (!found) throw nichtGefunden("Der Vorgang");
  let akte: AkteZugriff;
  try {
    akte = await requireAkte(
      ctx,
      actor,
      found.akteId,
      need in MELDUNG ? "bearbeiten" : (need as keyof AkteRechte),
      q,
    );
  } catch (error) {
    if (error instanceof AppError && error.code === "nicht_gefunden") throw nichtGefunden("Der Vorgang");
    throw error;
  }
  // Inside a transaction the row is locked, so the status cannot change until commit.
  const status =
    q === ctx.db ? found.status : ((await repo.lockVorgang(q, vorgangId))?.status ?? found.status);
  const rechte = vorgangRechte(akte.rechte, status);
  if (!rechte[need]) throw new AppError("konflikt", MELDUNG[need] ?? "Das ist hier nicht erlaubt.");
  return { akte, status, rechte };
}

function pruefeFrist(frist: string | null | undefined): string | null {
  if (!frist) return null;
  if (!istDatum(frist)) {
    throw new AppError("ungueltige_eingabe", "Die Frist muss ein Datum der Form JJJJ-MM-TT sein.", {
      fehler: [{ feld: "/frist", meldung: "Ungültiges Datum." }],
    });
  }
  return frist;
}

async function metadatenFuer(q: Queryable, aktenplaneinheitId: string, werte: Record<string, unknown>) {
  const { felder } = await felderDerEinheit(q, aktenplaneinheitId);
  const result = pruefeMetadaten(felder, werte);
  if (result.fehler.length) {
    throw new AppError("ungueltige_eingabe", result.fehler.map((f) => `${f.feld}: ${f.meldung}`).join(" "), {
      fehler: result.fehler,
    });
  }
  return result.werte;
}

export async function getVorgang(ctx: AppContext, actor: Akteur, id: string): Promise<Vorgang> {
  const { akte, rechte } = await requireVorgang(ctx, actor, id, "inhaltLesen");
  const v = await repo.getVorgang(ctx.db, id);
  if (!v) throw nichtGefunden("Der Vorgang");
  const { felder } = await felderDerEinheit(ctx.db, v.aktenplaneinheitId);
  if (akte.daten.zugriffsbeschraenkt) {
    await ctx.db.transaction((tx) =>
      protokolliereLesenInTx(ctx, tx, actor, akte.daten, { objektArt: "vorgang", objektId: id }),
    );
  }
  const { aktenplaneinheitId: _omit, ...rest } = v;
  return { ...rest, metadatenfelder: felder, rechte };
}

export async function listVorgaenge(ctx: AppContext, actor: Akteur, akteId: string): Promise<VorgangKurz[]> {
  const { daten } = await requireAkte(ctx, actor, akteId, "inhaltLesen");
  return repo.listVorgaenge(ctx.db, daten.id);
}

export interface NeuerVorgang {
  betreff: string;
  frist?: string | null;
  metadaten?: Record<string, unknown>;
}

export async function createVorgang(
  ctx: AppContext,
  actor: Akteur,
  akteId: string,
  input: NeuerVorgang,
): Promise<Vorgang> {
  const id = await ctx.db.transaction((tx) => legeVorgangAnInTx(ctx, tx, actor, akteId, input));
  return getVorgang(ctx, actor, id);
}

/** Creates a Vorgang inside the caller's transaction (e.g. a Registrierung into a new Vorgang). */
export async function legeVorgangAnInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  akteId: string,
  input: NeuerVorgang,
): Promise<string> {
  const betreff = input.betreff.normalize("NFC").trim();
  if (!betreff)
    throw new AppError("ungueltige_eingabe", "Der Betreff fehlt.", {
      fehler: [{ feld: "/betreff", meldung: "Pflichtfeld." }],
    });
  const frist = pruefeFrist(input.frist);
  const { daten } = await requireAkte(ctx, actor, akteId, "bearbeiten", tx);
  const { rows } = await tx.query<{ aktenplaneinheit_id: string; status: string }>(
    "SELECT aktenplaneinheit_id, status FROM akte WHERE id = $1",
    [daten.id],
  );
  if (rows[0]?.status === "geschlossen")
    throw new AppError("konflikt", "Die Akte ist geschlossen und nimmt keine neuen Vorgänge auf.");
  const metadaten = await metadatenFuer(tx, rows[0]!.aktenplaneinheit_id, input.metadaten ?? {});
  const nr = await repo.naechsteNr(tx, daten.id);
  const newId = await repo.insertVorgang(
    tx,
    { akteId: daten.id, nr, betreff, frist, metadaten, erstelltVon: actor.benutzer.id },
    ctx.clock.now(),
  );
  await protokolliereSchriftgutInTx(
    ctx,
    tx,
    actor,
    "vorgang.angelegt",
    { art: "vorgang", id: newId },
    daten.id,
    {
      nr,
      betreff,
      frist,
    },
  );
  return newId;
}

export async function updateVorgang(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  patch: Partial<NeuerVorgang>,
): Promise<Vorgang> {
  await ctx.db.transaction(async (tx) => {
    const { akte } = await requireVorgang(ctx, actor, id, "zdaVerfuegen", tx);
    const current = (await repo.getVorgang(tx, id))!;
    const betreff = patch.betreff !== undefined ? patch.betreff.normalize("NFC").trim() : current.betreff;
    if (!betreff)
      throw new AppError("ungueltige_eingabe", "Der Betreff fehlt.", {
        fehler: [{ feld: "/betreff", meldung: "Pflichtfeld." }],
      });
    const metadaten =
      patch.metadaten !== undefined
        ? await metadatenFuer(tx, current.aktenplaneinheitId, patch.metadaten)
        : current.metadaten;
    await repo.updateVorgang(
      tx,
      id,
      { betreff, frist: patch.frist !== undefined ? pruefeFrist(patch.frist) : current.frist, metadaten },
      ctx.clock.now(),
    );
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "vorgang.geaendert",
      { art: "vorgang", id },
      akte.daten.id,
      {
        aenderungen: patch as Record<string, unknown>,
      },
    );
  });
  return getVorgang(ctx, actor, id);
}

/** zdA: processing is finished; the Vorgang takes no new Dokumente or versions, retention starts. */
export async function verfuegeZda(ctx: AppContext, actor: Akteur, id: string): Promise<Vorgang> {
  await ctx.db.transaction((tx) => setzeZdaInTx(ctx, tx, actor, id));
  return getVorgang(ctx, actor, id);
}

/** zdA inside the caller's transaction (e.g. the zdA step of a Geschäftsgang). */
export async function setzeZdaInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  id: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  const { akte } = await requireVorgang(ctx, actor, id, "zdaVerfuegen", tx);
  await repo.setStatus(tx, id, "zda", actor.benutzer.id, ctx.clock.now());
  await protokolliereSchriftgutInTx(
    ctx,
    tx,
    actor,
    "vorgang.zda",
    { art: "vorgang", id },
    akte.daten.id,
    details,
  );
}

export async function hebeZdaAuf(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  begruendung: string,
): Promise<Vorgang> {
  const grund = begruendung.normalize("NFC").trim();
  if (!grund)
    throw new AppError("ungueltige_eingabe", "Bitte begründen, warum der Vorgang wieder aufgenommen wird.", {
      fehler: [{ feld: "/begruendung", meldung: "Pflichtfeld." }],
    });
  await ctx.db.transaction(async (tx) => {
    const { akte } = await requireVorgang(ctx, actor, id, "zdaAufheben", tx);
    await repo.setStatus(tx, id, "in_bearbeitung", null, ctx.clock.now());
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "vorgang.zda_aufgehoben",
      { art: "vorgang", id },
      akte.daten.id,
      {
        begruendung: grund,
      },
    );
  });
  return getVorgang(ctx, actor, id);
}

function unbekannteZielakte(ref: string): AppError {
  return new AppError("ungueltige_eingabe", `Die Akte „${ref}“ wurde nicht gefunden.`, {
    fehler: [{ feld: "/zielAkte", meldung: "Unbekannte Akte." }],
  });
}

/**
 * Umprotokollieren: moves a Vorgang (with its Dokumente) to another Akte. Its id stays, so links
 * keep working; its old Aktenzeichen and number still find it. Needs write access to both Akten.
 */
export async function umprotokollieren(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  input: { zielAkte: string; begruendung: string },
): Promise<Vorgang> {
  const grund = input.begruendung.normalize("NFC").trim();
  if (!grund)
    throw new AppError("ungueltige_eingabe", "Bitte begründen, warum der Vorgang umprotokolliert wird.", {
      fehler: [{ feld: "/begruendung", meldung: "Pflichtfeld." }],
    });
  await ctx.db.transaction(async (tx) => {
    const { akte } = await requireVorgang(ctx, actor, id, "bearbeiten", tx);
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM akte WHERE geloescht_am IS NULL AND ${istUuid(input.zielAkte) ? "id = $1::uuid" : "aktenzeichen = $1"}`,
      [input.zielAkte],
    );
    if (!rows[0]) throw unbekannteZielakte(input.zielAkte);
    let ziel;
    try {
      ziel = await requireAkte(ctx, actor, rows[0].id, "bearbeiten", tx);
    } catch (error) {
      if (error instanceof AppError && error.code === "nicht_gefunden") {
        throw unbekannteZielakte(input.zielAkte);
      }
      throw error;
    }
    if (ziel.daten.id === akte.daten.id)
      throw new AppError("ungueltige_eingabe", "Der Vorgang liegt bereits in dieser Akte.", {
        fehler: [{ feld: "/zielAkte", meldung: "Gleiche Akte." }],
      });
    const current = (await repo.lockVorgang(tx, id))!;
    const neueNr = await repo.naechsteNr(tx, ziel.daten.id);
    await repo.move(
      tx,
      id,
      {
        alteAkteId: akte.daten.id,
        alteNr: current.nr,
        neueAkteId: ziel.daten.id,
        neueNr,
        von: actor.benutzer.id,
        begruendung: grund,
      },
      ctx.clock.now(),
    );
    const details = {
      vonAkte: akte.daten.id,
      alteNr: current.nr,
      nachAkte: ziel.daten.id,
      neueNr,
      begruendung: grund,
    };
    // Both Akten show the move in their history.
    for (const akteId of [akte.daten.id, ziel.daten.id]) {
      await ctx.ereignisse.sende(tx, { art: "akte.sichtbarkeit_geaendert", akteId: akteId });
      await protokolliereSchriftgutInTx(
        ctx,
        tx,
        actor,
        "vorgang.umprotokolliert",
        { art: "vorgang", id },
        akteId,
        details,
      );
    }
  });
  return getVorgang(ctx, actor, id);
}

/** Finds a Vorgang by Aktenzeichen and number, also under the Aktenzeichen it had before a move. */
export async function findeVorgang(
  ctx: AppContext,
  actor: Akteur,
  aktenzeichen: string,
  nr: number,
): Promise<Vorgang> {
  const { rows } = await ctx.db.query<{ id: string }>(
    "SELECT id FROM akte WHERE aktenzeichen = $1 AND geloescht_am IS NULL",
    [aktenzeichen],
  );
  const id = rows[0] ? await repo.findByZeichen(ctx.db, rows[0].id, nr) : undefined;
  if (!id) throw nichtGefunden("Der Vorgang");
  return getVorgang(ctx, actor, id);
}
