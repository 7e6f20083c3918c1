#!/usr/bin/env bash
# End-to-end checks of aggregation, evaluations, co-owner consent and the
# change history through the chizai binary, on one backend.
#   aggregation_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" aggregation
# The scheme's state as seen through the commands: compared around refusals.
snapshot() {
  {
    C aggregation list --format csv
    for n in JP2012000001A JP2012000002A JP2012000003A; do
      C consent list "$n" --format csv
      C evaluation list "$n" --format csv
    done
    C history --format csv --limit 1000
  } 2>&1
}
unchanged() { # DESCRIPTION
  if [ "$(snapshot)" = "$BEFORE" ]; then ok; else bad "$1 changed the database"; fi
}

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"AGG-JST","kind":"aggregator","name_en":"Japan Science and Technology Agency","name_ja":"科学技術振興機構","country":"JP"}
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","name_ja":"東京大学","country":"JP"}
{"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","name_ja":"京都大学","country":"JP"}
{"code":"C-0001","kind":"company","name_en":"Sakura Denki K.K.","name_ja":"さくら電機株式会社","country":"JP"}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
expect 0 "patent 1 (sole)" -- C patent add --number "特願2012-000001" --jurisdiction JP \
  --filing-date 2012-03-01 --title "Electrode" --owner U-KYOTO:1
expect 0 "patent 2 (co-owned)" -- C patent add --number "JP 2012-000002" --jurisdiction JP \
  --filing-date 2012-03-01 --title "Separator" --owner U-TOKYO:2/3 --owner C-0001:1/3
expect 0 "patent 3 (co-owned)" -- C patent add --number "JP 2012-000003" --jurisdiction JP \
  --filing-date 2012-03-01 --title "Cathode" --owner U-TOKYO:1/2 --owner U-KYOTO:1/2

# Evaluations: declined ones are kept with their reason.
expect 0 "evaluate decline" -- C evaluate "JP 2012-000001" --technology 2 --market 1 --rights 3 \
  --evaluator "Sato Hanako" --decision decline --reason "no market yet" --date 2013-05-01
contains "$WORK/out" "evaluation 1 recorded: 2013-05-01 decline by Sato Hanako" "evaluate output"
expect 0 "evaluate approve" -- C evaluate JP2012000001A --technology 4 --market 4 --rights 5 \
  --evaluator "Suzuki Kenji" --decision approve --reason "EV demand" --date 2014-03-01
expect 0 "evaluation list" -- C evaluation list JP2012000001A --format json
contains "$WORK/out" '"decision": "decline",' "declined evaluation kept"
contains "$WORK/out" '"reason": "no market yet"' "declined reason kept"
contains "$WORK/out" '"evaluator": "Suzuki Kenji",' "approved evaluation listed"
expect 0 "evaluate without --date" -- C evaluate JP2012000003A --technology 3 --market 3 --rights 3 \
  --evaluator "Ishikawa Mai" --decision approve --reason "solid"
contains "$WORK/out" "approve by Ishikawa Mai" "evaluation today"

BEFORE=$(snapshot)
expect 65 "score out of range" -- C evaluate JP2012000001A --technology 6 --market 4 --rights 5 \
  --evaluator X --decision approve --reason r
contains "$WORK/err" "technology score 6 is outside 1-5" "score refusal message"
expect 64 "bad decision" -- C evaluate JP2012000001A --technology 3 --market 4 --rights 5 \
  --evaluator X --decision maybe --reason r
unchanged "refused evaluations"

# Aggregation: refusals first, each leaving everything as it was.
expect 65 "unknown patent" -- C aggregate "JP 2099-999999" --mode mandate --date 2014-04-01 --reason r
contains "$WORK/err" "no patent with application number 'JP 2099-999999'" "unknown patent named as typed"
expect 65 "before filing" -- C aggregate JP2012000001A --mode mandate --date 2012-02-29 --reason r
contains "$WORK/err" "aggregation date 2012-02-29 is before JP2012000001A's filing date 2012-03-01" "before filing message"
expect 65 "co-owned assignment without consent" -- C aggregate JP2012000002A --mode assignment \
  --date 2014-04-01 --reason "core"
