-- Second factor (TOTP, passkeys, recovery codes), the roles that require one, and what a
-- session knows about how it was signed in to.

-- A sitzung row is a full session (`voll`), or one of two restricted states the sign-in passes
-- through: `zweiter_faktor` (password checked, second factor still owed; a few minutes) and
-- `einrichtung` (password checked, the role requires a factor the user has not set up yet: only
-- the enrolment routes answer). The anmelde-hook lets a restricted row call only the routes that
-- name its stufe.
ALTER TABLE sitzung ADD COLUMN stufe text NOT NULL DEFAULT 'voll'
  CHECK (stufe IN ('voll', 'zweiter_faktor', 'einrichtung'));
-- The second factor the sign-in was completed with (totp, passkey, wiederherstellungscode,
-- einrichtung, oidc), null when none was needed.
ALTER TABLE sitzung ADD COLUMN faktor text;
-- The open WebAuthn challenge of this session (registration or sign-in), and until when it holds.
ALTER TABLE sitzung ADD COLUMN webauthn_challenge text;
ALTER TABLE sitzung ADD COLUMN webauthn_challenge_bis timestamptz;
-- How many wrong second-factor codes this pending sign-in has seen.
ALTER TABLE sitzung ADD COLUMN fehlversuche integer NOT NULL DEFAULT 0;

CREATE TABLE totp (
  benutzer_id uuid PRIMARY KEY REFERENCES benutzer (id) ON DELETE CASCADE,
  -- Base32 secret; the server must read it to check a code.
  geheimnis text NOT NULL,
  erstellt_am timestamptz NOT NULL,
  -- Null while the enrolment waits for its first code.
  bestaetigt_am timestamptz,
  -- The 30-second time step of the last accepted code: no code of this or an earlier step is taken again.
  letzter_schritt bigint
);
COMMENT ON TABLE totp IS 'Modul: access';

CREATE TABLE passkey (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  benutzer_id uuid NOT NULL REFERENCES benutzer (id) ON DELETE CASCADE,
  -- WebAuthn credential id, base64url.
  credential_id text NOT NULL UNIQUE,
  -- COSE public key.
  public_key bytea NOT NULL,
  zaehler bigint NOT NULL DEFAULT 0,
  transports text[] NOT NULL DEFAULT '{}',
  name text NOT NULL,
  erstellt_am timestamptz NOT NULL,
  zuletzt_benutzt_am timestamptz
);
CREATE INDEX passkey_benutzer ON passkey (benutzer_id);
COMMENT ON TABLE passkey IS 'Modul: access';

CREATE TABLE wiederherstellungscode (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  benutzer_id uuid NOT NULL REFERENCES benutzer (id) ON DELETE CASCADE,
  -- argon2id of the code; the code is shown once.
  hash text NOT NULL,
  erstellt_am timestamptz NOT NULL,
  verbraucht_am timestamptz
);
CREATE INDEX wiederherstellungscode_benutzer ON wiederherstellungscode (benutzer_id);
COMMENT ON TABLE wiederherstellungscode IS 'Modul: access';

-- Roles whose holders must sign in with a second factor (Administration always, also without a row).
CREATE TABLE zweiter_faktor_pflicht (
  rolle text PRIMARY KEY,
  gesetzt_am timestamptz NOT NULL
);
COMMENT ON TABLE zweiter_faktor_pflicht IS 'Modul: access';
