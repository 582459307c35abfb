-- API tokens carry a scope: lesen (safe methods only), posteingang (intake only), voll.
-- Tokens from before keep what they could do.
ALTER TABLE api_token ADD COLUMN bereich text NOT NULL DEFAULT 'voll'
  CHECK (bereich IN ('lesen', 'posteingang', 'voll'));
ALTER TABLE api_token ALTER COLUMN bereich DROP DEFAULT;
