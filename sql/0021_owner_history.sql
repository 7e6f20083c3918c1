-- 0021: owner history. A patent's ownership periods, each in force from
-- valid_from until the next period's valid_from, with its owners and exact
-- shares. A period opened by a transfer records who recorded it, when, why,
-- and the consents of the owners it affected (every owner whose share went
-- down or who was removed). Append-only, like the change history.
--
-- The first period (kind 'first', from the filing date) is the owners of
-- record just before the first transfer; it is written with that transfer.
-- A patent never transferred has no rows here: its registered owners
-- (patent_owner) are its only period, from its filing date. After a
-- transfer patent_owner holds the last period's owners. An assignment to
-- the aggregator is not repeated here: the aggregation row is its record.
CREATE TABLE owner_period (
  id @ID@,
  patent_id BIGINT NOT NULL REFERENCES patent (id),
  valid_from TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('first', 'transfer')),
  recorded_at TEXT NOT NULL,  -- UTC, ISO 8601
  actor TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  UNIQUE (patent_id, valid_from)
);

CREATE TABLE owner_period_share (
  period_id BIGINT NOT NULL REFERENCES owner_period (id),
  position BIGINT NOT NULL,
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  share_num BIGINT NOT NULL CHECK (share_num > 0),
  share_den BIGINT NOT NULL CHECK (share_den > 0),
  PRIMARY KEY (period_id, institution_id)
);
CREATE INDEX owner_period_share_institution ON owner_period_share (institution_id);

CREATE TABLE owner_period_consent (
  period_id BIGINT NOT NULL REFERENCES owner_period (id),
  institution_id BIGINT NOT NULL REFERENCES institution (id),
  PRIMARY KEY (period_id, institution_id)
);

-- @sqlite
CREATE TRIGGER owner_period_no_update BEFORE UPDATE ON owner_period
BEGIN
  SELECT RAISE(ABORT, 'owner_period is append-only');
END;
CREATE TRIGGER owner_period_no_delete BEFORE DELETE ON owner_period
BEGIN
  SELECT RAISE(ABORT, 'owner_period is append-only');
END;
CREATE TRIGGER owner_period_share_no_update BEFORE UPDATE ON owner_period_share
BEGIN
  SELECT RAISE(ABORT, 'owner_period_share is append-only');
END;
CREATE TRIGGER owner_period_share_no_delete BEFORE DELETE ON owner_period_share
BEGIN
  SELECT RAISE(ABORT, 'owner_period_share is append-only');
END;
CREATE TRIGGER owner_period_consent_no_update BEFORE UPDATE ON owner_period_consent
BEGIN
  SELECT RAISE(ABORT, 'owner_period_consent is append-only');
END;
CREATE TRIGGER owner_period_consent_no_delete BEFORE DELETE ON owner_period_consent
BEGIN
  SELECT RAISE(ABORT, 'owner_period_consent is append-only');
END;
-- @end
-- @postgresql
CREATE TRIGGER owner_period_append_only BEFORE UPDATE OR DELETE ON owner_period
  FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER owner_period_share_append_only BEFORE UPDATE OR DELETE ON owner_period_share
  FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
CREATE TRIGGER owner_period_consent_append_only BEFORE UPDATE OR DELETE ON owner_period_consent
  FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
CREATE INDEX posting_patent ON posting (patent_id);
