-- Manufacturers' products, their versions and SBOMs; the vulnerability database; findings with VEX state.

CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_org_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  model text,
  udi_di text,
  description text NOT NULL DEFAULT '',
  -- Who may see the product, its versions and SBOMs (the manufacturer's choice, enforced by the policy module).
  visibility text NOT NULL DEFAULT 'own_org' CHECK (visibility IN ('own_org', 'members', 'public')),
  created_by uuid NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX products_owner_name_key ON products (owner_org_id, lower(name));

CREATE TABLE product_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  version text NOT NULL,
  release_date date,
  end_of_support date,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX product_versions_key ON product_versions (product_id, version);

CREATE TABLE sboms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_version_id uuid NOT NULL REFERENCES product_versions (id) ON DELETE CASCADE,
  sha256 text NOT NULL,
  file_name text,
  byte_size bigint NOT NULL,
  format text NOT NULL,
  spec_version text NOT NULL,
  encoding text NOT NULL,
  document_id text,
  doc_name text,
  authors text[] NOT NULL DEFAULT '{}',
  doc_timestamp text,
  quality jsonb NOT NULL,
  warnings text[] NOT NULL DEFAULT '{}',
  dependencies jsonb NOT NULL DEFAULT '[]',
  component_count integer NOT NULL,
  -- The SBOM in force for its version; an upload of a new one supersedes the previous.
  is_current boolean NOT NULL DEFAULT true,
  uploaded_by uuid REFERENCES people (id),
  uploaded_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX sboms_version_sha_key ON sboms (product_version_id, sha256);
CREATE INDEX sboms_current_idx ON sboms (product_version_id) WHERE is_current;

-- Keyed by the component's position in its SBOM: no random key to index on the 300,000-row inserts of large SBOMs.
CREATE TABLE sbom_components (
  sbom_id uuid NOT NULL REFERENCES sboms (id) ON DELETE CASCADE,
  position integer NOT NULL,
  ref text NOT NULL,
  name text NOT NULL,
  version text,
  grp text,
  purl text,
  cpe text,
  supplier text,
  kind text,
  -- purl type + full name, normalised per registry (see src/modules/matching/package-key.ts); null without a usable purl.
  package_key text,
  -- The distinct-component identity findings are stored under (src/modules/matching/sbom-matcher.ts componentIdentity).
  component_key text NOT NULL,
  -- CPE vendor:product, lower-case; null without a readable CPE.
  cpe_product text,
  parent_ref text,
  hashes jsonb NOT NULL DEFAULT '[]',
  licenses jsonb NOT NULL DEFAULT '[]',
  -- The NTIA minimum elements the component lacks (a JSON array; empty when complete).
  missing jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (sbom_id, position)
);
CREATE INDEX sbom_components_name_idx ON sbom_components (sbom_id, lower(name), position);
CREATE INDEX sbom_components_key_idx ON sbom_components (package_key) WHERE package_key IS NOT NULL;
CREATE INDEX sbom_components_cpe_idx ON sbom_components (cpe_product) WHERE cpe_product IS NOT NULL;

CREATE TABLE vuln_records (
  id text PRIMARY KEY,
  feed text NOT NULL,
  modified timestamptz,
  published timestamptz,
  withdrawn timestamptz,
  summary text,
  aliases text[] NOT NULL DEFAULT '{}',
  related text[] NOT NULL DEFAULT '{}',
  record jsonb NOT NULL,
  imported_at timestamptz NOT NULL
);
CREATE INDEX vuln_records_aliases_idx ON vuln_records USING gin (aliases);

-- Which package keys and CPE products a record names: the index incremental matching starts from.
CREATE TABLE vuln_record_keys (
  record_id text NOT NULL REFERENCES vuln_records (id) ON DELETE CASCADE,
  key_kind text NOT NULL CHECK (key_kind IN ('package', 'cpe')),
  key text NOT NULL,
  PRIMARY KEY (key_kind, key, record_id)
);
CREATE INDEX vuln_record_keys_record_idx ON vuln_record_keys (record_id);

CREATE TABLE kev_entries (
  cve_id text PRIMARY KEY,
  entry jsonb NOT NULL,
  catalog_version text,
  imported_at timestamptz NOT NULL
);

CREATE TABLE epss_scores (
  cve_id text PRIMARY KEY,
  epss double precision NOT NULL,
  percentile double precision NOT NULL,
  score_date text,
  imported_at timestamptz NOT NULL
);

CREATE TABLE vulndb_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  files integer NOT NULL DEFAULT 0,
  added integer NOT NULL DEFAULT 0,
  replaced integer NOT NULL DEFAULT 0,
  unchanged integer NOT NULL DEFAULT 0,
  withdrawn integer NOT NULL DEFAULT 0,
  kev_entries integer NOT NULL DEFAULT 0,
  epss_scores integer NOT NULL DEFAULT 0,
  findings_opened integer NOT NULL DEFAULT 0,
  findings_closed integer NOT NULL DEFAULT 0,
  problems jsonb NOT NULL DEFAULT '[]'
);

-- One vulnerability of one component of one SBOM. vuln_key is the lowest CVE id among the record's id and aliases
-- (else the record id), so GHSA, GO and PYSEC records of one CVE are one finding.
CREATE TABLE findings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sbom_id uuid NOT NULL REFERENCES sboms (id) ON DELETE CASCADE,
  component_key text NOT NULL,
  component jsonb NOT NULL,
  vuln_key text NOT NULL,
  vulnerability jsonb NOT NULL,
  record_ids text[] NOT NULL,
  -- CVE ids of the vulnerability (own: id and aliases; all: with related), to refresh KEV and EPSS in place.
  own_cves text[] NOT NULL DEFAULT '{}',
  cves text[] NOT NULL DEFAULT '{}',
  summary text,
  fixed text[] NOT NULL DEFAULT '{}',
  kev boolean NOT NULL DEFAULT false,
  epss double precision,
  severity jsonb,
  severity_rank smallint NOT NULL DEFAULT -1,
  matched_by text NOT NULL CHECK (matched_by IN ('purl', 'cpe')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_reason text,
  -- VEX (CycloneDX analysis states).
  state text NOT NULL DEFAULT 'in_triage'
    CHECK (state IN ('in_triage', 'exploitable', 'not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree')),
  justification text,
  responses text[] NOT NULL DEFAULT '{}',
  detail text,
  opened_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX findings_key ON findings (sbom_id, component_key, vuln_key);
CREATE INDEX findings_vuln_idx ON findings (vuln_key);
CREATE INDEX findings_cves_idx ON findings USING gin (cves);

-- Everything that happened to a finding: opened (the finding.opened event), closed, reopened, VEX decisions.
CREATE TABLE finding_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  finding_id uuid NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('finding.opened', 'finding.closed', 'finding.reopened', 'finding.state')),
  actor_person_id uuid,
  from_state text,
  to_state text,
  justification text,
  detail text
);
CREATE INDEX finding_events_finding_idx ON finding_events (finding_id, at);
