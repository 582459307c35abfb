-- Text recognition and preview jobs carry their version's file (sha256, MIME type) in the payload,
-- so the content module reads no Schriftgut table. Jobs queued before this change get it here.
UPDATE job
SET nutzlast = job.nutzlast || jsonb_build_object('sha256', v.sha256, 'mimeTyp', v.mime_typ)
FROM dokument_version v
WHERE job.art IN ('texterkennung', 'vorschau')
  AND job.status IN ('wartend', 'laufend', 'tot')
  AND NOT job.nutzlast ? 'sha256'
  AND v.dokument_id::text = job.nutzlast ->> 'dokumentId'
  AND v.nr::text = job.nutzlast ->> 'nr';
