-- Posteingang: intake of each OE, waiting until registered into a Vorgang.

CREATE TABLE posteingang_eintrag (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  oe_id uuid NOT NULL REFERENCES organisationseinheit (id),
  kanal text NOT NULL CHECK (kanal IN ('upload', 'scan', 'email', 'api')),
  status text NOT NULL DEFAULT 'neu' CHECK (status IN ('neu', 'registriert', 'verworfen')),
  sha256 text NOT NULL REFERENCES blob (sha256),
  dateiname text NOT NULL,
  originaldateiname text NOT NULL,
  mime_typ text NOT NULL,
  groesse bigint NOT NULL CHECK (groesse > 0),
  -- What the sender or the scan station told us (Betreff, Absender, Geschäftszeichen …).
  angaben jsonb NOT NULL DEFAULT '{}',
  -- TR-RESISCAN: who scanned when on which device at what resolution, who checked quality, hash.
  scanprotokoll jsonb,
  text text,
  texterkennung text NOT NULL DEFAULT 'wartend',
  -- Proposed Vorgang and why ("Aktenzeichen im Text", "bekannter Absender").
  vorschlag_vorgang_id uuid REFERENCES vorgang (id),
  vorschlag_grund text,
  dokument_id uuid REFERENCES dokument (id),
  erstellt_am timestamptz NOT NULL,
  erstellt_von uuid REFERENCES benutzer (id),
  erledigt_am timestamptz,
  erledigt_von uuid REFERENCES benutzer (id)
);
CREATE INDEX posteingang_offen ON posteingang_eintrag (oe_id, erstellt_am) WHERE status = 'neu';

-- The Scanprotokoll stays with the Dokument it became.
ALTER TABLE dokument ADD COLUMN scanprotokoll jsonb;
