-- Schriftgut: Aktenplan, Akten, Vorgänge, Dokumente with versions.

CREATE TABLE aktenplaneinheit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES aktenplaneinheit (id) DEFERRABLE INITIALLY IMMEDIATE,
  kennzeichen text NOT NULL CHECK (kennzeichen ~ '^[0-9A-Za-z]+([./-][0-9A-Za-z]+)*$' AND length(kennzeichen) <= 40),
  titel text NOT NULL CHECK (length(titel) BETWEEN 1 AND 300),
  beschreibung text NOT NULL DEFAULT '',
  -- NULL with aufbewahrung_unbefristet: kept for ever; NULL without: inherited from the parent.
  aufbewahrungsfrist integer CHECK (aufbewahrungsfrist BETWEEN 0 AND 200),
  aufbewahrung_unbefristet boolean NOT NULL DEFAULT false,
  archivwuerdigkeit char(1) CHECK (archivwuerdigkeit IN ('A', 'B', 'V')),
  zugriffsbeschraenkung boolean NOT NULL DEFAULT false,
  zustaendige_oe_id uuid REFERENCES organisationseinheit (id),
  metadatenfelder jsonb NOT NULL DEFAULT '[]',
  geschlossen boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  erstellt_am timestamptz NOT NULL,
  geaendert_am timestamptz NOT NULL,
  CHECK (NOT (aufbewahrung_unbefristet AND aufbewahrungsfrist IS NOT NULL))
);
CREATE UNIQUE INDEX aktenplaneinheit_kennzeichen ON aktenplaneinheit (kennzeichen);
CREATE INDEX aktenplaneinheit_parent ON aktenplaneinheit (parent_id);

-- Every earlier state of a unit: the Aktenplan is versioned.
CREATE TABLE aktenplaneinheit_version (
  aktenplaneinheit_id uuid NOT NULL REFERENCES aktenplaneinheit (id),
  version integer NOT NULL,
  stand jsonb NOT NULL,
  gueltig_bis timestamptz NOT NULL,
  geaendert_von text NOT NULL,
  PRIMARY KEY (aktenplaneinheit_id, version)
);

CREATE TABLE akte (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  aktenplaneinheit_id uuid NOT NULL REFERENCES aktenplaneinheit (id),
  aktenzeichen text NOT NULL,
  lfdnr integer NOT NULL,
  jahr integer NOT NULL,
  betreff text NOT NULL CHECK (length(betreff) BETWEEN 1 AND 500),
  federfuehrende_oe_id uuid NOT NULL REFERENCES organisationseinheit (id),
  status text NOT NULL DEFAULT 'offen' CHECK (status IN ('offen', 'geschlossen', 'ausgesondert')),
  zugriffsbeschraenkt boolean NOT NULL DEFAULT false,
  vertraulichkeit text NOT NULL DEFAULT 'offen' CHECK (vertraulichkeit IN ('offen', 'VS-NfD')),
  -- Hybridakte: where the paper part is kept; NULL for a purely electronic Akte.
  papierablage text,
  letzte_vorgang_nr integer NOT NULL DEFAULT 0,
  erstellt_am timestamptz NOT NULL,
  erstellt_von uuid REFERENCES benutzer (id),
  geaendert_am timestamptz NOT NULL,
  geloescht_am timestamptz
);
CREATE UNIQUE INDEX akte_aktenzeichen ON akte (aktenzeichen);
CREATE INDEX akte_oe_liste ON akte (federfuehrende_oe_id, erstellt_am DESC, id DESC) WHERE geloescht_am IS NULL;
CREATE INDEX akte_liste ON akte (erstellt_am DESC, id DESC) WHERE geloescht_am IS NULL;
CREATE INDEX akte_einheit ON akte (aktenplaneinheit_id);
CREATE INDEX akte_beschraenkt ON akte (id) WHERE zugriffsbeschraenkt;
CREATE INDEX akte_aktenzeichen_trgm ON akte USING gin (aktenzeichen gin_trgm_ops);

-- The running number per scope (unit, year, OE as the pattern uses them); never decreases,
-- so an Aktenzeichen is never issued twice, even after its Akte was deleted.
CREATE TABLE aktenzeichen_zaehler (
  bereich text PRIMARY KEY,
  letzte_nr integer NOT NULL
);

CREATE TABLE akte_beteiligte_oe (
  akte_id uuid NOT NULL REFERENCES akte (id),
  oe_id uuid NOT NULL REFERENCES organisationseinheit (id),
  PRIMARY KEY (akte_id, oe_id)
);
CREATE INDEX akte_beteiligte_oe_oe ON akte_beteiligte_oe (oe_id, akte_id);

