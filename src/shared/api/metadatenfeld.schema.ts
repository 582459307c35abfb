import { Type } from "typebox";
import { metadatenTypen } from "../aktenplan.js";

/**
 * A typed field that Vorgänge under an Aktenplaneinheit carry (e.g. "Bauvorhaben", "Baukosten").
 * Shared because the Aktenplan defines the fields and the Vorgang shows them.
 */
export const MetadatenfeldSchema = Type.Object(
  {
    schluessel: Type.String({
      pattern: "^[a-z][a-z0-9_]{0,39}$",
      description: "Schlüssel in den Metadaten des Vorgangs",
    }),
    bezeichnung: Type.String({ minLength: 1, maxLength: 200 }),
    typ: Type.Enum(metadatenTypen),
    pflicht: Type.Boolean(),
    optionen: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
