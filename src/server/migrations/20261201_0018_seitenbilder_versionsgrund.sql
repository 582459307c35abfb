-- The document viewer shows pages as images drawn on the server. What is drawn depends only on
-- the source file (a PDF, the OCR rendition or a picture, content-addressed), so both tables are
-- keyed by the source's SHA-256: a cache, rebuilt on demand, shared by every version with the
-- same file. `seitenquelle` holds what the viewer needs before the first image (page count,
-- page sizes) and the text per page for its search; `seitenbild` the drawn pages at the few
-- fixed widths the API offers (a fixed set bounds the cache).
CREATE TABLE seitenquelle (
  sha256 text PRIMARY KEY,
  seiten integer NOT NULL CHECK (seiten >= 0),
  formate jsonb NOT NULL,
  texte text[] NOT NULL,
  grund text,
  erstellt_am timestamptz NOT NULL
);
COMMENT ON TABLE seitenquelle IS 'Modul: content';

CREATE TABLE seitenbild (
  quelle_sha256 text NOT NULL,
  seite integer NOT NULL CHECK (seite >= 1),
  breite integer NOT NULL CHECK (breite > 0),
  sha256 text NOT NULL REFERENCES blob (sha256),
  mime_typ text NOT NULL,
  bild_breite integer NOT NULL,
  bild_hoehe integer NOT NULL,
  erstellt_am timestamptz NOT NULL,
  PRIMARY KEY (quelle_sha256, seite, breite)
);
CREATE INDEX seitenbild_sha256 ON seitenbild (sha256);
COMMENT ON TABLE seitenbild IS 'Modul: content';

-- Why a new version was made ("unterschriebene Fassung", "Lageplan ergänzt"): asked at upload,
-- shown in the version list and kept in the Protokoll. The first version has none.
ALTER TABLE dokument_version ADD COLUMN grund text CHECK (length(grund) BETWEEN 1 AND 500);
