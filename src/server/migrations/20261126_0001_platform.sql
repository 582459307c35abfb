-- Platform: access (OEs, users, memberships, sessions, API tokens), Protokoll, jobs, blob registry.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TABLE organisationseinheit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES organisationseinheit (id) DEFERRABLE INITIALLY IMMEDIATE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kuerzel text NOT NULL CHECK (length(kuerzel) BETWEEN 1 AND 20),
  art text NOT NULL CHECK (art IN ('Landrat', 'Dezernat', 'Amt', 'Sachgebiet', 'Stabsstelle', 'Eigenbetrieb', 'Gremium')),
  aktiv boolean NOT NULL DEFAULT true,
  erstellt_am timestamptz NOT NULL,
  CHECK (parent_id IS DISTINCT FROM id)
);
CREATE UNIQUE INDEX organisationseinheit_kuerzel ON organisationseinheit (lower(kuerzel));
CREATE INDEX organisationseinheit_parent ON organisationseinheit (parent_id);

CREATE TABLE benutzer (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  benutzername text NOT NULL CHECK (benutzername ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  vorname text NOT NULL DEFAULT '',
  nachname text NOT NULL CHECK (length(nachname) BETWEEN 1 AND 200),
  email text,
  -- NULL: no local password (e.g. a future OIDC/LDAP account).
  passwort_hash text,
  aktiv boolean NOT NULL DEFAULT true,
  erstellt_am timestamptz NOT NULL,
  geaendert_am timestamptz NOT NULL
);
CREATE UNIQUE INDEX benutzer_benutzername ON benutzer (benutzername);

CREATE TABLE mitgliedschaft (
  benutzer_id uuid NOT NULL REFERENCES benutzer (id),
  oe_id uuid NOT NULL REFERENCES organisationseinheit (id),
  rolle text NOT NULL CHECK (rolle IN ('Sachbearbeitung', 'Leitung', 'Registratur', 'Posteingang', 'Administration',
    'Archiv', 'Personalrat', 'Datenschutz', 'Lesen')),
  PRIMARY KEY (benutzer_id, oe_id, rolle)
);
CREATE INDEX mitgliedschaft_oe ON mitgliedschaft (oe_id, rolle);

CREATE TABLE sitzung (
  -- SHA-256 of the cookie value; the value itself is never stored.
  id text PRIMARY KEY,
  benutzer_id uuid NOT NULL REFERENCES benutzer (id),
  csrf_token text NOT NULL,
  anmeldeverfahren text NOT NULL,
  erstellt_am timestamptz NOT NULL,
  zuletzt_aktiv_am timestamptz NOT NULL,
  laeuft_ab_am timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sitzung_benutzer ON sitzung (benutzer_id);
CREATE INDEX sitzung_ablauf ON sitzung (laeuft_ab_am);

CREATE TABLE api_token (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  benutzer_id uuid NOT NULL REFERENCES benutzer (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- SHA-256 of the token; the token is shown once at creation.
  token_hash text NOT NULL UNIQUE,
  praefix text NOT NULL,
  erstellt_am timestamptz NOT NULL,
  erstellt_von uuid REFERENCES benutzer (id),
  laeuft_ab_am timestamptz,
  widerrufen_am timestamptz,
  zuletzt_benutzt_am timestamptz
);
CREATE INDEX api_token_benutzer ON api_token (benutzer_id);

CREATE TABLE anmeldeversuch (
  id bigserial PRIMARY KEY,
  zeit timestamptz NOT NULL,
  benutzername text NOT NULL,
  ip text NOT NULL,
  erfolgreich boolean NOT NULL
);
CREATE INDEX anmeldeversuch_benutzername ON anmeldeversuch (benutzername, zeit) WHERE NOT erfolgreich;
CREATE INDEX anmeldeversuch_ip ON anmeldeversuch (ip, zeit) WHERE NOT erfolgreich;

-- The Protokoll: append-only and hash-chained. nr is the chain position, assigned under a lock.
CREATE TABLE protokoll (
  nr bigint PRIMARY KEY CHECK (nr > 0),
  zeit timestamptz NOT NULL,
  akteur_id uuid,
  akteur_name text NOT NULL,
  -- Set when a deputy acts "i.V." for someone: the principal.
  im_auftrag_von_id uuid,
  im_auftrag_von_name text,
  aktion text NOT NULL,
  objekt_art text NOT NULL,
  objekt_id text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  vorheriger_hash text NOT NULL CHECK (vorheriger_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX protokoll_objekt ON protokoll (objekt_art, objekt_id, nr);
CREATE INDEX protokoll_akteur ON protokoll (akteur_id, nr);

CREATE FUNCTION protokoll_unveraenderlich() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Das Protokoll ist unveränderlich: % ist nicht erlaubt.', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER protokoll_kein_update_delete BEFORE UPDATE OR DELETE ON protokoll
  FOR EACH ROW EXECUTE FUNCTION protokoll_unveraenderlich();
CREATE TRIGGER protokoll_kein_truncate BEFORE TRUNCATE ON protokoll
  FOR EACH STATEMENT EXECUTE FUNCTION protokoll_unveraenderlich();

CREATE TABLE job (
  id bigserial PRIMARY KEY,
  art text NOT NULL,
  nutzlast jsonb NOT NULL DEFAULT '{}',
  -- Deduplication key: at most one waiting or running job per (art, schluessel).
  schluessel text,
  status text NOT NULL DEFAULT 'wartend' CHECK (status IN ('wartend', 'laufend', 'erledigt', 'tot')),
  versuche integer NOT NULL DEFAULT 0,
  max_versuche integer NOT NULL DEFAULT 5 CHECK (max_versuche > 0),
  faellig_am timestamptz NOT NULL,
  gesperrt_von text,
  gesperrt_bis timestamptz,
  letzter_fehler text,
  erstellt_am timestamptz NOT NULL,
  erledigt_am timestamptz
);
CREATE UNIQUE INDEX job_schluessel ON job (art, schluessel)
  WHERE schluessel IS NOT NULL AND status IN ('wartend', 'laufend');
CREATE INDEX job_faellig ON job (faellig_am) WHERE status = 'wartend';
CREATE INDEX job_lease ON job (gesperrt_bis) WHERE status = 'laufend';

-- Every blob the database refers to; written in the transaction that first references it.
CREATE TABLE blob (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  groesse bigint NOT NULL CHECK (groesse >= 0),
  erstellt_am timestamptz NOT NULL
);
