-- Vendors that are not members: a coordinator adds them to one case by name and contact address. Each is an
-- organisation row with status 'external' (case_vendors, vendor_statements, case_posts and the advisory key on
-- organisations), which has no people, never signs in and is never listed: every membership check asks for 'active'.
-- Its contact gets a one-time link by email (only the hash is stored); the link opens a session scoped to that case
-- and that vendor. Nothing here depends on 0011 or 0012.

ALTER TABLE organisations DROP CONSTRAINT organisations_status_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_status_check
  CHECK (status IN ('pending', 'active', 'rejected', 'suspended', 'external'));

CREATE TABLE external_vendor_contacts (
  case_id uuid NOT NULL,
  org_id uuid NOT NULL,
  contact_name text NOT NULL DEFAULT '',
  contact_email text NOT NULL,
  -- For the coordinators only (how the contact was found, a phone number…); never shown to the vendor.
  note text NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, org_id),
  FOREIGN KEY (case_id, org_id) REFERENCES case_vendors (case_id, org_id) ON DELETE CASCADE
);

-- Every link sent; the current one has replaced_at NULL (a new link replaces it).
CREATE TABLE vendor_links (
  token_hash text PRIMARY KEY,
  case_id uuid NOT NULL,
  org_id uuid NOT NULL,
  sent_to text NOT NULL,
  created_by uuid NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  replaced_at timestamptz,
  FOREIGN KEY (case_id, org_id) REFERENCES external_vendor_contacts (case_id, org_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX vendor_links_current_idx ON vendor_links (case_id, org_id) WHERE replaced_at IS NULL;

-- The scoped sessions the links opened (cookie isao_vendor): one case, one vendor, a fixed lifetime.
CREATE TABLE vendor_sessions (
  token_hash text PRIMARY KEY,
  case_id uuid NOT NULL,
  org_id uuid NOT NULL,
  link_hash text NOT NULL REFERENCES vendor_links (token_hash) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text,
  user_agent text,
  FOREIGN KEY (case_id, org_id) REFERENCES external_vendor_contacts (case_id, org_id) ON DELETE CASCADE
);
CREATE INDEX vendor_sessions_vendor_idx ON vendor_sessions (case_id, org_id);

-- An external contact writes in the discussion and the change log without being a person of the platform.
ALTER TABLE case_posts ALTER COLUMN author_id DROP NOT NULL;
ALTER TABLE case_posts ADD COLUMN author_label text;
ALTER TABLE case_posts ADD CONSTRAINT case_posts_author_check CHECK (author_id IS NOT NULL OR author_label IS NOT NULL);
ALTER TABLE case_events ADD COLUMN actor_label text;
