-- Publishing: advisory drafts of cases, published CSAF advisories (in the advisories table, source 'published'), and the
-- OpenPGP key that signs the provider's files.

ALTER TABLE advisories DROP CONSTRAINT advisories_source_check;
ALTER TABLE advisories ADD CONSTRAINT advisories_source_check CHECK (source IN ('imported', 'published'));
ALTER TABLE advisories ADD COLUMN case_id uuid REFERENCES cases (id);
-- Detached OpenPGP signature (armored) of the document bytes, for the provider directory's .asc files.
ALTER TABLE advisories ADD COLUMN signature text;
CREATE UNIQUE INDEX advisories_case_key ON advisories (case_id) WHERE case_id IS NOT NULL;

-- Which of its products a vendor's statement is about (the advisory's product tree names it).
ALTER TABLE vendor_statements ADD COLUMN product text NOT NULL DEFAULT '';

CREATE TABLE advisory_drafts (
  case_id uuid PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  tracking_id text NOT NULL UNIQUE,
  title text NOT NULL,
  summary text NOT NULL DEFAULT '',
  tlp text NOT NULL CHECK (tlp IN ('WHITE', 'GREEN', 'AMBER')),
  doc_references jsonb NOT NULL DEFAULT '[]',
  credit_reporter boolean NOT NULL DEFAULT true,
  updated_by uuid REFERENCES people (id),
  updated_at timestamptz NOT NULL
);

CREATE TABLE signing_keys (
  fingerprint text PRIMARY KEY,
  public_key text NOT NULL,
  private_key text NOT NULL,
  created_at timestamptz NOT NULL
);
