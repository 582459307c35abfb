-- One row per directory sync (AD/LDAP): when, who started it, whether it went through, the counts
-- and what changed for whom (lists capped, see `bericht`). A failed sync is stored too, with its
-- error, after its changes were rolled back. A dry run (--probe) changes nothing and is not stored.
CREATE TABLE verzeichnisabgleich (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Order of storing: the latest report is the one with the highest number.
  nr bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  begonnen_am timestamptz NOT NULL,
  beendet_am timestamptz NOT NULL,
  ausgeloest text NOT NULL CHECK (ausgeloest IN ('befehl', 'zeitplan')),
  erfolgreich boolean NOT NULL,
  fehler text CHECK (length(fehler) <= 2000),
  personen integer NOT NULL DEFAULT 0,
  gruppen integer NOT NULL DEFAULT 0,
  angelegt integer NOT NULL DEFAULT 0,
  geaendert integer NOT NULL DEFAULT 0,
  deaktiviert integer NOT NULL DEFAULT 0,
  uebersprungen integer NOT NULL DEFAULT 0,
  unveraendert integer NOT NULL DEFAULT 0,
  -- {angelegt:[…], geaendert:[…], deaktiviert:[…], uebersprungen:[…]}: each at most 500 people.
  bericht jsonb NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE verzeichnisabgleich IS 'Modul: access';
