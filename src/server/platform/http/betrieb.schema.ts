import { Type } from "typebox";

/** One check of `aktenwerk doctor` and the administrator's Startseite. */
export const BefundSchema = Type.Object(
  {
    bereich: Type.Union([
      Type.Literal("Laufzeit"),
      Type.Literal("Texterkennung"),
      Type.Literal("xdomea"),
      Type.Literal("Speicher"),
      Type.Literal("Datenbank"),
    ]),
    pruefung: Type.String(),
    stand: Type.Union([Type.Literal("ok"), Type.Literal("hinweis"), Type.Literal("fehler")]),
    text: Type.String(),
    abhilfe: Type.Union([Type.String(), Type.Null()], { description: "Was zu tun ist, wenn etwas fehlt" }),
  },
  { $id: "Befund" },
);
