-- Search quality (issue #16): compounds split against the index's own vocabulary.
-- `fassung` is the version of the rules a row was indexed with (suche.service.ts, SUCHINDEX_FASSUNG):
-- rows below the current one are indexed anew by the resumable job `suchindex-neu` and by
-- `aktenwerk suche neu-indizieren`; each batch commits, so a killed run continues where it stopped.
ALTER TABLE suchindex ADD COLUMN fassung smallint NOT NULL DEFAULT 0;

-- Query-time expansion to the known compounds that end in a word ("genehmigung" → "baugenehmigung"):
-- words by their reversed spelling, so a suffix is a prefix range in a B-tree.
CREATE INDEX suchwort_rueckwaerts ON suchwort (reverse(wort) text_pattern_ops);
-- ... and to those that begin with it ("rückbau" → "rückbauanordnung"): a prefix range.
CREATE INDEX suchwort_vorwaerts ON suchwort (wort text_pattern_ops);
