-- The confidential forum: channels, threads and posts (each with the standard policy columns), edit history,
-- reactions, read state, attachments, member reports; the event log behind live delivery; notifications, email
-- deliveries and webhooks.

CREATE TABLE channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- topic: a subject for all members; device_class: one kind of device; group: a sharing group's own channel.
  kind text NOT NULL CHECK (kind IN ('topic', 'device_class', 'group')),
  device_class text,
  group_id uuid REFERENCES sharing_groups (id),
  created_by uuid NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL,
  archived boolean NOT NULL DEFAULT false,
  CHECK ((kind = 'group') = (group_id IS NOT NULL))
);
CREATE UNIQUE INDEX channels_name_idx ON channels (lower(name));

CREATE TABLE threads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel_id uuid NOT NULL REFERENCES channels (id),
  title text NOT NULL,
  tlp text NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  audience text NOT NULL CHECK (audience IN ('own_org', 'orgs', 'group', 'members', 'partners', 'public')),
  owner_org_id uuid NOT NULL REFERENCES organisations (id),
  author_id uuid NOT NULL REFERENCES people (id),
  recipient_org_ids uuid[] NOT NULL DEFAULT '{}',
  recipient_person_ids uuid[] NOT NULL DEFAULT '{}',
  group_id uuid REFERENCES sharing_groups (id),
  anonymous boolean NOT NULL DEFAULT false,
  embargo_until timestamptz,
  pinned boolean NOT NULL DEFAULT false,
  locked boolean NOT NULL DEFAULT false,
  hidden_at timestamptz,
  hidden_by uuid REFERENCES people (id),
  hidden_reason text,
  last_position integer NOT NULL DEFAULT 0,
  last_post_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX threads_channel_idx ON threads (channel_id, pinned DESC, last_post_at DESC);

CREATE TABLE posts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  thread_id uuid NOT NULL REFERENCES threads (id),
  position integer NOT NULL,
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
  edited_at timestamptz,
  corrected boolean NOT NULL DEFAULT false,
  retracted_at timestamptz,
  retracted_by uuid REFERENCES people (id),
  retraction_reason text,
  hidden_at timestamptz,
  hidden_by uuid REFERENCES people (id),
  hidden_reason text,
  -- The post's text (and, for a thread's first post, the thread's title), written by the service: not GENERATED, so a
  -- backup restores as plain rows.
  search tsvector NOT NULL,
  UNIQUE (thread_id, position)
);
CREATE INDEX posts_search_idx ON posts USING gin (search);
CREATE INDEX posts_owner_idx ON posts (owner_org_id);

-- Every earlier text of an edited post (visible history). Removed when the post is retracted.
CREATE TABLE post_revisions (
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  revision integer NOT NULL,
  body text NOT NULL,
  replaced_at timestamptz NOT NULL,
  editor_id uuid NOT NULL REFERENCES people (id),
  PRIMARY KEY (post_id, revision)
);

CREATE TABLE post_reactions (
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id),
  reaction text NOT NULL CHECK (reaction IN ('seen_too', 'thanks', 'useful')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (post_id, person_id, reaction)
);

CREATE TABLE post_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  content bytea,
  created_at timestamptz NOT NULL
);
CREATE INDEX post_attachments_post_idx ON post_attachments (post_id);

-- A member's report of a post to the coordinators (moderation queue).
CREATE TABLE post_flags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  reporter_id uuid NOT NULL REFERENCES people (id),
  reason text NOT NULL,
  created_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolved_by uuid REFERENCES people (id),
  resolution text,
  UNIQUE (post_id, reporter_id)
);

-- Recipients acknowledge a retraction.
CREATE TABLE retraction_acks (
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id),
  acknowledged_at timestamptz NOT NULL,
  PRIMARY KEY (post_id, person_id)
);

CREATE TABLE thread_reads (
  thread_id uuid NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id),
  last_position integer NOT NULL,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (person_id, thread_id)
);

-- The event log behind live delivery: ids are dense and in commit order (assigned under a lock), so a client that
-- reconnects with its last id gets exactly what it missed. `facts` holds the policy facts every reader must pass
-- (thread and post); `person_id` targets one person (notifications). Retraction rewrites earlier payloads.
CREATE TABLE events (
  id bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  type text NOT NULL,
  actor_id uuid,
  person_id uuid,
  thread_id uuid,
  post_id uuid,
  facts jsonb NOT NULL DEFAULT '[]',
  payload jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_post_idx ON events (post_id) WHERE post_id IS NOT NULL;

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  kind text NOT NULL CHECK (kind IN ('mention', 'reply', 'retraction', 'correction')),
  thread_id uuid REFERENCES threads (id),
  post_id uuid REFERENCES posts (id),
  actor_label text NOT NULL,
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  emailed_at timestamptz
);
CREATE INDEX notifications_person_idx ON notifications (person_id, created_at DESC);

-- Which people received which post by email (immediate or digest), so a retraction or correction reaches them too.
CREATE TABLE post_emails (
  post_id uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id),
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (post_id, person_id)
);

ALTER TABLE people ADD COLUMN digest text NOT NULL DEFAULT 'daily' CHECK (digest IN ('off', 'hourly', 'daily'));
ALTER TABLE people ADD COLUMN digest_sent_at timestamptz;

CREATE TABLE webhooks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id),
  url text NOT NULL,
  secret text NOT NULL,
  event_types text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  consecutive_failures integer NOT NULL DEFAULT 0,
  disabled_reason text,
  created_by uuid NOT NULL REFERENCES people (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX webhooks_org_idx ON webhooks (org_id);

CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_id bigint NOT NULL,
  event_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

-- Per-node consumer positions (webhook fan-out, mail) so work resumes after a restart without repeating.
CREATE TABLE event_cursors (
  name text PRIMARY KEY,
  last_id bigint NOT NULL
);
