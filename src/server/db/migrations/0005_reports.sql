-- Coordinated vulnerability disclosure, first part: reports from anyone (no account), the reporter's private tracking
-- link, messages both ways, attachments, proof-of-work challenges, and the coordinators' triage of each report.

CREATE TABLE cvd_programs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- Service levels, in hours from receipt: acknowledge, triage, first vendor contact.
  ack_hours integer NOT NULL CHECK (ack_hours > 0),
  triage_hours integer NOT NULL CHECK (triage_hours > 0),
  vendor_contact_hours integer NOT NULL CHECK (vendor_contact_hours > 0),
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX cvd_programs_default_key ON cvd_programs (is_default) WHERE is_default;

CREATE TABLE report_challenges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  challenge text NOT NULL UNIQUE,
  difficulty integer NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX report_challenges_expiry_idx ON report_challenges (expires_at);

CREATE TABLE reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  program_id uuid NOT NULL REFERENCES cvd_programs (id),
  tracking_token_hash text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('received', 'needs_info', 'accepted', 'rejected', 'merged')),
  -- What is affected: names as the reporter wrote them, and the member organisation / product when one was chosen.
  vendor_name text NOT NULL,
  vendor_org_id uuid REFERENCES organisations (id),
  product_name text NOT NULL,
  product_id uuid REFERENCES products (id),
  product_version text NOT NULL DEFAULT '',
  title text NOT NULL,
  description text NOT NULL,
  patient_impact text NOT NULL DEFAULT '',
  how_found text NOT NULL DEFAULT '',
  publicly_known text NOT NULL CHECK (publicly_known IN ('no', 'yes', 'unknown')),
  exploited text NOT NULL CHECK (exploited IN ('no', 'yes', 'unknown')),
  disclosure_plans text NOT NULL DEFAULT '',
  credit_consent boolean NOT NULL DEFAULT false,
  credit_name text NOT NULL DEFAULT '',
  reporter_name text NOT NULL DEFAULT '',
  reporter_email text,
  -- Similar earlier reports (same vendor and product, similar text), for the coordinator to check.
  possible_duplicate_ids uuid[] NOT NULL DEFAULT '{}',
  text_fingerprint text NOT NULL,
  source_ip_hash text,
  decision_reason text NOT NULL DEFAULT '',
  merged_into uuid REFERENCES reports (id),
  received_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  triaged_at timestamptz,
  triaged_by uuid REFERENCES people (id),
  updated_at timestamptz NOT NULL
);
CREATE INDEX reports_status_idx ON reports (status, received_at);
CREATE INDEX reports_vendor_idx ON reports (lower(vendor_name), lower(product_name));

CREATE TABLE report_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  -- Order within the report (1, 2, …): several messages can share a timestamp.
  position integer NOT NULL,
  author_kind text NOT NULL CHECK (author_kind IN ('reporter', 'coordinator', 'system')),
  author_id uuid REFERENCES people (id),
  body text NOT NULL,
  -- Internal notes of the coordinators are never shown to the reporter.
  internal boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX report_messages_position_key ON report_messages (report_id, position);

CREATE TABLE report_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  file_name text NOT NULL,
  -- Sniffed from the content, never taken from the sender.
  content_type text NOT NULL,
  byte_size integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_by text NOT NULL CHECK (uploaded_by IN ('reporter', 'coordinator')),
  created_at timestamptz NOT NULL,
  UNIQUE (report_id, sha256)
);
