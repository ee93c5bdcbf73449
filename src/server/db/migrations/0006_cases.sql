-- Disclosure cases: one or more vulnerabilities × member vendors, each vendor's statement per vulnerability, the
-- ISO/IEC 30111 state, and a change log. Reports that a case coordinates point to it.

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  title text NOT NULL,
  summary text NOT NULL DEFAULT '',
  state text NOT NULL CHECK (state IN ('received', 'verified', 'remediation', 'release', 'post_release', 'closed')),
  created_by uuid NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX cases_updated_idx ON cases (updated_at DESC);

ALTER TABLE reports ADD COLUMN case_id uuid REFERENCES cases (id);

CREATE TABLE case_vulnerabilities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  cwe text,
  cvss31_vector text,
  cvss31_score numeric(3, 1),
  cvss40_vector text,
  cvss40_score numeric(3, 1),
  cve text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (case_id, position)
);

CREATE TABLE case_vendors (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  added_by uuid NOT NULL REFERENCES people (id),
  notified_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, org_id)
);
CREATE INDEX case_vendors_org_idx ON case_vendors (org_id);

CREATE TABLE vendor_statements (
  case_id uuid NOT NULL,
  org_id uuid NOT NULL,
  vulnerability_id uuid NOT NULL REFERENCES case_vulnerabilities (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('under_investigation', 'affected', 'not_affected', 'fixed')),
  statement text NOT NULL DEFAULT '',
  affected_versions text NOT NULL DEFAULT '',
  fixed_versions text NOT NULL DEFAULT '',
  updated_by uuid REFERENCES people (id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, org_id, vulnerability_id),
  FOREIGN KEY (case_id, org_id) REFERENCES case_vendors (case_id, org_id) ON DELETE CASCADE
);

-- What changed, in order: states, vulnerabilities, vendors, statements (org_id: the vendor an entry concerns).
CREATE TABLE case_events (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  position integer NOT NULL,
  kind text NOT NULL,
  actor_id uuid REFERENCES people (id),
  org_id uuid,
  detail jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL,
  PRIMARY KEY (case_id, position)
);
