#!/usr/bin/env bash
# End-to-end checks of an application's dated events through the chizai
# binary, on one backend: patent event add (refusals naming the flag or
# field, nothing written), a grant updating the record, patent event list
# (table, json, csv, with the derived rows), patent event withdraw, patent
# event import (CSV and JSONL, all or nothing, --skip-invalid, --rejects),
# and the change history.
#   event_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" event
# What a refusal must leave unchanged: every table this slice writes.
snapshot() {
  SQL "SELECT COUNT(*) FROM change_log"
  for t in patent_event patent; do
    SQL "SELECT * FROM $t ORDER BY 1"
  done
}

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","country":"JP"}
JSONL
cat > "$WORK/patents.jsonl" <<'JSONL'
{"application_number":"JP2020000001A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Electrode","owners":[{"institution":"U-TOKYO","share":"1"}]}
{"application_number":"US202016000001A","jurisdiction":"US","filing_date":"2020-09-01","title":"Electrode","owners":[{"institution":"U-TOKYO","share":"1"}],"priority_claims":[{"number":"PCT/JP2019/000123","date":"2019-09-02","kind":"pct"}]}
{"application_number":"EP20000001A","jurisdiction":"EP","filing_date":"2020-09-01","title":"Electrode","status":"granted","grant_number":"3900001","grant_date":"2023-04-05","owners":[{"institution":"U-TOKYO","share":"1"}]}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
expect 0 "patent import" -- C patent import "$WORK/patents.jsonl"

# Refusals: each names what is wrong and writes nothing.
refused "unknown kind" "unknown event kind 'granted'; use international_filing, national_phase_entry" -- \
  C patent event add JP2020000001A --kind granted --date 2023-01-10
refused "grant without number" "a grant needs its registration number (reference, --reference)" -- \
  C patent event add JP2020000001A --kind grant --date 2023-01-10
refused "before filing" "is before its filing date 2020-03-01" -- \
  C patent event add "特願2020-000001" --kind examination_request --date 2020-02-28
refused "in the future" "is after today" -- \
  C patent event add JP2020000001A --kind examination_request --date 2099-01-01
refused "entity status outside the US" "an entity status is for US fees" -- \
  C patent event add JP2020000001A --kind entity_status --date 2020-03-01 --value small
refused "bad entity status" "entity status 'tiny' is not one; use large, small, micro" -- \
  C patent event add US202016000001A --kind entity_status --date 2020-09-01 --value tiny
refused "office action without type" "an office action needs its type (value); use jp_reasons_for_refusal" -- \
  C patent event add JP2020000001A --kind office_action --date 2021-06-01
refused "EP communication without months" "give it in months" -- \
  C patent event add EP20000001A --kind office_action --date 2021-06-01 --value ep_communication
refused "validation in no state" "'XX' is not a state an EP patent is validated in" -- \
  C patent event add EP20000001A --kind validation --date 2023-05-01 --reference XX
refused "national phase without PCT priority" "claims no PCT priority" -- \
  C patent event add JP2020000001A --kind national_phase_entry --date 2021-06-01
refused "response to no office action" "names no office action of JP2020000001A" -- \
  C patent event add JP2020000001A --kind office_action_response --date 2021-06-01 --reference OA1
usage "bad date" "--date" -- C patent event add JP2020000001A --kind grant --date 2023-13-01 --reference 1
usage "days not a number" "--days" -- C patent event add US202016000001A --kind term_adjustment --date 2023-01-01 --days x
usage "no kind" "--kind" -- C patent event add JP2020000001A --date 2023-01-01

# Accepted events; the grant updates the record.
expect 0 "examination request" -- C patent event add JP2020000001A --kind examination_request --date 2021-02-01
contains "$WORK/out" "JP2020000001A: recorded event" "add output"
expect 0 "office action" -- C patent event add JP2020000001A --kind office_action --date 2022-06-01 \
  --value jp_reasons_for_refusal --reference OA-2022-1 --format json
OA=$(json "$WORK/out" "d['event']['id']")
expect 0 "response" -- C patent event add JP2020000001A --kind office_action_response --date 2022-07-20 --reference OA-2022-1
expect 0 "grant" -- C patent event add JP2020000001A --kind grant --date 2023-01-10 --reference 7200001 --claims 7
expect 0 "show" -- C patent show JP2020000001A --format json
equals "grant number on the record" "$(json "$WORK/out" "d['grant_number']")" "7200001"
equals "claims on the record" "$(json "$WORK/out" "d['claims']")" "7"
equals "status on the record" "$(json "$WORK/out" "d['status']")" "granted"
refused "second grant" "was already granted on 2023-01-10 (7200001" -- \
  C patent event add JP2020000001A --kind grant --date 2023-02-10 --reference 7200002
expect 0 "national phase" -- C patent event add US202016000001A --kind national_phase_entry --date 2020-09-01 \
  --reference PCT/JP2019/000123
expect 0 "entity status" -- C patent event add US202016000001A --kind entity_status --date 2020-09-01 --value small
expect 0 "validation after a grant on the record" -- C patent event add EP20000001A --kind validation --date 2023-05-01 --reference DE

