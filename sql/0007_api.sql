-- 0007: the HTTP API. Users with a role (and, for the institution-scoped
-- roles, their institution), bearer tokens of which only a SHA-256 is kept,
-- idempotency keys of POSTs, and the audit log of every mutation
-- (append-only in the database itself, as the ledger tables).

CREATE TABLE api_user (
  id @ID@,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'ip_manager', 'tech_transfer', 'finance',
                                     'institution_viewer')),
  institution_id BIGINT REFERENCES institution (id),
  created_at TEXT NOT NULL,
  CHECK (role NOT IN ('ip_manager', 'institution_viewer') OR institution_id IS NOT NULL)
);

CREATE TABLE api_token (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES api_user (id),
  token_hash TEXT NOT NULL UNIQUE,  -- SHA-256 (hex) of the token; the token itself is never stored
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX api_token_user ON api_token (user_id);

-- One row per (user, Idempotency-Key): 'pending' while the first request
-- runs (committed before its handler), 'done' with the response to replay.
CREATE TABLE api_idempotency (
  user_name TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,  -- SHA-256 of method, path and body
  state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
  status BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_name, idem_key)
);
CREATE INDEX api_idempotency_created ON api_idempotency (created_at);

-- Every mutation: who, when, which route, which entity, a digest of the change.
CREATE TABLE api_audit (
  id @ID@,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  method TEXT NOT NULL,
  route TEXT NOT NULL,       -- the route's pattern
  path TEXT NOT NULL,        -- the path as requested
  status BIGINT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  digest TEXT NOT NULL       -- SHA-256 (hex) of the request body
);
CREATE INDEX api_audit_user ON api_audit (user_name);

-- @sqlite
CREATE TRIGGER api_audit_no_update BEFORE UPDATE ON api_audit BEGIN SELECT RAISE(ABORT, 'api_audit is append-only'); END;
CREATE TRIGGER api_audit_no_delete BEFORE DELETE ON api_audit BEGIN SELECT RAISE(ABORT, 'api_audit is append-only'); END;
-- @end
-- @postgresql
CREATE TRIGGER api_audit_append_only BEFORE UPDATE OR DELETE ON api_audit FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
