-- 0019: the fields of use an exclusive licence reserves (issue 18): other
-- licences may be granted there without conflicting with it.
CREATE TABLE agreement_reserved_field (
  agreement_id BIGINT NOT NULL REFERENCES agreement (id),
  field TEXT NOT NULL,
  PRIMARY KEY (agreement_id, field)
);
