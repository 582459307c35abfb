-- Each step knows its Vorgang directly, so the Postkorb reaches Vorgang and Akte of thousands of
-- open steps without going through every route. Filled by the database on insert: a route never
-- moves to another Vorgang.
ALTER TABLE schritt ADD COLUMN vorgang_id uuid;
UPDATE schritt s SET vorgang_id = g.vorgang_id FROM geschaeftsgang g WHERE g.id = s.geschaeftsgang_id;
ALTER TABLE schritt ALTER COLUMN vorgang_id SET NOT NULL;

CREATE FUNCTION schritt_vorgang() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT g.vorgang_id INTO NEW.vorgang_id FROM geschaeftsgang g WHERE g.id = NEW.geschaeftsgang_id;
  RETURN NEW;
END;
$$;
CREATE TRIGGER schritt_vorgang BEFORE INSERT OR UPDATE OF geschaeftsgang_id ON schritt
  FOR EACH ROW EXECUTE FUNCTION schritt_vorgang();
