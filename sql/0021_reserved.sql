-- 0021: reserved for a change in flight on another branch (migrations are
-- numbered without gaps, and this branch's 0022 needs a 0021 before it).
-- This file does nothing. When the real 0021 lands, delete this file in the
-- merge (two 0021 files stop every command, naming the second one); a
-- development database migrated with this placeholder is recreated.
SELECT 1;
