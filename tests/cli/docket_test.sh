#!/usr/bin/env bash
# End-to-end checks of `chizai docket …` on one backend: the agenda computed
# on first use (the Paris priority task of first filings), filters and
# formats, decisions (done, waive, undo) recorded in the change history,
# refusals that name the flag and change nothing, the calendar export
# parsed by a real RFC 5545 parser (python3-icalendar) with UIDs stable
# across two exports, and calendar subscriptions.
#   docket_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" docket
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3  # Debian's, with python3-icalendar

# The rule book and calendars of this source tree.
printf 'docket.rules_dir = %s/config/docketing\n' "$SRC" > "$WORK/chizai.properties"
D() { C --config "$WORK/chizai.properties" "$@"; }

snapshot() {
  { D docket list --format json; C history --format json; } 2>&1
}

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","country":"JP"}
{"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","country":"JP"}
JSONL
cat > "$WORK/patents.jsonl" <<'JSONL'
{"application_number":"JP2026000001A","filing_date":"2026-03-01","title":"Electrode","owners":[{"institution":"U-TOKYO","share":"1"}]}
{"application_number":"JP2026000002A","filing_date":"2026-02-01","title":"Separator","owners":[{"institution":"U-KYOTO","share":"1"}]}
{"application_number":"JP2026000003A","filing_date":"2026-02-10","title":"Cell","owners":[{"institution":"U-KYOTO","share":"1"}],"priority_claims":[{"number":"JP2026000002A","date":"2026-02-01","kind":"paris"}]}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
expect 0 "patent import" -- C patent import "$WORK/patents.jsonl"

# The agenda, computed on first use, soonest first.
expect 0 "docket list" -- D docket list --kind paris_priority
cat "$WORK/out"
contains "$WORK/out" "2027-02-01" "first due date"
contains "$WORK/out" "JP2026000001A" "first filing listed"
lacks "$WORK/out" "JP2026000003A" "a filing claiming priority has no Paris task"
first=$(awk 'NR==3 {print $2}' "$WORK/out")  # after the header and its rule
equals "soonest first" "$first" "JP2026000002A"
expect 0 "docket list json" -- D docket list --kind paris_priority --institution U-TOKYO --format json
equals "institution filter" "$(json "$WORK/out" "[t['application'] for t in d]")" "['JP2026000001A']"
equals "due after the calendar" "$(json "$WORK/out" "d[0]['due']")" "2027-03-01"
equals "payer" "$(json "$WORK/out" "d[0]['payers'][0]['institution']")" "U-TOKYO"
expect 0 "docket list csv" -- D docket list --kind paris_priority --format csv
contains "$WORK/out" "due,application,task,kind,jurisdiction,status" "csv header"
expect 0 "docket list paged" -- D docket list --kind paris_priority --limit 1
contains "$WORK/err" "--after 2027-02-01/" "next page named"
expect 0 "docket list date range" -- D docket list --from 2027-02-02 --to 2027-03-01 --format json
equals "date range" "$(json "$WORK/out" "[t['application'] for t in d if t['kind'] == 'paris_priority']")" \
  "['JP2026000001A']"

# Bad filters: exit 64 naming the flag.
expect 64 "bad status" -- D docket list --status late
contains "$WORK/err" "(--status)" "bad status names the flag"
expect 64 "bad from" -- D docket list --from 2027-02-30
contains "$WORK/err" "(--from)" "bad date names the flag"
expect 64 "bad format" -- D docket list --format xml

# show
expect 0 "docket show" -- D docket show "JP 2026-000001"
contains "$WORK/out" "application: JP2026000001A" "show names the application"
contains "$WORK/out" "paris.priority" "show lists the task"

# Decisions: refusals first (nothing written), then waive, undo, done.
refused "unknown task" "has no task 'no.such'" -- D docket waive JP2026000001A no.such --reason "x"
refused "no fee on a task without one" "has no official fee" -- \
  D docket done JP2026000001A paris.priority --date 2026-12-01 --fee 1000
refused "recoverable for owners' fees" "not aggregated under an assignment" -- \
  D docket done JP2026000001A paris.priority --date 2026-12-01 --recoverable
refused "nothing to undo" "no decision in force to undo" -- D docket undo JP2026000001A paris.priority --reason "x"
expect 64 "waive without a reason" -- D docket waive JP2026000001A paris.priority
expect 64 "done with a bad date" -- D docket done JP2026000001A paris.priority --date 2026-12-32
contains "$WORK/err" "--date" "bad date names the flag"

expect 0 "waive" -- D docket waive JP2026000001A paris.priority --reason "no foreign filing"
contains "$WORK/out" "JP2026000001A paris.priority: waive" "waive output"
contains "$WORK/out" "task now waived" "waive status"
expect 0 "show after waive" -- D docket show JP2026000001A
lacks "$WORK/out" "lapses after" "an option forgone (no foreign filing) lapses nothing"
contains "$WORK/out" "jp.examination" "the application's later tasks go on"
refused "done on a waived task" "is already waived: undo it first" -- \
  D docket done JP2026000001A paris.priority --date 2026-12-01
