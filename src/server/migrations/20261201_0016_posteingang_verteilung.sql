-- The Poststelle distributes for the whole county: an item can be forwarded to another OE's
-- Posteingang (a Irrläufer, or mail the scan station filed under the wrong Amt). Each forwarding is
-- kept, so the item's way is traceable and the Poststelle sees what it distributed on a day.
CREATE TABLE posteingang_weiterleitung (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  eintrag_id uuid NOT NULL REFERENCES posteingang_eintrag (id),
  von_oe_id uuid NOT NULL REFERENCES organisationseinheit (id),
  an_oe_id uuid NOT NULL REFERENCES organisationseinheit (id),
  von_benutzer_id uuid REFERENCES benutzer (id),
  notiz text CHECK (length(notiz) <= 1000),
  am timestamptz NOT NULL,
  CHECK (von_oe_id <> an_oe_id)
);
CREATE INDEX posteingang_weiterleitung_eintrag ON posteingang_weiterleitung (eintrag_id, am);
CREATE INDEX posteingang_weiterleitung_von ON posteingang_weiterleitung (von_benutzer_id, am);
CREATE INDEX posteingang_eintrag_von ON posteingang_eintrag (erstellt_von, erstellt_am);
COMMENT ON TABLE posteingang_weiterleitung IS 'Modul: posteingang';
