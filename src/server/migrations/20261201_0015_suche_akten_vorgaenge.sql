-- The search finds Akten and Vorgänge too (by Aktenzeichen, Betreff and the Vorgang's metadata such
-- as the Bauherr). The vectors are expressions over Schriftgut's own columns, so they are always
-- current and need no index rows of their own; these GIN indexes serve the search's `@@`.
CREATE INDEX akte_volltext ON akte USING gin (to_tsvector('german', aktenzeichen || ' ' || betreff))
  WHERE geloescht_am IS NULL;
CREATE INDEX vorgang_volltext ON vorgang USING gin (
  (to_tsvector('german', betreff) || jsonb_to_tsvector('german', metadaten, '["string", "numeric"]')));

-- Saved searches: a user's query (text, filters, order), kept by name; shared with one of the
-- user's OEs, its members may run it too (each with their own rights: the query, never results).
CREATE TABLE gespeicherte_suche (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  benutzer_id uuid NOT NULL REFERENCES benutzer (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  abfrage jsonb NOT NULL,
  geteilt_mit_oe_id uuid REFERENCES organisationseinheit (id),
  erstellt_am timestamptz NOT NULL
);
CREATE INDEX gespeicherte_suche_benutzer ON gespeicherte_suche (benutzer_id);
CREATE INDEX gespeicherte_suche_oe ON gespeicherte_suche (geteilt_mit_oe_id) WHERE geteilt_mit_oe_id IS NOT NULL;
COMMENT ON TABLE gespeicherte_suche IS 'Modul: suche';
