-- 0015: the matching events list pages by (held_on, code) in SQL
-- (MatchingStore::events): an index in that order lets both backends walk
-- a page from the cursor instead of sorting every event.
CREATE INDEX matching_event_held ON matching_event (held_on, code);
-- Recorded interest pages newest first, by (noted_on, id) descending
-- (MatchingStore::interests); a B-tree serves the descending walk.
CREATE INDEX interest_signal_noted ON interest_signal (noted_on, id);
