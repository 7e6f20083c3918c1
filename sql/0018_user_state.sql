-- 0018: a user can be disabled (its tokens stop working at once, and work
-- again when it is enabled), and a token can expire. Both are UTC
-- timestamps ("2027-01-31T00:00:00Z"), compared as text.
ALTER TABLE api_user ADD COLUMN disabled_at TEXT;
ALTER TABLE api_token ADD COLUMN expires_at TEXT;
