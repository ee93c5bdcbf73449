-- Organisations, people and everything that decides who someone is.
CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('operator', 'manufacturer', 'hdo', 'researcher', 'partner', 'observer')),
  status text NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'suspended')),
  country text,
  website text,
  require_mfa boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by uuid,
  decision_reason text
);
-- Member names are unique; applications may repeat a name (staff resolve it at approval), so that
-- applying never reveals who is a member.
CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name)) WHERE status IN ('active', 'suspended');

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  totp_secret text,
  totp_pending_secret text,
  totp_enabled_at timestamptz,
  totp_last_step bigint,
  time_zone text NOT NULL DEFAULT 'UTC',
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz
);
CREATE UNIQUE INDEX people_email_key ON people (lower(email));
CREATE INDEX people_org_idx ON people (org_id);

CREATE TABLE recovery_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz
);
CREATE INDEX recovery_codes_person_idx ON recovery_codes (person_id);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  revoked_at timestamptz
);
CREATE INDEX sessions_person_idx ON sessions (person_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  name text NOT NULL,
  token_prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_person_idx ON api_tokens (person_id);

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  email text NOT NULL,
  roles text[] NOT NULL,
  token_hash text NOT NULL UNIQUE,
  invited_by uuid NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX invitations_org_idx ON invitations (org_id);

CREATE TABLE membership_applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  applicant_id uuid NOT NULL REFERENCES people (id),
  message text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at timestamptz NOT NULL,
  decided_at timestamptz,
  decided_by uuid REFERENCES people (id),
  reason text
);

-- An application waiting for its applicant to confirm the email address.
CREATE TABLE application_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  email text NOT NULL,
  payload jsonb NOT NULL,
  password_hash text NOT NULL,
  agreement_version text NOT NULL,
  ip text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  confirmed_at timestamptz
);

-- FDA evidence: which version of the participant agreement was accepted, by whom, when.
CREATE TABLE agreement_acceptances (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  person_id uuid NOT NULL REFERENCES people (id),
  version text NOT NULL,
  accepted_at timestamptz NOT NULL,
  ip text
);

CREATE TABLE sharing_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  confidential boolean NOT NULL DEFAULT false,
  owner_org_id uuid NOT NULL REFERENCES organisations (id),
  created_by uuid NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL
);
-- Names are unique per owning organisation only, so a name clash reveals nothing about other groups.
CREATE UNIQUE INDEX sharing_groups_name_key ON sharing_groups (owner_org_id, lower(name));

CREATE TABLE sharing_group_members (
  group_id uuid NOT NULL REFERENCES sharing_groups (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id),
  added_at timestamptz NOT NULL,
  added_by uuid REFERENCES people (id),
  PRIMARY KEY (group_id, org_id)
);
CREATE INDEX sharing_group_members_org_idx ON sharing_group_members (org_id);

-- Failed sign-ins per account and per address, for throttling across nodes.
CREATE TABLE auth_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  window_start timestamptz NOT NULL,
  locked_until timestamptz
);

-- Shared notices: the first kind of shared content, and the shape every later one follows.
CREATE TABLE notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL,
  body text NOT NULL,
  tlp text NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  audience text NOT NULL CHECK (audience IN ('own_org', 'orgs', 'group', 'members', 'partners', 'public')),
  owner_org_id uuid NOT NULL REFERENCES organisations (id),
  author_id uuid NOT NULL REFERENCES people (id),
  recipient_org_ids uuid[] NOT NULL DEFAULT '{}',
  recipient_person_ids uuid[] NOT NULL DEFAULT '{}',
  group_id uuid REFERENCES sharing_groups (id),
  anonymous boolean NOT NULL DEFAULT false,
  embargo_until timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX notices_created_idx ON notices (created_at DESC, id DESC);
CREATE INDEX notices_owner_idx ON notices (owner_org_id);

-- Append-only, hash-chained audit log. No foreign keys: the record outlives what it names.
CREATE TABLE audit_events (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_person_id uuid,
  actor_org_id uuid,
  actor_label text NOT NULL,
  action text NOT NULL,
  target_type text,
  target_id text,
  ip text,
  detail jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_events_action_idx ON audit_events (action, seq DESC);
CREATE INDEX audit_events_actor_org_idx ON audit_events (actor_org_id, seq DESC);

-- Append-only: the application never changes or removes a record. (A database owner can still
-- disable this trigger; `isao audit verify` is what catches that.)
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit records are append-only';
END;
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- The chain's head, written with every append, so a deleted last record is noticed too.
CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);

-- Settings the installation keeps (e.g. whether the demo data was loaded).
CREATE TABLE installation (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
