-- A large SBOM stores hundreds of thousands of components and findings in one upload. A foreign key checks each row
-- on its own (an index probe and a row lock per row: a quarter of the database's work on a 300,000-component SBOM).
-- The references of components and findings to their SBOM are checked once per statement instead, by the triggers
-- below, with a foreign key's guarantees:
--   * every inserted row's SBOM exists, and stays (FOR KEY SHARE) until the inserting transaction ends;
--   * a row never moves to another SBOM, and an SBOM never changes its id;
--   * deleting (or truncating) SBOMs deletes their components and findings (and, by its foreign key, the findings'
--     events).
-- Backups restore sboms before these tables (src/modules/backup/backup.ts, REFERENCES_BY_TRIGGER).
ALTER TABLE sbom_components DROP CONSTRAINT sbom_components_sbom_id_fkey;
ALTER TABLE findings DROP CONSTRAINT findings_sbom_id_fkey;

-- Nothing looks findings up by vulnerability alone (the SBOM always comes first: findings_key).
DROP INDEX findings_vuln_idx;

-- Kept up to date on every upload, this index took 1.0-1.7 s of the 3.4 s PostgreSQL spent storing the components of
-- a 300,000-component SBOM, for one of the three sort orders of the component list. All three now sort an SBOM's components found through the
-- primary key: a few milliseconds for a device's usual thousands, 0.2-0.4 s a page at 300,000 (measured on
-- PostgreSQL; bench/README.md, sbom-scale).
DROP INDEX sbom_components_name_idx;

CREATE FUNCTION isao_check_sbom_reference() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing uuid;
BEGIN
  -- Lock first: a concurrent delete of one of these SBOMs is waited for, and the check below then sees its outcome.
  PERFORM 1 FROM sboms WHERE id IN (SELECT DISTINCT sbom_id FROM new_rows) FOR KEY SHARE;
  SELECT d.sbom_id INTO missing FROM (SELECT DISTINCT sbom_id FROM new_rows) d
   WHERE NOT EXISTS (SELECT 1 FROM sboms s WHERE s.id = d.sbom_id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert on table "%" violates its reference to table "sboms"', TG_TABLE_NAME
      USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (sbom_id)=(%s) is not present in table "sboms".', missing);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION isao_refuse_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table "%" does not allow changing %', TG_TABLE_NAME, TG_ARGV[0] USING ERRCODE = 'foreign_key_violation';
END;
$$;

CREATE FUNCTION isao_delete_sbom_contents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM sbom_components;
    DELETE FROM findings;
  ELSE
    DELETE FROM sbom_components WHERE sbom_id IN (SELECT id FROM old_rows);
    DELETE FROM findings WHERE sbom_id IN (SELECT id FROM old_rows);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER sbom_reference AFTER INSERT ON sbom_components
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION isao_check_sbom_reference();
CREATE TRIGGER sbom_reference AFTER INSERT ON findings
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION isao_check_sbom_reference();
CREATE TRIGGER sbom_reference_fixed BEFORE UPDATE ON sbom_components
  FOR EACH ROW WHEN (OLD.sbom_id IS DISTINCT FROM NEW.sbom_id) EXECUTE FUNCTION isao_refuse_key_change('sbom_id');
CREATE TRIGGER sbom_reference_fixed BEFORE UPDATE ON findings
  FOR EACH ROW WHEN (OLD.sbom_id IS DISTINCT FROM NEW.sbom_id) EXECUTE FUNCTION isao_refuse_key_change('sbom_id');
CREATE TRIGGER sbom_id_fixed BEFORE UPDATE ON sboms
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION isao_refuse_key_change('id');
CREATE TRIGGER sbom_contents AFTER DELETE ON sboms
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION isao_delete_sbom_contents();
CREATE TRIGGER sbom_contents_truncated AFTER TRUNCATE ON sboms
  FOR EACH STATEMENT EXECUTE FUNCTION isao_delete_sbom_contents();