# Withdrawal.
usage "withdraw without reason" "--reason" -- C patent event withdraw JP2020000001A "$OA"
expect 0 "withdraw" -- C patent event withdraw JP2020000001A "$OA" --reason "sent to another applicant"
contains "$WORK/out" "withdrew event $OA" "withdraw output"
refused "withdraw twice" "was withdrawn already" -- C patent event withdraw JP2020000001A "$OA" --reason again
refused "withdraw an unknown event" "no event 999999 of JP2020000001A" -- \
  C patent event withdraw JP2020000001A 999999 --reason x

# The list: derived filing and earliest priority, withdrawn events marked.
expect 0 "list" -- C patent event list JP2020000001A
contains "$WORK/out" "2020-03-01  filing" "filing shown as derived"
contains "$WORK/out" "sent to another applicant" "withdrawal shown"
expect 0 "list csv" -- C patent event list US202016000001A --format csv
contains "$WORK/out" ",2019-09-02,earliest_priority,JP2019000123W," "earliest priority as a derived row"
expect 0 "list json" -- C patent event list EP20000001A --format json
equals "record's grant derived" "$(json "$WORK/out" "[(e['kind'], e['source']) for e in d['events']]")" \
  "[('filing', 'derived'), ('grant', 'derived'), ('validation', 'recorded')]"

# Import: all or nothing, naming line and field.
cat > "$WORK/events.csv" <<'CSV'
number,kind,date,reference,value,days,months,claims
US202016000001A,office_action,2021-03-01,NF-1,us_non_final,,,
US202016000001A,office_action_response,2021-05-20,NF-1,,,,
US202016000001A,term_adjustment,2023-06-01,,,abc,,
US202016000001A,grant,2023-06-01,11000001,,,,12
EP20000001A,validation,2023-05-01,FR,,,,
CSV
before=$(snapshot)
expect 65 "csv import with a bad row" -- C patent event import "$WORK/events.csv"
contains "$WORK/err" "events.csv:4: days: 'days' must be" "bad row named by line and field"
contains "$WORK/out" "read 5, inserted 0, rejected 1" "import summary"
if [ "$(snapshot)" = "$before" ]; then ok; else bad "a refused import changed the database"; fi
expect 0 "csv import skipping the bad row" -- C patent event import "$WORK/events.csv" --skip-invalid --rejects "$WORK/rejects.csv"
contains "$WORK/out" "read 5, inserted 4, rejected 1" "skip-invalid summary"
contains "$WORK/rejects.csv" "4,US202016000001A,days," "rejects file"
expect 0 "show US" -- C patent show US202016000001A --format json
equals "US grant on the record" "$(json "$WORK/out" "d['grant_number']")" "11000001"
printf '%s\n' '{"number":"JP2020000001A","kind":"validation","date":"2023-05-01","reference":"DE"}' \
  '{"number":"JP 2020-1","kind":"lapse","date":"2026-04-01"}' > "$WORK/events.jsonl"
before=$(snapshot)
expect 65 "jsonl import refused by a rule" -- C patent event import "$WORK/events.jsonl"
contains "$WORK/err" "events.jsonl:1: kind: a validation follows an EP grant" "rule refusal named by line"
if [ "$(snapshot)" = "$before" ]; then ok; else bad "a refused import changed the database"; fi
printf '%s\n' '{"number":"JP 2020-1","kind":"lapse","date":"2026-04-01"}' > "$WORK/lapse.jsonl"
expect 0 "jsonl import" -- C patent event import "$WORK/lapse.jsonl"
refused "allowance after the lapse" "ended on 2026-04-01 (lapse" -- \
  C patent event add JP2020000001A --kind allowance --date 2026-05-01

# A patent JSONL record may bring its events: the patent and its events in one transaction.
cat > "$WORK/with-events.jsonl" <<'JSONL'
{"application_number":"JP2021000007A","jurisdiction":"JP","filing_date":"2021-03-01","title":"Anode","owners":[{"institution":"U-TOKYO","share":"1"}],"events":[{"kind":"examination_request","date":"2021-04-01"},{"kind":"grant","date":"2023-02-01","reference":"7300007","claims":5}]}
{"application_number":"JP2021000008A","jurisdiction":"JP","filing_date":"2021-03-01","title":"Cathode","owners":[{"institution":"U-TOKYO","share":"1"}]}
JSONL
expect 0 "patent import with events" -- C patent import "$WORK/with-events.jsonl"
contains "$WORK/out" "events: read 2, inserted 2" "events imported with the patents"
expect 0 "show imported" -- C patent show JP2021000007A --format json
equals "grant from the imported event" "$(json "$WORK/out" "(d['grant_number'], d['claims'], d['status'])")" "('7300007', 5, 'granted')"
sed -e 's/JP2021000007A/JP2021000009A/; s/JP2021000008A/JP2021000010A/; s/"date":"2021-04-01"/"date":"2020-04-01"/' \
  "$WORK/with-events.jsonl" > "$WORK/bad-events.jsonl"
before=$(snapshot)
expect 65 "patent import with a bad event" -- C patent import "$WORK/bad-events.jsonl"
contains "$WORK/err" "bad-events.jsonl:1: date:" "bad event named by line and field"
if [ "$(snapshot)" = "$before" ]; then ok; else bad "a refused import with events changed the database"; fi

# The change history has the events and the withdrawal.
expect 0 "history" -- C history --key JP2020000001A --format json
contains "$WORK/out" '"action": "patent.event",' "event in the history"
contains "$WORK/out" '"action": "patent.event_withdrawal",' "withdrawal in the history"
contains "$WORK/out" '"action": "patent.update",' "the grant's record update in the history"

finish
