import { Type } from "typebox";
import { MeSchema, RolleSchema } from "./access.schema.js";

const Base64Url = (description: string, maxLength = 20_000) =>
  Type.String({ minLength: 1, maxLength, pattern: "^[A-Za-z0-9_-]*={0,2}$", description });

/** The answer when the password was right but a second factor is owed or must be set up first (202). */
export const ZweiterFaktorNoetigSchema = Type.Object({
  zweiterFaktor: Type.Object({
    einrichtung: Type.Boolean({
      description:
        "Die Rolle verlangt einen zweiten Faktor, der noch nicht eingerichtet ist: erst einrichten, dann geht es weiter",
    }),
    verfahren: Type.Array(
      Type.Union([Type.Literal("totp"), Type.Literal("passkey"), Type.Literal("wiederherstellungscode")]),
      { description: "Womit die Anmeldung abgeschlossen werden kann" },
    ),
    laeuftAbAm: Type.String({ format: "date-time", description: "Bis dahin muss der zweite Faktor folgen" }),
  }),
  csrfToken: Type.String({ description: "Für die folgenden Schritte (Kopf X-CSRF-Token)" }),
});

/** A code typed at sign-in: six digits of the app or one recovery code. */
export const ZweiterFaktorCodeSchema = Type.Object(
  {
    art: Type.Union([Type.Literal("totp"), Type.Literal("wiederherstellungscode")], {
      description: "totp: Code der Authenticator-App; wiederherstellungscode: einer der zehn Einmalcodes",
    }),
    code: Type.String({ minLength: 1, maxLength: 40 }),
  },
  { additionalProperties: false },
);

/** The JSON a browser's `navigator.credentials.create()` gives (via @simplewebauthn/browser). */
export const PasskeyRegistrierungAntwortSchema = Type.Object({
  id: Base64Url("Kennung des Passkeys", 1024),
  rawId: Base64Url("Kennung des Passkeys", 1024),
  type: Type.Literal("public-key"),
  response: Type.Object({
    clientDataJSON: Base64Url("Client-Daten"),
    attestationObject: Base64Url("Attestierung"),
    authenticatorData: Type.Optional(Base64Url("Authenticator-Daten")),
    transports: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })),
    publicKeyAlgorithm: Type.Optional(Type.Integer()),
    publicKey: Type.Optional(Base64Url("Öffentlicher Schlüssel")),
  }),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 40 })),
  clientExtensionResults: Type.Object({}, { additionalProperties: true }),
});

/** The JSON a browser's `navigator.credentials.get()` gives. */
export const PasskeyAnmeldungAntwortSchema = Type.Object({
  id: Base64Url("Kennung des Passkeys", 1024),
  rawId: Base64Url("Kennung des Passkeys", 1024),
  type: Type.Literal("public-key"),
  response: Type.Object({
    clientDataJSON: Base64Url("Client-Daten"),
    authenticatorData: Base64Url("Authenticator-Daten"),
    signature: Base64Url("Signatur"),
    userHandle: Type.Optional(Type.String({ maxLength: 1024 })),
  }),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 40 })),
  clientExtensionResults: Type.Object({}, { additionalProperties: true }),
});

export const PasskeyAnmeldungSchema = Type.Object(
  { antwort: PasskeyAnmeldungAntwortSchema },
  { additionalProperties: false },
);

export const NeuerPasskeySchema = Type.Object(
  {
    name: Type.Optional(
      Type.String({
        maxLength: 100,
        description: "Name, an dem Sie den Passkey erkennen, z. B. „Sicherheitsschlüssel blau“",
      }),
    ),
    antwort: PasskeyRegistrierungAntwortSchema,
  },
  { additionalProperties: false },
);

/** WebAuthn options for the browser (`PublicKeyCredentialCreationOptionsJSON` / `…RequestOptionsJSON`). */
export const WebauthnOptionenSchema = Type.Object(
  { challenge: Type.String() },
  { additionalProperties: true, description: "Optionen für navigator.credentials (WebAuthn)" },
);

export const PasskeySchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  erstelltAm: Type.String({ format: "date-time" }),
  zuletztBenutztAm: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});

/** The second factor of one's own account, as "Mein Konto" shows it. */
export const ZweiterFaktorStandSchema = Type.Object({
  totp: Type.Boolean({ description: "Eine Authenticator-App ist eingerichtet" }),
  passkeys: Type.Array(PasskeySchema),
  wiederherstellungscodesUebrig: Type.Integer({
    description: "Noch nicht verwendete Wiederherstellungscodes",
  }),
  erforderlich: Type.Boolean({ description: "Eine Rolle des Benutzers verlangt einen zweiten Faktor" }),
});

export const TotpEinrichtungSchema = Type.Object({
  geheimnis: Type.String({
    description: "Der Schlüssel zum Abtippen (Base32), falls kein QR-Code gescannt werden kann",
  }),
  uri: Type.String({ description: "otpauth://-Adresse, die der QR-Code enthält" }),
  qrCode: Type.String({ description: "QR-Code als SVG-Daten-URL" }),
});

export const TotpBestaetigungSchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 20 }) },
  { additionalProperties: false },
);

const Wiederherstellungscodes = Type.Union([Type.Array(Type.String()), Type.Null()], {
  description: "Zehn Einmalcodes, nur jetzt sichtbar (beim ersten Faktor eines Kontos); sonst null",
});

export const EinrichtungErgebnisSchema = Type.Object({
  wiederherstellungscodes: Wiederherstellungscodes,
  me: Type.Optional(MeSchema),
});

export const PasskeyErgebnisSchema = Type.Object({
  passkey: PasskeySchema,
  wiederherstellungscodes: Wiederherstellungscodes,
  me: Type.Optional(MeSchema),
});

export const WiederherstellungscodesSchema = Type.Object({
  wiederherstellungscodes: Type.Array(Type.String(), {
    description: "Zehn neue Einmalcodes; die alten gelten nicht mehr",
  }),
});

export const ZweiterFaktorPflichtSchema = Type.Object({
  rollen: Type.Array(RolleSchema, { description: "Rollen, die einen zweiten Faktor verlangen" }),
  immer: Type.Array(RolleSchema, { description: "Davon immer verlangt (nicht abschaltbar)" }),
});

export const ZweiterFaktorPflichtEingabeSchema = Type.Object(
  { rollen: Type.Array(RolleSchema, { maxItems: 20 }) },
  { additionalProperties: false },
);
