import { AppError, type FieldProblem } from "../../platform/errors.js";

/** A 400 naming every field problem: the detail joins them, `fehler` lets a form show each at its field. */
export function ungueltigeEingabe(fehler: FieldProblem[]): AppError {
  return new AppError("ungueltige_eingabe", fehler.map((f) => `${f.feld}: ${f.meldung}`).join(" "), {
    fehler,
  });
}
