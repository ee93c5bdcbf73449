-- Case discussion: one thread per vendor (the ISAO's coordinators and that vendor's people), what each person has read,
-- and the embargo (planned publication) with its reminder.

CREATE TABLE case_posts (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  thread_org_id uuid NOT NULL,
  position integer NOT NULL,
  author_id uuid NOT NULL REFERENCES people (id),
  body text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, thread_org_id, position),
  FOREIGN KEY (case_id, thread_org_id) REFERENCES case_vendors (case_id, org_id) ON DELETE CASCADE
);

-- The last post (per thread) and the last change-log entry (thread_key 'events') a person has seen.
CREATE TABLE case_reads (
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id),
  thread_key text NOT NULL,
  last_position integer NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, person_id, thread_key)
);

ALTER TABLE cases ADD COLUMN embargo_until timestamptz;
ALTER TABLE cases ADD COLUMN embargo_reminded_at timestamptz;
