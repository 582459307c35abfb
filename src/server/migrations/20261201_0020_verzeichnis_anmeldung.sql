-- Accounts that follow a directory (OIDC provider, Active Directory/LDAP) and the group mapping.
--
-- benutzer.anmeldequelle says where a person signs in: 'lokal' (Aktenwerk password), 'oidc' or
-- 'ldap'. externe_kennung is the directory's stable key for the person, unique per source: for
-- OIDC "<issuer> <sub>", for LDAP the entryUUID or objectGUID. Local users have none. The name in
-- the directory may change; the key does not, so a renamed person keeps their account and Akten.
ALTER TABLE benutzer
  ADD COLUMN anmeldequelle text NOT NULL DEFAULT 'lokal' CHECK (anmeldequelle IN ('lokal', 'oidc', 'ldap')),
  ADD COLUMN externe_kennung text CHECK (length(externe_kennung) BETWEEN 1 AND 1000),
  -- The person's directory groups as last seen (sign-in or sync), as the directory spells them:
  -- what the preview of a group mapping counts. NULL: never seen by a directory.
  ADD COLUMN verzeichnisgruppen text[],
  ADD COLUMN verzeichnis_abgleich_am timestamptz,
  ADD CONSTRAINT benutzer_externe_kennung_pflicht CHECK (anmeldequelle = 'lokal' OR externe_kennung IS NOT NULL);
CREATE UNIQUE INDEX benutzer_externe_kennung ON benutzer (anmeldequelle, externe_kennung)
  WHERE externe_kennung IS NOT NULL;

-- Where a membership comes from: 'manuell' (granted in the Verwaltung, kept whatever the directory
-- says) or 'verzeichnis' (derived from the group mapping; added and removed by every sign-in or
-- sync). A membership the directory would grant that already exists manually stays manual.
ALTER TABLE mitgliedschaft
  ADD COLUMN herkunft text NOT NULL DEFAULT 'manuell' CHECK (herkunft IN ('manuell', 'verzeichnis'));

-- The group mapping the Administration maintains: a directory group (LDAP group name or DN, or a
-- value of the OIDC group claim) grants a role in an OE. One group may grant several. Groups are
-- compared case-insensitively after trimming. An OE that is deactivated makes its rows stale:
-- they grant nothing and take nothing away until the Administration fixes them.
CREATE TABLE gruppenzuordnung (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gruppe text NOT NULL CHECK (length(gruppe) BETWEEN 1 AND 1000),
  oe_id uuid NOT NULL REFERENCES organisationseinheit (id),
  rolle text NOT NULL CHECK (rolle IN ('Sachbearbeitung', 'Leitung', 'Registratur', 'Posteingang', 'Administration',
    'Archiv', 'Personalrat', 'Datenschutz', 'Lesen')),
  erstellt_am timestamptz NOT NULL
);
CREATE UNIQUE INDEX gruppenzuordnung_eindeutig ON gruppenzuordnung (lower(gruppe), oe_id, rolle);
COMMENT ON TABLE gruppenzuordnung IS 'Modul: access';

-- A session opened through an OpenID provider remembers what the provider said about the sign-in:
-- acr and amr (how strongly the person authenticated; the second-factor rules read them) and the
-- ID token, sent back as id_token_hint when Aktenwerk signs the person out at the provider too
-- (RP-initiated logout). NULL for every other kind of session.
ALTER TABLE sitzung
  ADD COLUMN oidc_acr text,
  ADD COLUMN oidc_amr text[],
  ADD COLUMN oidc_id_token text;