contains "$WORK/err" "from: U-TOKYO, C-0001" "missing co-owners named"
contains "$WORK/err" "art. 73" "the rule named"
expect 65 "consent by a non-owner" -- C consent add JP2012000002A --institution U-KYOTO \
  --scope assignment --date 2014-03-01
contains "$WORK/err" "U-KYOTO is not an owner of JP2012000002A; its owners are U-TOKYO 2/3, C-0001 1/3" "non-owner message"
expect 65 "consent by unknown institution" -- C consent add JP2012000002A --institution U-NOWHERE \
  --scope assignment --date 2014-03-01
contains "$WORK/err" "unknown institution code 'U-NOWHERE'" "unknown institution message"
printf 'scheme.aggregator = U-TOKYO\n' > "$WORK/univ.properties"
expect 65 "aggregator of the wrong kind" -- C --config "$WORK/univ.properties" aggregate JP2012000001A \
  --mode mandate --date 2014-04-01 --reason r
contains "$WORK/err" "institution U-TOKYO is of kind university, not aggregator" "wrong kind message"
printf 'scheme.aggregator = AGG-NONE\n' > "$WORK/none.properties"
expect 65 "missing aggregator" -- C --config "$WORK/none.properties" aggregate JP2012000001A \
  --mode mandate --date 2014-04-01 --reason r
contains "$WORK/err" "'AGG-NONE' (scheme.aggregator) is not registered" "missing aggregator message"
expect 64 "bad mode" -- C aggregate JP2012000001A --mode sale --date 2014-04-01 --reason r
expect 64 "bad date" -- C aggregate JP2012000001A --mode mandate --date 2014-02-30 --reason r
unchanged "refused aggregations and consents"

# Assignment of a sole-owned patent: no consent needed; latest evaluation shown.
expect 0 "assign sole-owned" -- C aggregate "JP 2012-000001" --mode assignment --date 2014-04-01 \
  --reason "core battery patent"
contains "$WORK/out" "aggregated JP2012000001A: assignment to AGG-JST on 2014-04-01" "aggregate output"
contains "$WORK/out" "owner of record from 2014-04-01: AGG-JST 1" "owner of record"
contains "$WORK/out" "beneficiaries: U-KYOTO 1" "beneficiaries"
contains "$WORK/out" "latest evaluation: 2014-03-01 approve by Suzuki Kenji" "latest evaluation shown"
expect 0 "patent owners unchanged" -- C patent show JP2012000001A
contains "$WORK/out" "owner: U-KYOTO 1" "originating owner stays on record"
contains "$WORK/out" "aggregated: assignment to AGG-JST on 2014-04-01" "patent show names the aggregation"
expect 0 "patent show json" -- C patent show JP2012000001A --format json
contains "$WORK/out" '"mode": "assignment"' "patent show json carries the aggregation"
BEFORE=$(snapshot)
expect 65 "aggregated twice" -- C aggregate JP2012000001A --mode mandate --date 2015-01-01 --reason again
contains "$WORK/err" "JP2012000001A is already aggregated: assignment to AGG-JST on 2014-04-01" "twice message"
unchanged "refused second aggregation"

# Co-owned assignment once every co-owner consented; the repeat is a no-op.
expect 0 "consent U-TOKYO" -- C consent add JP2012000002A --institution U-TOKYO --scope assignment --date 2014-03-10
contains "$WORK/out" "consent recorded: U-TOKYO consents to assignment of JP2012000002A on 2014-03-10" "consent output"
expect 65 "still one missing" -- C aggregate JP2012000002A --mode assignment --date 2014-04-01 --reason core
contains "$WORK/err" "from: C-0001" "the remaining co-owner named"
lacks "$WORK/err" "U-TOKYO" "the consenting co-owner not named"
BEFORE=$(snapshot)
expect 0 "same consent again" -- C consent add JP2012000002A --institution U-TOKYO --scope assignment --date 2014-03-20
contains "$WORK/out" "already on record, nothing changed: U-TOKYO consents to assignment of JP2012000002A on 2014-03-10" "no-op says so"
unchanged "a repeated consent"
expect 0 "consent C-0001" -- C consent add JP2012000002A --institution C-0001 --scope assignment --date 2014-03-12
expect 0 "assign co-owned" -- C aggregate JP2012000002A --mode assignment --date 2014-04-01 --reason core --format json
contains "$WORK/out" '"mode": "assignment",' "aggregate json mode"
contains "$WORK/out" '"institution": "AGG-JST",' "aggregate json owner of record"
expect 0 "consent list" -- C consent list JP2012000002A --format json
contains "$WORK/out" '"institution": "C-0001",' "consent list json"
contains "$WORK/out" '"date": "2014-03-10"' "consent list keeps the first date"