-- Who may see a restricted Akte: a named user, or a role (in one OE or anywhere).
CREATE TABLE akte_zugriff (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  akte_id uuid NOT NULL REFERENCES akte (id),
  benutzer_id uuid REFERENCES benutzer (id),
  rolle text,
  oe_id uuid REFERENCES organisationseinheit (id),
  recht text NOT NULL DEFAULT 'bearbeiten' CHECK (recht IN ('lesen', 'bearbeiten')),
  CHECK ((benutzer_id IS NOT NULL AND rolle IS NULL AND oe_id IS NULL) OR (benutzer_id IS NULL AND rolle IS NOT NULL))
);
CREATE INDEX akte_zugriff_akte ON akte_zugriff (akte_id);
CREATE INDEX akte_zugriff_benutzer ON akte_zugriff (benutzer_id, akte_id);
CREATE INDEX akte_zugriff_rolle ON akte_zugriff (rolle, akte_id);

CREATE TABLE akte_querverweis (
  akte_id uuid NOT NULL REFERENCES akte (id),
  ziel_akte_id uuid NOT NULL REFERENCES akte (id),
  bemerkung text NOT NULL DEFAULT '',
  PRIMARY KEY (akte_id, ziel_akte_id),
  CHECK (akte_id <> ziel_akte_id)
);

CREATE TABLE band (
  akte_id uuid NOT NULL REFERENCES akte (id),
  nr integer NOT NULL CHECK (nr > 0),
  titel text NOT NULL DEFAULT '',
  beginn date,
  ende date,
  PRIMARY KEY (akte_id, nr)
);

CREATE TABLE vorgang (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  akte_id uuid NOT NULL REFERENCES akte (id),
  nr integer NOT NULL,
  betreff text NOT NULL CHECK (length(betreff) BETWEEN 1 AND 500),
  status text NOT NULL DEFAULT 'in_bearbeitung' CHECK (status IN ('in_bearbeitung', 'zda')),
  zda_am timestamptz,
  zda_von uuid REFERENCES benutzer (id),
  frist date,
  metadaten jsonb NOT NULL DEFAULT '{}',
  erstellt_am timestamptz NOT NULL,
  erstellt_von uuid REFERENCES benutzer (id),
  geaendert_am timestamptz NOT NULL,
  CHECK ((status = 'zda') = (zda_am IS NOT NULL))
);
CREATE UNIQUE INDEX vorgang_akte_nr ON vorgang (akte_id, nr);
CREATE INDEX vorgang_frist ON vorgang (frist) WHERE status = 'in_bearbeitung' AND frist IS NOT NULL;

-- Umprotokollierung: where a Vorgang was before, so its old reference keeps working.
CREATE TABLE vorgang_umprotokollierung (
  vorgang_id uuid NOT NULL REFERENCES vorgang (id),
  alte_akte_id uuid NOT NULL REFERENCES akte (id),
  alte_nr integer NOT NULL,
  neue_akte_id uuid NOT NULL REFERENCES akte (id),
  am timestamptz NOT NULL,
  von uuid REFERENCES benutzer (id),
  begruendung text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX vorgang_umprotokollierung_alt ON vorgang_umprotokollierung (alte_akte_id, alte_nr);

CREATE TABLE dokument (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  vorgang_id uuid NOT NULL REFERENCES vorgang (id),
  typ text NOT NULL CHECK (typ IN ('Eingang', 'Ausgang', 'Vermerk', 'Entwurf', 'Bescheid', 'E-Mail', 'Anlage', 'Sonstiges')),
  titel text NOT NULL CHECK (length(titel) BETWEEN 1 AND 500),
  datum_des_schreibens date,
  eingangsdatum date,
  absender text,
  empfaenger text,
  fremdes_geschaeftszeichen text,
  aktuelle_version integer NOT NULL DEFAULT 0,
  erstellt_am timestamptz NOT NULL,
  erstellt_von uuid REFERENCES benutzer (id),
  geaendert_am timestamptz NOT NULL
);
CREATE INDEX dokument_vorgang ON dokument (vorgang_id, erstellt_am);
CREATE INDEX dokument_fremdes_gz ON dokument (lower(fremdes_geschaeftszeichen)) WHERE fremdes_geschaeftszeichen IS NOT NULL;

CREATE TABLE dokument_version (
  dokument_id uuid NOT NULL REFERENCES dokument (id),
  nr integer NOT NULL CHECK (nr > 0),
  sha256 text NOT NULL REFERENCES blob (sha256),
  dateiname text NOT NULL,
  originaldateiname text NOT NULL,
  mime_typ text NOT NULL,
  groesse bigint NOT NULL CHECK (groesse > 0),
  kommentar text NOT NULL DEFAULT '',
  erstellt_am timestamptz NOT NULL,
  erstellt_von uuid REFERENCES benutzer (id),
  PRIMARY KEY (dokument_id, nr)
);
CREATE INDEX dokument_version_sha ON dokument_version (sha256);

-- Versions are immutable: content and metadata of an existing version never change.
CREATE FUNCTION dokument_version_unveraenderlich() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Eine Dokumentversion ist unveränderlich.' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER dokument_version_kein_update BEFORE UPDATE ON dokument_version
  FOR EACH ROW EXECUTE FUNCTION dokument_version_unveraenderlich();

-- An Akte's history: entries of its Vorgänge and Dokumente carry details.akteId.
CREATE INDEX protokoll_akte ON protokoll ((details->>'akteId'), nr) WHERE details ? 'akteId';
