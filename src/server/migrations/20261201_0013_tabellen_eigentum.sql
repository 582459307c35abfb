-- Every table names the module that owns it: only that module's SQL names the table, every other
-- module goes through the owner's index.ts. The lint rule aktenwerk/fremde-tabellen and
-- scripts/architektur.ts read these comments (the last one per table counts); a new table gets its
-- comment in the migration that creates it, a table changing hands gets a new one.

-- platform: the job queue and the registry of stored blobs.
COMMENT ON TABLE job IS 'Modul: platform';
COMMENT ON TABLE blob IS 'Modul: platform';

-- protokoll: the append-only, hash-chained Protokoll.
COMMENT ON TABLE protokoll IS 'Modul: protokoll';

-- access: OEs, users, roles, login, sessions, API tokens, Vertretung.
COMMENT ON TABLE organisationseinheit IS 'Modul: access';
COMMENT ON TABLE benutzer IS 'Modul: access';
COMMENT ON TABLE mitgliedschaft IS 'Modul: access';
COMMENT ON TABLE sitzung IS 'Modul: access';
COMMENT ON TABLE api_token IS 'Modul: access';
COMMENT ON TABLE anmeldeversuch IS 'Modul: access';
COMMENT ON TABLE abwesenheit IS 'Modul: access';

-- aktenplan: units and their versions.
COMMENT ON TABLE aktenplaneinheit IS 'Modul: aktenplan';
COMMENT ON TABLE aktenplaneinheit_version IS 'Modul: aktenplan';

-- schriftgut: Akten with Aktenzeichen, access rules, Bände and cross references; Vorgänge;
-- Dokumente with versions.
COMMENT ON TABLE akte IS 'Modul: schriftgut';
COMMENT ON TABLE aktenzeichen_zaehler IS 'Modul: schriftgut';
COMMENT ON TABLE akte_beteiligte_oe IS 'Modul: schriftgut';
COMMENT ON TABLE akte_zugriff IS 'Modul: schriftgut';
COMMENT ON TABLE akte_querverweis IS 'Modul: schriftgut';
COMMENT ON TABLE band IS 'Modul: schriftgut';
COMMENT ON TABLE vorgang IS 'Modul: schriftgut';
COMMENT ON TABLE vorgang_umprotokollierung IS 'Modul: schriftgut';
COMMENT ON TABLE dokument IS 'Modul: schriftgut';
COMMENT ON TABLE dokument_version IS 'Modul: schriftgut';

-- content: what the pipeline made of each version (text, OCR rendition, preview).
COMMENT ON TABLE dokument_inhalt IS 'Modul: content';

-- suche: the full-text index and its word list.
COMMENT ON TABLE suchindex IS 'Modul: suche';
COMMENT ON TABLE suchwort IS 'Modul: suche';

-- posteingang: incoming items and Betreffregeln.
COMMENT ON TABLE posteingang_eintrag IS 'Modul: posteingang';
COMMENT ON TABLE posteingang_regel IS 'Modul: posteingang';

-- workflow: Geschäftsgang with its steps, Laufwegvorlagen, Zeichnungsbefugnis, Wiedervorlagen,
-- notifications and the daily run.
COMMENT ON TABLE zeichnungsbefugnis IS 'Modul: workflow';
COMMENT ON TABLE laufwegvorlage IS 'Modul: workflow';
COMMENT ON TABLE geschaeftsgang IS 'Modul: workflow';
COMMENT ON TABLE schritt IS 'Modul: workflow';
COMMENT ON TABLE wiedervorlage IS 'Modul: workflow';
COMMENT ON TABLE benachrichtigung IS 'Modul: workflow';
COMMENT ON TABLE tageslauf IS 'Modul: workflow';

-- aussonderung: Löschsperren, xdomea messages, Löschprotokoll.
COMMENT ON TABLE loeschsperre IS 'Modul: aussonderung';
COMMENT ON TABLE xdomea_nachricht IS 'Modul: aussonderung';
COMMENT ON TABLE loeschprotokoll IS 'Modul: aussonderung';
