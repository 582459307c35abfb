import { Type } from "typebox";

/** A Posteingang item as the API shows it. */
export const EintragSchema = Type.Object({
  id: Type.String(),
  oe: Type.Object({ id: Type.String(), kuerzel: Type.String(), name: Type.String() }),
  kanal: Type.Enum(["upload", "scan", "email", "api"] as const),
  status: Type.Enum(["neu", "registriert", "verworfen"] as const),
  dateiname: Type.String(),
  mimeTyp: Type.String(),
  groesse: Type.Integer(),
  angaben: Type.Record(Type.String(), Type.Unknown()),
  scanprotokoll: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  texterkennung: Type.String(),
  vorschlag: Type.Union([
    Type.Object({
      vorgangId: Type.String(),
      zeichen: Type.String(),
      betreff: Type.String(),
      grund: Type.String(),
    }),
    Type.Null(),
  ]),
  dokumentId: Type.Union([Type.String(), Type.Null()]),
  erstelltAm: Type.String(),
});

export const BetreffregelSchema = Type.Object({
  id: Type.String(),
  oe: Type.Object({ id: Type.String(), kuerzel: Type.String(), name: Type.String() }),
  muster: Type.String(),
  vorgang: Type.Object({ id: Type.String(), zeichen: Type.String(), betreff: Type.String() }),
  erstelltAm: Type.String(),
});
