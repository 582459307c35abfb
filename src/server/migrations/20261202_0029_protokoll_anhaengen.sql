-- Protokoll (issue #16 §2): appending to the hash chain at the very end of a transaction, in the
-- round trip of its COMMIT. The caller computes everything but the two values only the chain
-- knows — the entry's number and its predecessor's hash — and sends each entry's canonical JSON
-- in three parts around them (`vor` nr `mitte` vorheriger_hash `nach`). This function takes the
-- chain lock, reads the last entry, and links, hashes and inserts the entries in order; the lock
-- is then held only until the COMMIT that follows in the same message, not while the application
-- waits. The hash is SHA-256 over exactly the bytes `hashEintrag` hashes, so `protokoll verify`
-- checks these entries like any other. VOLATILE (the default): each statement below takes a fresh
-- snapshot, so the read after the lock sees the entry committed by the previous holder.
CREATE FUNCTION protokoll_anhaengen(eintraege json) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  e json;
  letzte_nr bigint;
  letzter_hash text;
  neuer_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('aktenwerk.protokoll'));
  SELECT nr, hash INTO letzte_nr, letzter_hash FROM protokoll ORDER BY nr DESC LIMIT 1;
  letzte_nr := coalesce(letzte_nr, 0);
  letzter_hash := coalesce(letzter_hash, repeat('0', 64));
  FOR e IN SELECT value FROM json_array_elements(eintraege) LOOP
    letzte_nr := letzte_nr + 1;
    neuer_hash := encode(sha256(convert_to(
      (e->>'vor') || letzte_nr::text || (e->>'mitte') || letzter_hash || (e->>'nach'), 'UTF8')), 'hex');
    INSERT INTO protokoll (nr, zeit, akteur_id, akteur_name, im_auftrag_von_id, im_auftrag_von_name, aktion,
      objekt_art, objekt_id, details, vorheriger_hash, hash)
    VALUES (letzte_nr, (e->>'zeit')::timestamptz, (e->>'akteurId')::uuid, e->>'akteurName',
      (e->>'imAuftragVonId')::uuid, e->>'imAuftragVonName', e->>'aktion', e->>'objektArt', e->>'objektId',
      (e->'details')::jsonb, letzter_hash, neuer_hash);
    letzter_hash := neuer_hash;
  END LOOP;
END;
$$;
