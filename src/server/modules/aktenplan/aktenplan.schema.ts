import { Type } from "typebox";
import { archivwuerdigkeiten } from "../../../shared/aktenplan.js";
import { MetadatenfeldSchema } from "../../../shared/api/metadatenfeld.schema.js";

/** Defined in src/shared/api because the Vorgang (schriftgut) shows the fields too. */
export { MetadatenfeldSchema };

const OeKurz = Type.Union([
  Type.Object({ id: Type.String(), kuerzel: Type.String(), name: Type.String() }),
  Type.Null(),
]);
const Archivwuerdigkeit = Type.Union([Type.Enum(archivwuerdigkeiten), Type.Null()], {
  description: "A archivwürdig, B bewerten, V vernichten",
});

export const AktenplaneinheitSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  parentId: Type.Union([Type.String(), Type.Null()]),
  kennzeichen: Type.String(),
  titel: Type.String(),
  beschreibung: Type.String(),
  aufbewahrungsfrist: Type.Union([Type.Integer(), Type.Null()], {
    description: "Jahre; null: geerbt oder unbefristet",
  }),
  unbefristet: Type.Boolean(),
  archivwuerdigkeit: Archivwuerdigkeit,
  zugriffsbeschraenkung: Type.Boolean({
    description: "Neue Akten hier sind standardmäßig zugriffsbeschränkt",
  }),
  zustaendigeOe: OeKurz,
  metadatenfelder: Type.Array(MetadatenfeldSchema),
  geschlossen: Type.Boolean({ description: "Für neue Akten geschlossen" }),
  version: Type.Integer(),
  blatt: Type.Boolean({ description: "Unterste Ebene: hier werden Akten angelegt" }),
  anzahlAkten: Type.Integer(),
  wirksam: Type.Object({
    aufbewahrungsfrist: Type.Union([Type.Integer(), Type.Null()]),
    unbefristet: Type.Boolean(),
    archivwuerdigkeit: Archivwuerdigkeit,
    zustaendigeOe: OeKurz,
  }),
});

/** One Aktenplaneinheit with its earlier versions (GET /aktenplan/:ref). */
export const AktenplaneinheitMitVersionenSchema = Type.Object({
  ...AktenplaneinheitSchema.properties,
  versionen: Type.Array(
    Type.Object({
      version: Type.Integer(),
      stand: Type.Unknown({ description: "Stand vor der Änderung" }),
      gueltigBis: Type.String(),
      geaendertVon: Type.String(),
    }),
  ),
});

/** The whole Aktenplan, flat with parentId (GET /aktenplan). */
export const AktenplanSchema = Type.Object({
  stand: Type.Integer(),
  einheiten: Type.Array(AktenplaneinheitSchema),
});

/** What a CSV import did, or in a dry run would do (POST /aktenplan/import). */
export const AktenplanImportErgebnisSchema = Type.Object({
  probelauf: Type.Boolean({ description: "true: nichts übernommen, nur gezeigt, was sich ändern würde" }),
  angelegt: Type.Integer(),
  geaendert: Type.Integer({ description: "Geänderte Einheiten, die neu geschlossenen eingeschlossen" }),
  unveraendert: Type.Integer(),
  aenderungen: Type.Array(
    Type.Object({
      art: Type.Enum(["neu", "geaendert", "geschlossen"] as const, {
        description:
          "geschlossen: die Einheit wird für neue Akten geschlossen (und ändert sich vielleicht auch sonst)",
      }),
      kennzeichen: Type.String(),
      titel: Type.String({ description: "Der Titel nach dem Import" }),
      felder: Type.Array(Type.String(), {
        description: "Die geänderten Spalten, wie die CSV sie nennt (titel, aufbewahrungsfrist …)",
      }),
    }),
    { description: "Jede neue oder geänderte Einheit, nach Kennzeichen sortiert" },
  ),
});

/** Whether to take the file over or only show what would change (POST /aktenplan/import). */
export const AktenplanImportOptionenSchema = Type.Object(
  {
    probe: Type.Optional(
      Type.Boolean({
        description:
          "true: alles prüfen und zeigen, was sich ändern würde, ohne etwas zu übernehmen (auch für die Administration)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const EinheitEingabeSchema = Type.Object(
  {
    kennzeichen: Type.String({ minLength: 1, maxLength: 40 }),
    titel: Type.String({ minLength: 1, maxLength: 300 }),
    uebergeordnet: Type.Optional(
      Type.Union([Type.String({ maxLength: 40 }), Type.Null()], { description: "Id oder Kennzeichen" }),
    ),
    beschreibung: Type.Optional(Type.String({ maxLength: 4000 })),
    aufbewahrungsfrist: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 200 }), Type.Null()])),
    unbefristet: Type.Optional(Type.Boolean()),
    archivwuerdigkeit: Type.Optional(Archivwuerdigkeit),
    zugriffsbeschraenkung: Type.Optional(Type.Boolean()),
    zustaendigeOe: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    metadatenfelder: Type.Optional(Type.Array(MetadatenfeldSchema, { maxItems: 50 })),
    geschlossen: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const EinheitAenderungSchema = Type.Partial(EinheitEingabeSchema, { additionalProperties: false });