expect 0 "undo" -- D docket undo JP2026000001A paris.priority --reason "filing in the US after all"
contains "$WORK/out" "task now open" "undo reopens"
expect 0 "done" -- D docket done JP2026000001A paris.priority --date 2026-12-01 --reference "US 19/000,001"
contains "$WORK/out" "done on 2026-12-01" "done output"
expect 0 "status filter" -- D docket list --status done --format json
equals "done listed" "$(json "$WORK/out" "[t['application'] for t in d]")" "['JP2026000001A']"
expect 0 "show json" -- D docket show JP2026000001A --format json
equals "decisions kept, oldest first" "$(json "$WORK/out" "[x['action'] for x in d['decisions']]")" \
  "['waive', 'undo', 'done']"
equals "undo names the waive" "$(json "$WORK/out" "d['decisions'][1]['undoes'] == d['decisions'][0]['id']")" "True"
expect 0 "change history" -- C history --entity-type patent --key JP2026000001A --format json
contains "$WORK/out" '"docket.waive"' "waive in the history"
contains "$WORK/out" '"docket.undo"' "undo in the history"
contains "$WORK/out" '"docket.done"' "done in the history"

# The calendar: parsed by python3-icalendar; UIDs stable across exports.
expect 0 "ics export" -- D docket list --format ics
cp "$WORK/out" "$WORK/one.ics"
expect 0 "ics export again" -- D docket recompute
expect 0 "ics export again" -- D docket list --format ics
cp "$WORK/out" "$WORK/two.ics"
cat > "$WORK/ics.py" <<'PY'
import sys
from icalendar import Calendar
def events(path):
    cal = Calendar.from_ical(open(path, 'rb').read())
    assert cal['VERSION'] == '2.0', cal['VERSION']
    out = {}
    for e in cal.walk('VEVENT'):
        out[str(e['UID'])] = (e.decoded('DTSTART').isoformat(), int(e['SEQUENCE']), str(e['SUMMARY']))
    return out
one, two = events(sys.argv[1]), events(sys.argv[2])
assert one.keys() == two.keys(), (one.keys(), two.keys())
assert one == two, (one, two)
uid = 'JP2026000002A.paris.priority@docket.chizai.invalid'
assert one[uid][0] == '2027-02-01', one[uid]
assert 'JP2026000001A.paris.priority@docket.chizai.invalid' in one
print(len(one))
PY
if n=$("$PY" "$WORK/ics.py" "$WORK/one.ics" "$WORK/two.ics" 2>"$WORK/pyerr"); then
  ok; echo "ics: $n events"
else
  bad "ics parse"; cat "$WORK/pyerr" "$WORK/one.ics"
fi
expect 0 "ics filtered" -- D docket list --format ics --institution U-KYOTO
lacks "$WORK/out" "JP2026000001A" "ics filtered by institution"

# Calendar subscriptions: the secret shown once, listed without it.
expect 0 "user add" -- C user add kyoto --role ip_manager --institution U-KYOTO
expect 0 "subscription create" -- D docket subscription create kyoto --format json
secret=$(json "$WORK/out" "d['secret']")
id=$(json "$WORK/out" "d['id']")
contains "$WORK/out" "/api/v1/docket.ics?key=cal_" "subscription URL"
expect 0 "subscription list" -- D docket subscription list kyoto
lacks "$WORK/out" "$secret" "no secret in the list"
contains "$WORK/out" "kyoto" "listed"
refused "subscription for an unknown user" "no API user 'nobody'" -- D docket subscription create nobody
expect 0 "subscription revoke" -- D docket subscription revoke "$id"
contains "$WORK/out" "revoked at" "revoke output"

# An event recorded follows into the docket at once, without `docket
# recompute`: the JP allowance of JP2026000002A opens its years 1-3 fee,
# due 30 days after the allowance (2026-11-02 + 30 days = 2026-12-02, a
# Wednesday, an open day at the JPO).
expect 0 "examination requested" -- D patent event add JP2026000002A --kind examination_request --date 2026-10-01
expect 0 "docket show after the request" -- D docket show JP2026000002A --format json
equals "the examination task is done by the recorded request" \
  "$(json "$WORK/out" "[t['status'] for t in d['tasks'] if t['key'] == 'jp.examination']")" "['done']"
expect 0 "done tasks listed" -- D docket list --status done --format json
contains "$WORK/out" "jp.examination" "a task carried out by an event is listed as done"
expect 0 "allowance recorded" -- D patent event add JP2026000002A --kind allowance --date 2026-11-02
expect 0 "docket show after the event" -- D docket show JP2026000002A --format json
equals "years 1-3 task after the allowance" \
  "$(json "$WORK/out" "[t['due'] for t in d['tasks'] if t['key'] == 'jp.annual.1-3']")" "['2026-12-02']"
expect 0 "allowance withdrawn" -- D patent event withdraw JP2026000002A \
  "$(D patent event list JP2026000002A --format json | "$PY" -c "import json,sys; print([e['id'] for e in json.load(sys.stdin)['events'] if e['kind']=='allowance'][0])")" \
  --reason "recorded on the wrong application"
expect 0 "docket show after the withdrawal" -- D docket show JP2026000002A --format json
equals "no years 1-3 task once withdrawn" \
  "$(json "$WORK/out" "[t['key'] for t in d['tasks'] if t['key'] == 'jp.annual.1-3']")" "[]"

finish
