import { Type } from "typebox";

const Facette = Type.Object({ wert: Type.String(), bezeichnung: Type.String(), anzahl: Type.Integer() });

export const SuchErgebnisSchema = Type.Object({
  anzahl: Type.Integer(),
  anzahlText: Type.String({ description: "Anzahl oder „1000+“" }),
  treffer: Type.Array(
    Type.Object({
      dokument: Type.Object({
        id: Type.String(),
        titel: Type.String(),
        typ: Type.String(),
        erstelltAm: Type.String(),
      }),
      vorgang: Type.Object({
        id: Type.String(),
        zeichen: Type.String(),
        betreff: Type.String(),
        status: Type.String(),
      }),
      akte: Type.Object({ id: Type.String(), aktenzeichen: Type.String(), betreff: Type.String() }),
      ausschnitt: Type.String({ description: "Textausschnitt; Treffer sind mit « und » markiert" }),
      rang: Type.Number(),
    }),
  ),
  facetten: Type.Object({
    aktenplaneinheit: Type.Array(Facette),
    oe: Type.Array(Facette),
    typ: Type.Array(Facette),
    status: Type.Array(Facette),
    jahr: Type.Array(Facette),
  }),
});
