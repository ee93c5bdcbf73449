-- Scheduled feeds: where vulnerability data and advisories are fetched from, how often, and how the last run went.

CREATE TABLE feed_sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- vulndb: OSV (JSON, YAML, all.zip), CVE JSON 5, NVD API 2.0, KEV, EPSS (format read from the content); csaf: one CSAF file.
  kind text NOT NULL CHECK (kind IN ('vulndb', 'csaf')),
  url text NOT NULL,
  interval_minutes integer NOT NULL CHECK (interval_minutes BETWEEN 5 AND 43200),
  enabled boolean NOT NULL DEFAULT true,
  next_run_at timestamptz NOT NULL,
  -- Set while a node fetches it; a claim older than the lease is taken over (the node died).
  running_since timestamptz,
  last_run_at timestamptz,
  last_status text CHECK (last_status IN ('imported', 'not_modified', 'failed')),
  last_message text NOT NULL DEFAULT '',
  last_bytes bigint,
  consecutive_failures integer NOT NULL DEFAULT 0,
  -- Conditional requests: the server's validators from the last successful fetch.
  etag text,
  last_modified text,
  created_by uuid REFERENCES people (id),
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX feed_sources_url_key ON feed_sources (kind, url);
CREATE INDEX feed_sources_due_idx ON feed_sources (next_run_at) WHERE enabled;
