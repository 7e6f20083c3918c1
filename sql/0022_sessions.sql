-- 0022: signing in to the web interface (issue 19, section 2). A user may
-- have a password (an Argon2id hash in PHC form, never the password) and a
-- language for the interface ('ja' unless chosen). A session is known by the
-- SHA-256 (hex) of its cookie's value only, so a stolen database yields no
-- usable cookie; it ends when signed out (ended_at), after
-- web.session_idle_minutes without a request (last_seen_at) or at
-- expires_at (web.session_hours after sign-in). Failed sign-ins are kept
-- 15 minutes per name and per client address, in the database so that
-- several servers share the counts. Timestamps are UTC
-- "YYYY-MM-DDTHH:MM:SSZ", compared as text; failures carry seconds since
-- 1970 for the arithmetic of the slowdown.
ALTER TABLE api_user ADD COLUMN password_hash TEXT;
ALTER TABLE api_user ADD COLUMN language TEXT NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'en'));

CREATE TABLE api_session (
  id @ID@,
  id_hash TEXT NOT NULL UNIQUE,      -- SHA-256 (hex) of the cookie value
  user_id BIGINT NOT NULL REFERENCES api_user (id),
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,          -- absolute: created_at + web.session_hours
  csrf_token TEXT NOT NULL,          -- sent back in X-CSRF-Token by the page
  ended_at TEXT                      -- signed out, password changed: refused from then on
);
CREATE INDEX api_session_user ON api_session (user_id);

CREATE TABLE api_sign_in_failure (
  id @ID@,
  subject TEXT NOT NULL,             -- 'name:<lower-case name>' or 'address:<client address>'
  at_epoch BIGINT NOT NULL           -- seconds since 1970 UTC
);
CREATE INDEX api_sign_in_failure_subject ON api_sign_in_failure (subject, at_epoch);
