-- Content pipeline (extracted text, OCR renditions) and full-text search.

-- What the pipeline made of one version: status for the user, text, and an OCR'd PDF/A rendition.
CREATE TABLE dokument_inhalt (
  dokument_id uuid NOT NULL,
  nr integer NOT NULL,
  status text NOT NULL CHECK (status IN ('wartend', 'laeuft', 'fertig', 'fehlgeschlagen', 'nicht_verfuegbar')),
  grund text,
  quelle text CHECK (quelle IN ('textlayer', 'ocr', 'office', 'email', 'text', 'keine')),
  text text,
  seiten integer,
  rendition_sha256 text REFERENCES blob (sha256),
  aktualisiert_am timestamptz NOT NULL,
  PRIMARY KEY (dokument_id, nr),
  FOREIGN KEY (dokument_id, nr) REFERENCES dokument_version (dokument_id, nr)
);

-- One row per Dokument (its current version): what search matches and ranks.
CREATE TABLE suchindex (
  dokument_id uuid PRIMARY KEY REFERENCES dokument (id),
  -- German stemming over title (A), metadata (B), text (C) and the parts of compound words (D).
  tsv tsvector NOT NULL,
  -- Text for snippets, bounded.
  inhalt text NOT NULL DEFAULT '',
  aktualisiert_am timestamptz NOT NULL
);
CREATE INDEX suchindex_tsv ON suchindex USING gin (tsv);

-- Every word the index knows (lowercase): typo tolerance finds the nearest ones with pg_trgm.
CREATE TABLE suchwort (
  wort text PRIMARY KEY
);
CREATE INDEX suchwort_trgm ON suchwort USING gin (wort gin_trgm_ops);
