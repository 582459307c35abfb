import { Type } from "typebox";
import { rollen } from "../../../shared/organisation.js";
import { vertraulichkeiten } from "../../../shared/schriftgut.js";

const OeRef = Type.Object({ id: Type.String(), kuerzel: Type.String(), name: Type.String() });
const Status = Type.Enum(["offen", "geschlossen", "ausgesondert"] as const);
const Vertraulichkeit = Type.Enum(vertraulichkeiten);

export const AkteRechteSchema = Type.Object(
  {
    lesen: Type.Boolean(),
    inhaltLesen: Type.Boolean(),
    bearbeiten: Type.Boolean(),
    metadatenBearbeiten: Type.Boolean(),
    zugriffVerwalten: Type.Boolean(),
  },
  { description: "Was der angemeldete Benutzer mit dieser Akte darf" },
);

export const AkteKurzSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  aktenzeichen: Type.String(),
  betreff: Type.String(),
  status: Status,
  federfuehrendeOe: OeRef,
  aktenplaneinheit: Type.Object({ id: Type.String(), kennzeichen: Type.String(), titel: Type.String() }),
  zugriffsbeschraenkt: Type.Boolean(),
  vertraulichkeit: Vertraulichkeit,
  erstelltAm: Type.String({ format: "date-time" }),
  geaendertAm: Type.String({ format: "date-time" }),
  rechte: AkteRechteSchema,
});

/** A page of the Akten list (GET /akten). */
export const AktenSeiteSchema = Type.Object({
  eintraege: Type.Array(AkteKurzSchema),
  naechsterCursor: Type.Union([Type.String(), Type.Null()]),
});

const ZugriffEintragSchema = Type.Object({
  benutzer: Type.Optional(
    Type.Object({ id: Type.String(), benutzername: Type.String(), anzeigename: Type.String() }),
  ),
  rolle: Type.Optional(Type.String()),
  oe: Type.Optional(Type.Union([OeRef, Type.Null()])),
  recht: Type.Enum(["lesen", "bearbeiten"] as const),
});

export const AkteSchema = Type.Object({
  ...AkteKurzSchema.properties,
  jahr: Type.Integer(),
  lfdnr: Type.Integer(),
  beteiligteOes: Type.Array(OeRef),
  papierablage: Type.Union([Type.String(), Type.Null()], {
    description: "Hybridakte: wo der Papierteil liegt",
  }),
  querverweise: Type.Array(
    Type.Object({
      akteId: Type.String(),
      aktenzeichen: Type.Union([Type.String(), Type.Null()]),
      betreff: Type.Union([Type.String(), Type.Null()]),
      bemerkung: Type.String(),
    }),
  ),
  baende: Type.Array(
    Type.Object({
      nr: Type.Integer(),
      titel: Type.String(),
      beginn: Type.Union([Type.String(), Type.Null()]),
      ende: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  zugriff: Type.Array(ZugriffEintragSchema, {
    description: "Benannte Personen und Rollen (nur bei Zugriffsbeschränkung)",
  }),
  erstelltVon: Type.Union([Type.String(), Type.Null()]),
});

const ZugriffEingabe = Type.Object(
  {
    benutzer: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: "Id oder Benutzername" }),
    ),
    rolle: Type.Optional(Type.Enum(rollen)),
    oe: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()], {
        description: "Rolle nur in dieser OE (Id oder Kürzel)",
      }),
    ),
    recht: Type.Optional(Type.Enum(["lesen", "bearbeiten"] as const)),
  },
  { additionalProperties: false },
);

export const NeueAkteSchema = Type.Object(
  {
    aktenplaneinheit: Type.String({
      minLength: 1,
      maxLength: 100,
      description: "Id oder Kennzeichen (unterste Ebene)",
    }),
    betreff: Type.String({ minLength: 1, maxLength: 500 }),
    federfuehrendeOe: Type.String({ minLength: 1, maxLength: 100, description: "Id oder Kürzel" }),
    beteiligteOes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
    zugriffsbeschraenkt: Type.Optional(
      Type.Boolean({ description: "Ohne Angabe: Vorgabe der Aktenplaneinheit" }),
    ),
    zugriff: Type.Optional(Type.Array(ZugriffEingabe, { maxItems: 200 })),
    vertraulichkeit: Type.Optional(Vertraulichkeit),
    papierablage: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    querverweise: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 50,
        description: "Ids oder Aktenzeichen",
      }),
    ),
    jahr: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2999 })),
  },
  { additionalProperties: false },
);

export const AkteAenderungSchema = Type.Object(
  {
    betreff: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    status: Type.Optional(Type.Enum(["offen", "geschlossen"] as const)),
    vertraulichkeit: Type.Optional(Vertraulichkeit),
    papierablage: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    beteiligteOes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const ZugriffSetzenSchema = Type.Object(
  { zugriffsbeschraenkt: Type.Boolean(), zugriff: Type.Array(ZugriffEingabe, { maxItems: 200 }) },
  { additionalProperties: false },
);

export const AktenSucheSchema = Type.Object(
  {
    oe: Type.Optional(
      Type.String({ maxLength: 100, description: "federführend oder beteiligt (Id oder Kürzel)" }),
    ),
    aktenplaneinheit: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(Status),
    q: Type.Optional(Type.String({ maxLength: 200, description: "Teil von Aktenzeichen oder Betreff" })),
    aktenzeichen: Type.Optional(Type.String({ maxLength: 100, description: "genau dieses Aktenzeichen" })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

/** A Querverweis to another Akte (POST /akten/{id}/querverweise). */
export const NeuerQuerverweisSchema = Type.Object(
  {
    ziel: Type.String({ minLength: 1, maxLength: 100, description: "Id oder Aktenzeichen" }),
    bemerkung: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** A new Band of an Akte (POST /akten/{id}/baende). */
export const NeuerBandSchema = Type.Object(
  {
    titel: Type.Optional(Type.String({ maxLength: 200 })),
    beginn: Type.Optional(Type.String({ format: "date" })),
  },
  { additionalProperties: false },
);

export const ZugriffserklaerungSchema = Type.Object({
  zugriffsbeschraenkt: Type.Boolean(),
  regeln: Type.Array(Type.String()),
  personen: Type.Array(
    Type.Object({
      benutzer: Type.Object({ id: Type.String(), benutzername: Type.String(), anzeigename: Type.String() }),
      rechte: AkteRechteSchema,
      gruende: Type.Array(Type.String()),
    }),
  ),
  ich: Type.Object({ rechte: AkteRechteSchema, gruende: Type.Array(Type.String()) }),
});

/**
 * One entry of an Akte's history (GET /akten/{id}/protokoll). Not yet the route's response schema:
 * that would change the OpenAPI document; the client test checks the route's result against it.
 */
export const AkteProtokollEintragSchema = Type.Object({
  nr: Type.Integer(),
  zeit: Type.String({ format: "date-time" }),
  akteur: Type.String(),
  imAuftragVon: Type.Union([Type.String(), Type.Null()]),
  aktion: Type.String(),
  objektArt: Type.String(),
  objektId: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});

/** Which page of an Akte's history to read: entries before `vor`, at most `limit`. */
export const AkteProtokollFilterSchema = Type.Object(
  {
    vor: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

/** A page of an Akte's history (GET /akten/{id}/protokoll), newest first. */
export const AkteProtokollSchema = Type.Object({
  eintraege: Type.Array(AkteProtokollEintragSchema),
  naechsteSeite: Type.Union([Type.Integer(), Type.Null()]),
});
