-- Suche (issue #16 §1): the vector stays in the index row. A common query is answered by reading
-- rows and testing their vectors until enough match; with the default storage (EXTENDED) a
-- Dokument's vector of ~1.3 KB went out of line into the TOAST table beside its snippet text, so
-- every tested row cost a TOAST index lookup and a second page. MAIN keeps it compressed in the
-- row and moves the snippet text (`inhalt`, only read for the page of hits shown) out first:
-- testing 100,000 rows took 54 instead of 233 ms. Applies to rows written from now on; existing
-- rows take the new layout when they are indexed anew (`aktenwerk suche neu-indizieren --alle`).
ALTER TABLE suchindex ALTER COLUMN tsv SET STORAGE MAIN;
