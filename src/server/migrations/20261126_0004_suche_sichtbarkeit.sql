-- Who may read a Dokument's content, as tokens the search can intersect with the text index
-- (GIN AND GIN): "oe:<id>", "registratur", "benutzer:<id>", "rolle:<Rolle>:<oe-id|*>".
-- The exact rule is still checked in every search query; the tokens make it fast.
ALTER TABLE suchindex ADD COLUMN sichtbar_fuer text[] NOT NULL DEFAULT '{}';
CREATE INDEX suchindex_sichtbar ON suchindex USING gin (sichtbar_fuer);
