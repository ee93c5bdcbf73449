-- A case's advisory may be published as a csaf_vex instead of a csaf_security_advisory; for each vendor that states a
-- product is not affected, the coordinator may pick the VEX justification (a CSAF flag label).
ALTER TABLE advisory_drafts ADD COLUMN category text NOT NULL DEFAULT 'csaf_security_advisory'
  CHECK (category IN ('csaf_security_advisory', 'csaf_vex'));
-- [{ "vulnerabilityId": uuid, "vendorOrgId": uuid, "label": "component_not_present" | … }]
ALTER TABLE advisory_drafts ADD COLUMN vex_justifications jsonb NOT NULL DEFAULT '[]';
