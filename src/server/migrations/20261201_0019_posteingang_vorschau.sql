-- The Posteingang shows the letter beside the registration form: a picture of the first page,
-- drawn by the same preview as a Dokument's (content), wide enough to read at a desk.
ALTER TABLE posteingang_eintrag ADD COLUMN vorschau_sha256 text REFERENCES blob (sha256);
