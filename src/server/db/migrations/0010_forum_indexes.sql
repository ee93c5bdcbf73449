-- The per-person posting limit counts a person's recent posts; forum search walks the newest readable matches first.
CREATE INDEX posts_author_idx ON posts (author_id, created_at);
CREATE INDEX posts_created_idx ON posts (created_at DESC, id DESC);
