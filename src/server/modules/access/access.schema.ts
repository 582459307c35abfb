import { Type } from "typebox";
import { oeArten, rollen } from "../../../shared/organisation.js";

export const OeArtSchema = Type.Enum(oeArten, { description: "Art der Organisationseinheit" });

/** The `:id` of an OE or a Benutzer: its id, or its Kürzel or Benutzername. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const RolleSchema = Type.Enum(rollen, { description: "Rolle in einer Organisationseinheit" });

export const OrganisationseinheitSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  parentId: Type.Union([Type.String({ format: "uuid" }), Type.Null()], { description: "Übergeordnete OE" }),
  name: Type.String(),
  kuerzel: Type.String({ description: "Kürzel, z. B. 63 oder BA" }),
  art: OeArtSchema,
  aktiv: Type.Boolean(),
});

export const NeueOrganisationseinheitSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kuerzel: Type.String({ minLength: 1, maxLength: 20 }),
    art: OeArtSchema,
    uebergeordnet: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()], {
        description: "Id oder Kürzel der übergeordneten OE",
      }),
    ),
  },
  { additionalProperties: false },
);

export const OrganisationseinheitAenderungSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kuerzel: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    art: Type.Optional(OeArtSchema),
    uebergeordnet: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
    aktiv: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const MitgliedschaftSchema = Type.Object({
  oeId: Type.String({ format: "uuid" }),
  oeKuerzel: Type.String(),
  oeName: Type.String(),
  rolle: RolleSchema,
});

export const BenutzerSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  benutzername: Type.String(),
  vorname: Type.String(),
  nachname: Type.String(),
  anzeigename: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  aktiv: Type.Boolean(),
});

export const BenutzerMitRollenSchema = Type.Object({
  ...BenutzerSchema.properties,
  mitgliedschaften: Type.Array(MitgliedschaftSchema),
});

const MitgliedschaftEingabe = Type.Object(
  {
    oe: Type.String({ minLength: 1, maxLength: 100, description: "Id oder Kürzel der OE" }),
    rolle: RolleSchema,
  },
  { additionalProperties: false },
);

export const NeuerBenutzerSchema = Type.Object(
  {
    benutzername: Type.String({ minLength: 2, maxLength: 63 }),
    vorname: Type.Optional(Type.String({ maxLength: 200 })),
    nachname: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
    passwort: Type.Optional(Type.String({ minLength: 8, maxLength: 1000 })),
    mitgliedschaften: Type.Optional(Type.Array(MitgliedschaftEingabe, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const BenutzerAenderungSchema = Type.Object(
  {
    vorname: Type.Optional(Type.String({ maxLength: 200 })),
    nachname: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
    aktiv: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PasswortSchema = Type.Object(
  {
    passwort: Type.String({ minLength: 8, maxLength: 1000, description: "Das neue Passwort" }),
    aktuellesPasswort: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 1000,
        description:
          "Das bisherige Passwort; Pflicht beim eigenen Passwort, entfällt beim Zurücksetzen durch die Administration",
      }),
    ),
  },
  { additionalProperties: false },
);

/** One of the user's own sessions (browser sign-ins). */
export const SitzungSchema = Type.Object({
  id: Type.String({ description: "Kennung zum Beenden (nicht das Sitzungs-Cookie)" }),
  geraet: Type.String({ description: "Browser und Betriebssystem, aus dem User-Agent" }),
  ip: Type.Union([Type.String(), Type.Null()], { description: "Adresse bei der Anmeldung" }),
  anmeldeverfahren: Type.String({ description: "passwort, ldap, oidc …" }),
  faktor: Type.Union([Type.String(), Type.Null()], {
    description:
      "Zweiter Faktor der Anmeldung: totp, passkey, wiederherstellungscode, einrichtung, oidc; null ohne",
  }),
  erstelltAm: Type.String({ format: "date-time" }),
  zuletztAktivAm: Type.String({ format: "date-time" }),
  laeuftAbAm: Type.String({ format: "date-time" }),
  aktuell: Type.Boolean({ description: "Die Sitzung dieser Anfrage" }),
});
export const MitgliedschaftEingabeSchema = MitgliedschaftEingabe;

/** How many sessions an administrator ended (POST /benutzer/{id}/sitzungen-beenden). */
export const SitzungenBeendetSchema = Type.Object({
  beendet: Type.Integer({ description: "Zahl der beendeten Sitzungen" }),
});

export const LoginSchema = Type.Object(
  {
    benutzername: Type.String({ minLength: 1, maxLength: 200 }),
    passwort: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const MeSchema = Type.Object({
  benutzer: BenutzerSchema,
  mitgliedschaften: Type.Array(MitgliedschaftSchema),
  rollen: Type.Array(RolleSchema, { description: "Alle Rollen des Benutzers, gleich in welcher OE" }),
  organisationseinheiten: Type.Array(
    Type.Object({ id: Type.String(), kuerzel: Type.String(), name: Type.String() }),
  ),
  anmeldung: Type.Union([Type.Literal("sitzung"), Type.Literal("token")]),
  csrfToken: Type.Optional(
    Type.String({ description: "Für schreibende Anfragen aus dem Browser (Kopf X-CSRF-Token)" }),
  ),
});

/** What a token may do: `lesen` only reads, `posteingang` only delivers to the Posteingang, `voll` all its user may. */
export const TokenBereichSchema = Type.Union(
  [Type.Literal("lesen"), Type.Literal("posteingang"), Type.Literal("voll")],
  { description: "Geltungsbereich: lesen, posteingang (nur Einlieferung) oder voll" },
);

export const ApiTokenSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  benutzerId: Type.String({ format: "uuid" }),
  name: Type.String(),
  praefix: Type.String(),
  bereich: TokenBereichSchema,
  erstelltAm: Type.String({ format: "date-time" }),
  laeuftAbAm: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  widerrufenAm: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  zuletztBenutztAm: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});

export const NeuesApiTokenSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    benutzer: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: "Id oder Benutzername; ohne Angabe: man selbst",
      }),
    ),
    laeuftAbAm: Type.Optional(
      Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
        description: "Ablauf, höchstens zwei Jahre ab jetzt; ohne Angabe ein Jahr",
      }),
    ),
    bereich: Type.Optional(TokenBereichSchema),
  },
  { additionalProperties: false },
);

/** A new API token: the secret, shown once, and the token's record (POST /api-tokens). */
export const ApiTokenErstelltSchema = Type.Object({ token: Type.String(), apiToken: ApiTokenSchema });
