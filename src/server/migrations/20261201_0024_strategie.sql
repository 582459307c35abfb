-- Strategie and Einführungsstand (issue #15): the county's e-government strategy as an object
-- (Handlungsfelder, Ziele bound to Kennzahlen, Maßnahmen with milestones), its Fortschreibung as
-- frozen versions, and the roll-out state of each OE.

-- The working draft of the strategy: one row. The strategy is one document (JSON, shape in
-- modules/steuerung/strategie.schema.ts) because it is edited, frozen and compared as a whole;
-- revision guards against two editors overwriting each other.
CREATE TABLE strategie_entwurf (
  id integer PRIMARY KEY CHECK (id = 1),
  inhalt jsonb NOT NULL,
  revision integer NOT NULL DEFAULT 0,
  geaendert_am timestamptz NOT NULL,
  geaendert_von uuid REFERENCES benutzer (id)
);
COMMENT ON TABLE strategie_entwurf IS 'Modul: steuerung';

-- A Fortschreibung: the draft as decided (e.g. by the Kreistag), numbered 1, 2, …; never changed.
CREATE TABLE strategie_fassung (
  nummer integer PRIMARY KEY CHECK (nummer >= 1),
  inhalt jsonb NOT NULL,
  beschlossen_am date NOT NULL,
  notiz text NOT NULL DEFAULT '',
  erfasst_am timestamptz NOT NULL,
  erfasst_von uuid REFERENCES benutzer (id)
);
COMMENT ON TABLE strategie_fassung IS 'Modul: steuerung';

-- The Einführungsstand of an OE: its roll-out wave with dates, and the trained staff as entered
-- by the Steuerung (a number of people or a share, never names).
CREATE TABLE einfuehrung (
  oe_id uuid PRIMARY KEY REFERENCES organisationseinheit (id),
  welle text NOT NULL CHECK (welle IN ('geplant', 'pilot', 'produktiv')),
  geplant_ab date,
  pilot_ab date,
  produktiv_ab date,
  geschult_anzahl integer CHECK (geschult_anzahl >= 0),
  geschult_prozent numeric(5, 1) CHECK (geschult_prozent BETWEEN 0 AND 100),
  geaendert_am timestamptz NOT NULL,
  geaendert_von uuid REFERENCES benutzer (id)
);
COMMENT ON TABLE einfuehrung IS 'Modul: steuerung';