# Mandate: ownership unchanged, beneficiaries are the owners.
expect 0 "mandate co-owned" -- C aggregate JP2012000003A --mode mandate --date 2014-05-01 --reason managed
contains "$WORK/out" "owner of record from 2014-05-01: U-TOKYO 1/2, U-KYOTO 1/2" "mandate keeps the owners"
contains "$WORK/out" "beneficiaries: U-TOKYO 1/2, U-KYOTO 1/2" "mandate beneficiaries"

# Show and list.
expect 0 "show before the assignment" -- C aggregation show JP2012000002A --at 2014-03-31
contains "$WORK/out" "owner of record on 2014-03-31: U-TOKYO 2/3, C-0001 1/3" "owner of record before"
expect 0 "show json" -- C aggregation show "JP 2012-000002" --at 2014-04-01 --format json
tr -d ' \n' < "$WORK/out" > "$WORK/flat"
contains "$WORK/flat" '"owner_of_record":[{"institution":"AGG-JST","share":"1"}]' "show owner of record"
contains "$WORK/flat" '"beneficiaries":[{"institution":"U-TOKYO","share":"2/3"},{"institution":"C-0001","share":"1/3"}]' "show beneficiaries"
contains "$WORK/flat" '"aggregation":{"aggregator":"AGG-JST","mode":"assignment","date":"2014-04-01","reason":"core"}' "show aggregation"
contains "$WORK/flat" '"latest_evaluation":null' "no evaluation"
expect 0 "list" -- C aggregation list
contains "$WORK/out" "JP2012000001A  U-KYOTO 1" "list table row"
expect 0 "list csv by institution" -- C aggregation list --institution U-KYOTO --format csv
contains "$WORK/out" "application,originating,mode,date,evaluation,evaluated,reason" "csv header"
contains "$WORK/out" "JP2012000001A,U-KYOTO 1,assignment,2014-04-01,approve,2014-03-01,core battery patent" "csv row"
contains "$WORK/out" "JP2012000003A," "U-KYOTO's mandate listed"
lacks "$WORK/out" "JP2012000002A" "other institutions' patents not listed"
expect 0 "list json by mode" -- C aggregation list --mode mandate --format json
contains "$WORK/out" '"application": "JP2012000003A",' "mandate listed"
lacks "$WORK/out" "JP2012000001A" "assignments not listed"
expect 65 "list unknown institution" -- C aggregation list --institution U-NOWHERE
contains "$WORK/err" "unknown institution code 'U-NOWHERE'" "list refusal"

# The change history.
expect 0 "history" -- C history --entity-type patent --key "特願2012-000001" --format json
contains "$WORK/out" '"action": "aggregate",' "aggregate recorded"
contains "$WORK/out" '"action": "evaluate",' "evaluate recorded"
contains "$WORK/out" '"actor": "tester",' "actor recorded"
contains "$WORK/out" '"entity_key": "JP2012000001A",' "key is the canonical number"
expect 0 "history table" -- C history --limit 5
contains "$WORK/out" "consent.add" "history table lists consents"
# 8 scheme changes, and the 3 patents' registrations.
test "$(C history --format csv --limit 1000 | grep -c ",patent,")" = 11 && ok || bad "history: 11 changes expected"
test "$(C history --format csv --limit 1000 | grep -c ",patent.add,")" = 3 && ok || bad "history: 3 registrations expected"
expect 64 "history negative limit" -- C history --limit -1

finish
