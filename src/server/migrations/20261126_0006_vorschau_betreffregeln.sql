-- First-page preview images made by the content pipeline (a PNG blob per version).
ALTER TABLE dokument_inhalt ADD COLUMN vorschau_sha256 text REFERENCES blob (sha256);

-- Betreffregeln: words in an incoming item's Betreff that point to a Vorgang (per OE's Posteingang).
CREATE TABLE posteingang_regel (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  oe_id uuid NOT NULL REFERENCES organisationseinheit (id),
  muster text NOT NULL CHECK (length(muster) BETWEEN 3 AND 200),
  vorgang_id uuid NOT NULL REFERENCES vorgang (id),
  erstellt_am timestamptz NOT NULL,
  erstellt_von uuid NOT NULL REFERENCES benutzer (id)
);
CREATE UNIQUE INDEX posteingang_regel_muster ON posteingang_regel (oe_id, lower(muster));
