-- Geschäftsgang and Postkorb: routes of Vorgänge and Entwürfe, Wiedervorlagen, Fristen,
-- Vertretung, Zeichnungsbefugnis and notifications.

-- Vertretung: an OE's standard deputy steps in when an absentee named none.
ALTER TABLE organisationseinheit ADD COLUMN standardvertretung_id uuid REFERENCES benutzer (id);
-- Opt-in daily digest by e-mail.
ALTER TABLE benutzer ADD COLUMN tagesbericht boolean NOT NULL DEFAULT false;
-- After Zeichnung an Entwurf is final: no further versions.
ALTER TABLE dokument ADD COLUMN gezeichnet_am timestamptz, ADD COLUMN gezeichnet_von uuid REFERENCES benutzer (id);
-- A Vorgang's overdue Frist is escalated to the Leitung once.
ALTER TABLE vorgang ADD COLUMN frist_eskaliert_am timestamptz;

-- Who may zeichnen: a role, in one OE (or, without OE, for the federführende OE and the OEs below
-- the member's OE), for one part of the Aktenplan (or all of it).
CREATE TABLE zeichnungsbefugnis (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rolle text NOT NULL CHECK (rolle IN ('Sachbearbeitung', 'Leitung')),
  oe_id uuid REFERENCES organisationseinheit (id),
  aktenplan_praefix text CHECK (aktenplan_praefix IS NULL OR length(aktenplan_praefix) BETWEEN 1 AND 50),
  erstellt_am timestamptz NOT NULL
);

-- Laufwegvorlagen: reusable routes per OE or Aktenplaneinheit.
CREATE TABLE laufwegvorlage (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  oe_id uuid REFERENCES organisationseinheit (id),
  aktenplan_praefix text,
  zeichnung_vor_abgang boolean NOT NULL DEFAULT true,
  schritte jsonb NOT NULL,
  erstellt_am timestamptz NOT NULL,
  erstellt_von uuid REFERENCES benutzer (id)
);

CREATE TABLE geschaeftsgang (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  vorgang_id uuid NOT NULL REFERENCES vorgang (id),
  -- The Entwurf the route is about (NULL: the Vorgang itself).
  dokument_id uuid REFERENCES dokument (id),
  vorlage_id uuid REFERENCES laufwegvorlage (id),
  zeichnung_vor_abgang boolean NOT NULL,
  status text NOT NULL DEFAULT 'laufend' CHECK (status IN ('laufend', 'abgeschlossen', 'abgebrochen')),
  ersteller_id uuid NOT NULL REFERENCES benutzer (id),
  erstellt_am timestamptz NOT NULL,
  abgeschlossen_am timestamptz,
  -- The Verfügung (PDF) filed in the Vorgang when the route ended.
  verfuegung_dokument_id uuid REFERENCES dokument (id)
);
CREATE INDEX geschaeftsgang_vorgang ON geschaeftsgang (vorgang_id);

-- Steps of one Stufe run in parallel; the Stufen one after another.
CREATE TABLE schritt (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  geschaeftsgang_id uuid NOT NULL REFERENCES geschaeftsgang (id),
  stufe integer NOT NULL CHECK (stufe >= 1),
  art text NOT NULL CHECK (art IN ('Bearbeitung', 'Mitzeichnung', 'Kenntnisnahme', 'Zeichnung', 'Abgang', 'zdA')),
  adressat_benutzer_id uuid REFERENCES benutzer (id),
  adressat_oe_id uuid REFERENCES organisationseinheit (id),
  CHECK ((adressat_benutzer_id IS NULL) <> (adressat_oe_id IS NULL)),
  frist date,
  verfuegungstext text NOT NULL DEFAULT '' CHECK (length(verfuegungstext) <= 4000),
  status text NOT NULL CHECK (status IN ('wartend', 'offen', 'erledigt', 'uebersprungen')),
  -- Who took a step addressed to an OE (exactly one).
  bearbeiter_id uuid REFERENCES benutzer (id),
  ergebnis text CHECK (ergebnis IN ('erledigt', 'zugestimmt', 'zugestimmt_mit_aenderungen', 'abgelehnt',
    'zur_kenntnis_genommen', 'gezeichnet', 'zurueckgegeben', 'abgesandt', 'zda', 'uebersprungen')),
  begruendung text CHECK (length(begruendung) <= 4000),
  kanal text CHECK (kanal IN ('Post', 'E-Mail', 'Portal')),
  abgang_am date,
  version_nr integer,
  erledigt_von uuid REFERENCES benutzer (id),
  -- The absentee a deputy acted for ("i.V.").
  erledigt_iv_fuer uuid REFERENCES benutzer (id),
  erledigt_am timestamptz,
  offen_seit timestamptz,
  eskaliert_am timestamptz,
  erstellt_am timestamptz NOT NULL
);
CREATE INDEX schritt_gang ON schritt (geschaeftsgang_id, stufe);
CREATE INDEX schritt_offen_benutzer ON schritt (adressat_benutzer_id) WHERE status = 'offen';
CREATE INDEX schritt_offen_oe ON schritt (adressat_oe_id) WHERE status = 'offen';
CREATE INDEX schritt_offen_bearbeiter ON schritt (bearbeiter_id) WHERE status = 'offen';

CREATE TABLE wiedervorlage (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  vorgang_id uuid NOT NULL REFERENCES vorgang (id),
  empfaenger_id uuid NOT NULL REFERENCES benutzer (id),
  datum date NOT NULL,
  notiz text NOT NULL DEFAULT '' CHECK (length(notiz) <= 2000),
  erstellt_von uuid NOT NULL REFERENCES benutzer (id),
  erstellt_am timestamptz NOT NULL,
  erledigt_am timestamptz,
  erledigt_von uuid REFERENCES benutzer (id)
);
CREATE INDEX wiedervorlage_offen ON wiedervorlage (empfaenger_id, datum) WHERE erledigt_am IS NULL;
CREATE INDEX wiedervorlage_vorgang ON wiedervorlage (vorgang_id);

-- Absence with a deputy (NULL: the standard deputy of the absentee's OE).
CREATE TABLE abwesenheit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  benutzer_id uuid NOT NULL REFERENCES benutzer (id),
  von date NOT NULL,
  bis date NOT NULL,
  vertreter_id uuid REFERENCES benutzer (id),
  erstellt_am timestamptz NOT NULL,
  erstellt_von uuid REFERENCES benutzer (id),
  CHECK (bis >= von),
  CHECK (vertreter_id IS DISTINCT FROM benutzer_id)
);
CREATE INDEX abwesenheit_benutzer ON abwesenheit (benutzer_id, bis);
CREATE INDEX abwesenheit_vertreter ON abwesenheit (vertreter_id, bis);

CREATE TABLE benachrichtigung (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  benutzer_id uuid NOT NULL REFERENCES benutzer (id),
  art text NOT NULL,
  text text NOT NULL,
  link text,
  -- One notice per cause (e.g. one escalation of one overdue step).
  schluessel text,
  -- Also sent by e-mail (overdue Fristen, escalations, the daily digest); gemailt_am once sent.
  per_mail boolean NOT NULL DEFAULT false,
  erstellt_am timestamptz NOT NULL,
  gelesen_am timestamptz,
  gemailt_am timestamptz
);
CREATE INDEX benachrichtigung_benutzer ON benachrichtigung (benutzer_id, erstellt_am DESC);
CREATE INDEX benachrichtigung_mail ON benachrichtigung (erstellt_am) WHERE per_mail AND gemailt_am IS NULL;
CREATE UNIQUE INDEX benachrichtigung_schluessel ON benachrichtigung (benutzer_id, schluessel) WHERE schluessel IS NOT NULL;

-- The daily run (escalation, overdue notices, digests) happens once per local day.
CREATE TABLE tageslauf (
  datum date PRIMARY KEY,
  begonnen_am timestamptz NOT NULL
);
