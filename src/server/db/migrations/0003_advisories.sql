-- Advisories (CSAF 2.0) imported from other publishers, their revisions, the products they name, and the possible
-- matches of those products to registered products (CISA's medical advisories carry no CPE or purl).

CREATE TABLE advisories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- CSAF identity: the publisher's namespace and its tracking id.
  publisher_namespace text NOT NULL,
  publisher_name text NOT NULL,
  tracking_id text NOT NULL,
  source text NOT NULL CHECK (source IN ('imported')),
  category text NOT NULL,
  title text NOT NULL,
  lang text,
  tracking_status text NOT NULL,
  version text NOT NULL,
  initial_release_date timestamptz NOT NULL,
  current_release_date timestamptz NOT NULL,
  csaf_tlp text CHECK (csaf_tlp IN ('WHITE', 'GREEN', 'AMBER', 'RED')),
  summary text NOT NULL DEFAULT '',
  max_score numeric(3, 1),
  cves text[] NOT NULL DEFAULT '{}',
  vendors text[] NOT NULL DEFAULT '{}',
  -- The current revision as received (served verbatim), its SHA-256, and what OpenISAO read from it.
  document text NOT NULL,
  sha256 text NOT NULL,
  content jsonb NOT NULL,
  search tsvector NOT NULL,
  -- The standard policy columns of shared content: every read goes through the policy module.
  tlp text NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  audience text NOT NULL CHECK (audience IN ('own_org', 'orgs', 'group', 'members', 'partners', 'public')),
  owner_org_id uuid NOT NULL REFERENCES organisations (id),
  author_id uuid NOT NULL REFERENCES people (id),
  recipient_org_ids uuid[] NOT NULL DEFAULT '{}',
  recipient_person_ids uuid[] NOT NULL DEFAULT '{}',
  group_id uuid REFERENCES sharing_groups (id),
  anonymous boolean NOT NULL DEFAULT false,
  embargo_until timestamptz,
  imported_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX advisories_identity_key ON advisories (publisher_namespace, tracking_id);
CREATE INDEX advisories_release_idx ON advisories (current_release_date DESC, id DESC);
CREATE INDEX advisories_search_idx ON advisories USING gin (search);
CREATE INDEX advisories_cves_idx ON advisories USING gin (cves);

-- Every distinct revision received, newest or not: an older revision imported later is kept here, never current.
CREATE TABLE advisory_revisions (
  advisory_id uuid NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  sha256 text NOT NULL,
  version text NOT NULL,
  current_release_date timestamptz NOT NULL,
  document text NOT NULL,
  imported_by uuid REFERENCES people (id),
  imported_at timestamptz NOT NULL,
  PRIMARY KEY (advisory_id, sha256)
);

-- The products the current revision names (product tree leaves), with their status across its vulnerabilities.
CREATE TABLE advisory_products (
  advisory_id uuid NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  csaf_product_id text NOT NULL,
  name text NOT NULL,
  vendor text,
  -- The vendor's distinguishing words without accents, punctuation or spaces ("Dräger Medical GmbH" → dragermedical).
  vendor_key text,
  product_name text,
  version_text text,
  cpe text,
  purl text,
  statuses text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (advisory_id, csaf_product_id)
);
CREATE INDEX advisory_products_vendor_idx ON advisory_products (vendor_key);

-- An advisory product that may be a registered product version (same vendor and product name): possible until the
-- manufacturer confirms or dismisses it. The decision survives re-matching and new revisions.
CREATE TABLE advisory_matches (
  advisory_id uuid NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  product_version_id uuid NOT NULL REFERENCES product_versions (id) ON DELETE CASCADE,
  csaf_product_ids text[] NOT NULL,
  reason text NOT NULL,
  version_verdict text NOT NULL CHECK (version_verdict IN ('in_range', 'all_versions', 'unknown')),
  state text NOT NULL DEFAULT 'possible' CHECK (state IN ('possible', 'confirmed', 'dismissed')),
  -- The product no longer appears in the advisory's current revision (kept for the record, not shown as open).
  stale boolean NOT NULL DEFAULT false,
  note text NOT NULL DEFAULT '',
  decided_by uuid REFERENCES people (id),
  decided_at timestamptz,
  matched_at timestamptz NOT NULL,
  PRIMARY KEY (advisory_id, product_version_id)
);
CREATE INDEX advisory_matches_version_idx ON advisory_matches (product_version_id);
