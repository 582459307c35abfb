import type { AppContext } from "../../platform/context.js";
import { heute } from "../../platform/clock.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { resolveOe, type Akteur } from "../access/index.js";
import { requireAkte, setzeAufbewahrungInTx } from "../schriftgut/index.js";
import { darfAufbewahrungPflegen, darfAussondern, darfLoeschprotokollSehen } from "./aussonderung.policy.js";
import * as repo from "./aussonderung.repository.js";
import type {
  Aufbewahrung,
  AussonderungslisteEintrag,
  LoeschprotokollEintrag,
} from "./aussonderung.types.js";

export async function getAufbewahrung(ctx: AppContext, actor: Akteur, akteId: string): Promise<Aufbewahrung> {
  await requireAkte(ctx, actor, akteId, "lesen");
  const [a] = await repo.aufbewahrungDerAkten(ctx.db, heute(ctx.clock), [akteId]);
  if (!a) throw nichtGefunden("Die Akte");
  return a;
}

/** Overrides Frist and/or Archivwürdigkeit of one Akte (Registratur), always with a reason; null restores inheritance. */
export async function setzeAufbewahrung(
  ctx: AppContext,
  actor: Akteur,
  akteId: string,
  eingabe: {
    aufbewahrungsfrist: number | null;
    archivwuerdigkeit: "A" | "B" | "V" | null;
    begruendung: string;
  },
): Promise<Aufbewahrung> {
  if (!darfAufbewahrungPflegen(actor))
    throw new AppError("keine_berechtigung", "Aufbewahrung und Archivwürdigkeit pflegt die Registratur.");
  const begruendung = eingabe.begruendung.normalize("NFC").trim();
  const abweichend = eingabe.aufbewahrungsfrist !== null || eingabe.archivwuerdigkeit !== null;
  if (abweichend && !begruendung)
    throw new AppError("ungueltige_eingabe", "Eine Abweichung vom Aktenplan braucht eine Begründung.", {
      fehler: [{ feld: "/begruendung", meldung: "Pflichtfeld bei Abweichung." }],
    });
  await ctx.db.transaction(async (tx) => {
    await requireAkte(ctx, actor, akteId, "lesen", tx);
    await setzeAufbewahrungInTx(ctx, tx, actor, akteId, { ...eingabe, begruendung });
  });
  return getAufbewahrung(ctx, actor, akteId);
}

/**
 * The Aussonderungsliste for the Registratur and the Archiv: Akten whose Aufbewahrungsende has
 * passed, not yet ausgesondert, and without a Löschsperre – per OE if asked – each with the
 * Archiv's Bewertung.
 */
export async function aussonderungsliste(
  ctx: AppContext,
  actor: Akteur,
  filter: { oe?: string } = {},
): Promise<AussonderungslisteEintrag[]> {
  if (!darfAussondern(actor))
    throw new AppError("keine_berechtigung", "Die Aussonderungsliste führen Registratur und Archiv.");
  const oe = filter.oe ? await resolveOe(ctx.db, filter.oe, "oe") : null;
  return repo.faelligeAkten(ctx.db, heute(ctx.clock), oe?.id ?? null);
}

export async function loeschprotokoll(ctx: AppContext, actor: Akteur): Promise<LoeschprotokollEintrag[]> {
  if (!darfLoeschprotokollSehen(actor))
    throw new AppError("keine_berechtigung", "Das Löschprotokoll sehen Registratur, Archiv und Datenschutz.");
  return repo.listLoeschprotokoll(ctx.db);
}
