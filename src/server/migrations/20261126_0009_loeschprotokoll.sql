-- Löschprotokoll: what remains of an Akte whose content was deleted after Aussonderung – proof of
-- each deletion (Aktenzeichen, Betreff, Laufzeit, decision, archive, date, who). Append-only.
CREATE TABLE loeschprotokoll (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  akte_id uuid NOT NULL REFERENCES akte (id),
  aktenzeichen text NOT NULL,
  betreff text NOT NULL,
  laufzeit_beginn date NOT NULL,
  laufzeit_ende date,
  entscheidung char(1) NOT NULL CHECK (entscheidung IN ('A', 'V')),
  archiv text NOT NULL,
  prozess_id text NOT NULL,
  vorgaenge integer NOT NULL,
  dokumente integer NOT NULL,
  versionen integer NOT NULL,
  geloescht_am timestamptz NOT NULL,
  geloescht_von uuid REFERENCES benutzer (id),
  geloescht_von_name text NOT NULL
);
CREATE INDEX loeschprotokoll_akte ON loeschprotokoll (akte_id);

CREATE FUNCTION loeschprotokoll_unveraenderlich() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Das Löschprotokoll ist unveränderlich: % ist nicht erlaubt.', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER loeschprotokoll_kein_update_delete BEFORE UPDATE OR DELETE ON loeschprotokoll
  FOR EACH ROW EXECUTE FUNCTION loeschprotokoll_unveraenderlich();
