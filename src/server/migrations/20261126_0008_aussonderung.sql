-- Aufbewahrung, Löschsperre, Aussonderung and xdomea exchange.

-- Per Akte, the retention inherited from the Aktenplan may be overridden with a reason.
ALTER TABLE akte
  ADD COLUMN aufbewahrungsfrist_abweichend integer CHECK (aufbewahrungsfrist_abweichend BETWEEN 0 AND 200),
  ADD COLUMN archivwuerdigkeit_abweichend char(1) CHECK (archivwuerdigkeit_abweichend IN ('A', 'B', 'V')),
  ADD COLUMN aufbewahrung_begruendung text,
  -- The xdomea process an Akte came in with (Abgabe or Aussonderung from another system).
  ADD COLUMN uebernommen_prozess uuid;

-- Legal hold: blocks Aussonderung and deletion until lifted.
CREATE TABLE loeschsperre (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  akte_id uuid NOT NULL REFERENCES akte (id),
  grund text NOT NULL CHECK (length(grund) BETWEEN 1 AND 2000),
  bis date,
  gesetzt_von uuid REFERENCES benutzer (id),
  gesetzt_am timestamptz NOT NULL,
  aufgehoben_am timestamptz,
  aufgehoben_von uuid REFERENCES benutzer (id),
  aufhebungsgrund text
);
CREATE INDEX loeschsperre_aktiv ON loeschsperre (akte_id) WHERE aufgehoben_am IS NULL;

-- Every xdomea message in and out: the same message is never imported twice.
CREATE TABLE xdomea_nachricht (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  prozess_id text NOT NULL,
  nachrichtentyp text NOT NULL,
  richtung text NOT NULL CHECK (richtung IN ('ein', 'aus')),
  version text NOT NULL,
  sha256 text NOT NULL,
  -- What the message was about, for lists: Kennzeichen and Betreff of its Akten.
  inhalt jsonb NOT NULL DEFAULT '[]',
  erstellt_am timestamptz NOT NULL,
  erstellt_von uuid REFERENCES benutzer (id)
);
CREATE UNIQUE INDEX xdomea_nachricht_einmal ON xdomea_nachricht (richtung, sha256);
CREATE INDEX xdomea_nachricht_prozess ON xdomea_nachricht (prozess_id);
