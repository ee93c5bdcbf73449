-- Cached reads (src/server/db/read-cache.ts) must learn at once when another node commits a change they depend on.
-- A statement trigger on each table a cached read depends on sends NOTIFY isao_changes with the table's name; every
-- node LISTENs (src/server/db/client.ts). NOTIFY is delivered only when the transaction commits, and repeats of one
-- payload within a transaction are sent once. test/integration/read-cache.test.ts checks that every table a cached
-- read uses is in this list (CACHED_READ_TABLES in src/server/db/read-cache.ts).
CREATE FUNCTION isao_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('isao_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

CREATE TRIGGER isao_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION isao_notify_change();
CREATE TRIGGER isao_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_tokens FOR EACH STATEMENT EXECUTE FUNCTION isao_notify_change();
CREATE TRIGGER isao_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON people FOR EACH STATEMENT EXECUTE FUNCTION isao_notify_change();
CREATE TRIGGER isao_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations FOR EACH STATEMENT EXECUTE FUNCTION isao_notify_change();
CREATE TRIGGER isao_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sharing_groups FOR EACH STATEMENT EXECUTE FUNCTION isao_notify_change();
CREATE TRIGGER isao_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sharing_group_members FOR EACH STATEMENT EXECUTE FUNCTION isao_notify_change();
CREATE TRIGGER isao_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON notices FOR EACH STATEMENT EXECUTE FUNCTION isao_notify_change();
