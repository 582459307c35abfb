import { Type } from "typebox";
import { RolleSchema } from "./access.schema.js";

/** Which sign-in methods the login page offers. */
export const AnmeldeverfahrenSchema = Type.Object({
  /** false: Aktenwerk passwords only for the break-glass account (AKTENWERK_LOKALE_ANMELDUNG=aus). */
  lokal: Type.Boolean(),
  /** The OpenID provider, when configured: the button says "Anmelden mit <name>". */
  oidc: Type.Union([Type.Object({ name: Type.String() }), Type.Null()]),
});

/** A row of the group mapping: members of the directory group get the role in the OE. */
export const GruppenzuordnungSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  /** LDAP group name or DN, or a value of the OIDC group claim. */
  gruppe: Type.String(),
  oeId: Type.String({ format: "uuid" }),
  oeKuerzel: Type.String(),
  oeName: Type.String(),
  /** false: the OE was deactivated; the row changes nothing until it is fixed. */
  oeAktiv: Type.Boolean(),
  rolle: RolleSchema,
});

/** A mapping row as the Administration types it (also the question of the preview). */
export const GruppenzuordnungEingabeSchema = Type.Object(
  {
    /** Group as the directory names it (compared case-insensitively). */
    gruppe: Type.String({ minLength: 1, maxLength: 1000 }),
    /** OE by id or Kürzel. */
    oe: Type.String({ minLength: 1, maxLength: 100 }),
    rolle: RolleSchema,
  },
  { additionalProperties: false },
);

/** Whom a mapping row would give the role, from the groups last seen at sign-in or sync. */
export const GruppenzuordnungVorschauSchema = Type.Object({
  /** Active users last seen in the group. */
  anzahl: Type.Integer(),
  /** Of those, how many do not hold the role in the OE yet. */
  neu: Type.Integer(),
  oeKuerzel: Type.String(),
  oeName: Type.String(),
  /** false: the OE is deactivated, the row would change nothing. */
  oeAktiv: Type.Boolean(),
  /** The first of them (at most 50), those who would get the role first. */
  benutzer: Type.Array(
    Type.Object({
      id: Type.String({ format: "uuid" }),
      benutzername: Type.String(),
      anzeigename: Type.String(),
      /** Where the person signs in: oidc or ldap. */
      quelle: Type.String(),
      /** Holds the role in the OE already. */
      hatBereits: Type.Boolean(),
    }),
  ),
});

/** After signing out: where the browser goes to sign out at the OpenID provider too. */
export const AbmeldungSchema = Type.Object({
  /** end_session_endpoint of the provider with id_token_hint; the client navigates there. */
  weiterleitung: Type.String(),
});

/** The sign-in methods as the operator configured them (Verwaltung → Anmeldung, Administration). */
export const AnmeldediensteSchema = Type.Object({
  oidc: Type.Union(
    [
      Type.Object({
        /** AKTENWERK_OIDC_NAME: "Anmelden mit <name>". */
        name: Type.String(),
        /** AKTENWERK_OIDC_ISSUER. */
        issuer: Type.String(),
        /** AKTENWERK_OIDC_CLIENT_ID. */
        clientId: Type.String(),
        /** Confidential client (a secret is set) or public client with PKCE only. */
        mitClientSecret: Type.Boolean(),
        /** AKTENWERK_OIDC_GRUPPEN_CLAIM: the claim the group mapping reads. */
        gruppenClaim: Type.String(),
        /** AKTENWERK_OIDC_MFA_ACR: acr values that count as a second factor. */
        mfaAcr: Type.Array(Type.String()),
      }),
      Type.Null(),
    ],
    { description: "OpenID Connect; null: nicht eingerichtet" },
  ),
  ldap: Type.Union(
    [
      Type.Object({
        /** AKTENWERK_LDAP_URL (ldaps:// or ldap:// with StartTLS). */
        url: Type.String(),
        /** `ad`: Active Directory attributes; `ldap`: uid and groupOfNames. */
        art: Type.Union([Type.Literal("ad"), Type.Literal("ldap")]),
        /** How the connection is protected: LDAPS or StartTLS (never plain text). */
        verschluesselung: Type.Union([Type.Literal("ldaps"), Type.Literal("starttls")]),
        basisDn: Type.String(),
        /** The service account Aktenwerk searches with (the password is never shown). */
        bindDn: Type.String(),
        benutzerfilter: Type.String(),
        gruppenfilter: Type.String(),
        /** Minutes between scheduled syncs; 0: only by hand. */
        syncMinuten: Type.Integer(),
      }),
      Type.Null(),
    ],
    { description: "Active Directory / LDAP; null: nicht eingerichtet" },
  ),
  /** AKTENWERK_LOKALE_ANMELDUNG: false means Aktenwerk passwords only for the break-glass account. */
  lokal: Type.Boolean(),
  notfallkonto: Type.Union(
    [
      Type.Object({
        /** AKTENWERK_NOTFALLKONTO. */
        benutzername: Type.String(),
        /** The account exists in Aktenwerk. */
        vorhanden: Type.Boolean(),
        /** … and is active. */
        aktiv: Type.Boolean(),
        /** … and has a second factor set up (the Administration needs one). */
        zweiterFaktor: Type.Boolean(),
      }),
      Type.Null(),
    ],
    { description: "Notfallkonto (break-glass); null: keines benannt" },
  ),
});
