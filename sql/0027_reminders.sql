-- 0027: the docket's daily reminder digest (issue 20, section 3,
-- "Reminders"). An e-mail address per API user (NULL: no reminders), and
-- an append-only record of the reminders sent: one row per (user, task,
-- horizon), written only once the relay accepted that user's digest. The
-- task is named by its stable identity (the patent and the task key, as
-- the calendar export's UID "<application>.<task key>@…"); horizon is a
-- number of days ("90", "30", "7") or 'missed'. The unique key is what
-- keeps a reminder from being sent twice, even by two concurrent runs
-- (services/reminder_service.h claims the rows before sending).
ALTER TABLE api_user ADD COLUMN email TEXT;

CREATE TABLE docket_reminder (
  id @ID@,
  user_id BIGINT NOT NULL REFERENCES api_user (id),
  patent_id BIGINT NOT NULL REFERENCES patent (id),
  task_key TEXT NOT NULL,
  horizon TEXT NOT NULL,      -- days ("90", "30", "7") or 'missed'
  digest_date TEXT NOT NULL,  -- the run's date, YYYY-MM-DD
  due TEXT NOT NULL,          -- the task's due date when it was sent
  email TEXT NOT NULL,        -- where it was sent
  sent_at TEXT NOT NULL,      -- UTC YYYY-MM-DDTHH:MM:SSZ
  UNIQUE (user_id, patent_id, task_key, horizon)
);
CREATE INDEX docket_reminder_date ON docket_reminder (digest_date, id);

-- @sqlite
CREATE TRIGGER docket_reminder_no_update BEFORE UPDATE ON docket_reminder
BEGIN
  SELECT RAISE(ABORT, 'docket_reminder is append-only');
END;
CREATE TRIGGER docket_reminder_no_delete BEFORE DELETE ON docket_reminder
BEGIN
  SELECT RAISE(ABORT, 'docket_reminder is append-only');
END;
-- @end
-- @postgresql
CREATE TRIGGER docket_reminder_append_only BEFORE UPDATE OR DELETE ON docket_reminder
  FOR EACH ROW EXECUTE FUNCTION chizai_append_only();
-- @end
