-- Documents viewed on the go (issue #15, Kennzahl "dokumente.unterwegs"): how often people of an
-- OE opened a Dokument on a day, and how often from a phone or a tablet. Counted when the view
-- happens, per OE of the viewer, so no row names a person, a Dokument or a User-Agent (data
-- minimisation agreed with the Personalrat); the Steuerung reads it only for groups of five or more.
CREATE TABLE dokument_ansicht_tag (
  tag date NOT NULL,
  oe_id uuid NOT NULL REFERENCES organisationseinheit (id),
  ansichten integer NOT NULL DEFAULT 0 CHECK (ansichten >= 0),
  telefon integer NOT NULL DEFAULT 0 CHECK (telefon >= 0),
  tablet integer NOT NULL DEFAULT 0 CHECK (tablet >= 0),
  PRIMARY KEY (tag, oe_id),
  CHECK (telefon + tablet <= ansichten)
);
COMMENT ON TABLE dokument_ansicht_tag IS 'Modul: schriftgut';
