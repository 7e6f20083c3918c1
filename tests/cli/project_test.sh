#!/usr/bin/env bash
# End-to-end checks of the Super Highway commands (project, contract,
# expense, staff, programme report) on one backend.
#   project_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" project
# The programme report reads the rule book (its fees): the source tree's.
DOCKET_CONFIG="$WORK/docket.properties"
echo "docket.rules_dir = $(cd "$(dirname "$0")/../.." && pwd)/config/docketing" > "$DOCKET_CONFIG"
# What a refusal must leave unchanged: every table this slice writes.
snapshot() {
  SQL "SELECT COUNT(*) FROM change_log" > "$WORK/snap"
  for t in project project_basic_patent contract expenditure project_staff; do
    SQL "SELECT * FROM $t ORDER BY 1" >> "$WORK/snap"
  done
  cat "$WORK/snap"
}

expect 0 "migrate" -- C db migrate

cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"AGG-JST","kind":"aggregator","name_en":"Japan Science and Technology Agency","country":"JP"}
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","country":"JP"}
{"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","country":"JP"}
{"code":"C-0001","kind":"company","name_en":"Sakura Denki K.K.","country":"JP"}
JSONL
cat > "$WORK/patents.jsonl" <<'JSONL'
{"application_number":"JP2020000001A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Electrode","owners":[{"institution":"U-TOKYO","share":"1"}],"inventors":[{"name":"Yamada Taro","institution":"U-TOKYO"}]}
{"application_number":"JP2020000002A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Separator","owners":[{"institution":"U-KYOTO","share":"1/2"},{"institution":"C-0001","share":"1/2"}],"inventors":[{"name":"Suzuki Hanako","institution":"U-KYOTO"}]}
{"application_number":"JP2020000003A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Catalyst","owners":[{"institution":"U-KYOTO","share":"1"}],"inventors":[{"name":"Suzuki Hanako","institution":"U-KYOTO"}]}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
expect 0 "patent import" -- C patent import "$WORK/patents.jsonl"
SQL "INSERT INTO package (code, name_en, status, created_on) VALUES ('PKG-A', 'Electrodes', 'marketed', '2026-04-01')" >/dev/null
SQL "INSERT INTO package_member (package_id, patent_id, role, weight, added_on)
     SELECT k.id, t.id, 'core', 1, '2026-04-01' FROM package k, patent t
     WHERE k.code = 'PKG-A' AND t.application_number IN ('JP2020000001A', 'JP2020000002A')" >/dev/null
SQL "INSERT INTO aggregation (patent_id, aggregator_id, mode, aggregated_on, reason)
     SELECT t.id, i.id, 'mandate', '2026-05-01', 'core of PKG-A' FROM patent t, institution i
     WHERE t.application_number = 'JP2020000001A' AND i.code = 'AGG-JST'" >/dev/null

# Projects: created with the default budget; refusals name what is wrong.
expect 0 "project create" -- C project create --code SH-01 --package PKG-A \
  --basic-patents "JP 2020-000001,特願2020-000002" --from 2026-04-01 --to 2028-03-31
contains "$WORK/out" "budget 18,000,000 JPY" "default budget"
contains "$WORK/out" "basic patents JP2020000001A, JP2020000002A" "canonical basic patents"
refused "budget over the cap" "budget 18,000,001 JPY is over the cap of 18,000,000 JPY" -- \
  C project create --code SH-02 --package PKG-A --basic-patents JP2020000001A --budget 18000001 \
  --from 2026-04-01 --to 2027-03-31
refused "unknown package" "unknown package 'PKG-Z'" -- \
  C project create --code SH-02 --package PKG-Z --basic-patents JP2020000001A --from 2026-04-01 --to 2027-03-31
refused "unknown patent" "unknown patent 'JP2099999999A'" -- \
  C project create --code SH-02 --package PKG-A --basic-patents JP2099999999A --from 2026-04-01 --to 2027-03-31
refused "patent not in package" "basic patent JP2020000003A is not a current member of package PKG-A" -- \
  C project create --code SH-02 --package PKG-A --basic-patents JP2020000003A --from 2026-04-01 --to 2027-03-31
refused "duplicate code" "project SH-01 already exists" -- \
  C project create --code SH-01 --package PKG-A --basic-patents JP2020000001A --from 2026-04-01 --to 2027-03-31
refused "backward period" "end 2026-03-31 is before start 2026-04-01" -- \
  C project create --code SH-02 --package PKG-A --basic-patents JP2020000001A --from 2026-04-01 --to 2026-03-31
expect 64 "bad date flag" -- C project create --code SH-02 --package PKG-A --basic-patents JP2020000001A \
  --from 2026-02-30 --to 2027-03-31
contains "$WORK/err" "--from: must be a date YYYY-MM-DD, not '2026-02-30'" "bad date named"
# The cap on the number of projects comes from the configuration.
printf 'superhighway.max_projects = 2\n' > "$WORK/two.properties"
expect 0 "second project" -- C --config "$WORK/two.properties" project create --code SH-02 \
  --package PKG-A --basic-patents JP2020000002A --budget 5,000,000 --from 2026-04-01 --to 2027-03-31
refused "third project over the cap" "the programme already has 2 project(s) and its cap is 2" -- \
  C --config "$WORK/two.properties" project create --code SH-03 --package PKG-A \
  --basic-patents JP2020000001A --budget 1000000 --from 2026-04-01 --to 2027-03-31

# Contracts: with an inventor's institution, within the budget.
expect 0 "contract add" -- C contract add --project SH-01 --institution U-TOKYO --amount 12000000 \
  --from 2026-04-01 --to 2027-03-31 --deliverable "Prototype cell" --recoverable
C1=$(cat "$WORK/out")
[[ "$C1" =~ ^[0-9]+$ ]] && ok || bad "contract add prints the id, got '$C1'"
refused "contract over budget" \
  "would take project SH-01's commitments over its budget: budget 18,000,000 JPY, committed 12,000,000 JPY, remaining 6,000,000 JPY" -- \
  C contract add --project SH-01 --institution U-KYOTO --amount 6000001 --from 2026-04-01 \
  --to 2027-03-31 --deliverable "Test report"
refused "contractor not an inventor's institution" "commissioned research goes to U-KYOTO, U-TOKYO" -- \
  C contract add --project SH-01 --institution C-0001 --amount 1000000 --from 2026-04-01 \
  --to 2027-03-31 --deliverable "Test report"
refused "contract outside the project" "is not within project SH-01's period" -- \
  C contract add --project SH-01 --institution U-KYOTO --amount 1000000 --from 2026-04-01 \
  --to 2028-04-01 --deliverable "Test report"
expect 0 "contract at the budget exactly" -- C contract add --project SH-01 --institution U-KYOTO \
  --amount 6000000 --from 2026-06-01 --to 2027-03-31 --deliverable "Test report"
C2=$(cat "$WORK/out")

# Expenditures: within the contract.
expect 0 "expense add" -- C expense add --contract "$C1" --amount 2,000,000 --date 2026-05-10 --note "cells"
E1=$(cat "$WORK/out")
[[ "$E1" =~ ^[0-9]+$ ]] && ok || bad "expense add prints the id, got '$E1'"
expect 0 "expense on plain contract, flagged recoverable" -- C expense add --contract "$C2" \
  --amount 500000 --date 2026-07-01 --recoverable
expect 0 "expense on plain contract" -- C expense add --contract "$C2" --amount 250000 --date 2027-03-31
refused "expense outside contract" "is outside contract $C2's period 2026-06-01 .. 2027-03-31" -- \
  C expense add --contract "$C2" --amount 1 --date 2027-04-01
refused "expense over contract" "amount 6,000,000 JPY, spent 750,000 JPY, left 5,250,000 JPY" -- \
  C expense add --contract "$C2" --amount 5250001 --date 2026-08-01
refused "unknown contract" "no contract with id 99999" -- \
  C expense add --contract 99999 --amount 1 --date 2026-08-01

# Contract status: spent contracts cannot be cancelled; cancelling frees the budget.
refused "cancel with expenditures" "has expenditures (2,000,000 JPY spent) and cannot be cancelled" -- \
  C contract status "$C1" --status cancelled
refused "unknown status" "unknown contract status 'paused'" -- C contract status "$C1" --status paused
expect 0 "contract for SH-02" -- C contract add --project SH-02 --institution U-KYOTO --amount 5000000 \
  --from 2026-04-01 --to 2027-03-31 --deliverable "Catalyst samples"
C3=$(cat "$WORK/out")
expect 0 "cancel" -- C contract status "$C3" --status cancelled
contains "$WORK/out" "contract $C3 of project SH-02: cancelled" "cancel output"
expect 0 "budget freed" -- C contract add --project SH-02 --institution U-KYOTO --amount 5000000 \
  --from 2026-04-01 --to 2027-03-31 --deliverable "Catalyst samples, again"
refused "reopen cancelled" "cannot be reopened" -- C contract status "$C3" --status active

# Staff.
expect 0 "staff assign" -- C staff assign --project SH-01 --name "Anna Berg" --region europe --from 2026-04-01
expect 0 "staff assign with end" -- C staff assign --project SH-01 --name "Bob Lee" --region north_america \
  --from 2026-06-01 --to 2027-03-31
refused "bad region" "unknown region 'mars': use japan, north_america" -- \
  C staff assign --project SH-01 --name "Cy" --region mars --from 2026-04-01
refused "overlapping staff" "Anna Berg is already assigned to project SH-01 for europe" -- \
  C staff assign --project SH-01 --name "Anna Berg" --region europe --from 2026-10-01
expect 0 "staff list json" -- C staff list --project SH-01 --format json
contains "$WORK/out" '"region": "north_america"' "staff region json"
contains "$WORK/out" '"to": null' "open-ended staff"
expect 0 "staff list csv" -- C staff list --format csv
contains "$WORK/out" "id,project,name,region,from,to" "staff csv header"

# Show and list.
expect 0 "project show json" -- C project show SH-01 --format json
contains "$WORK/out" '"budget_minor": 18000000' "show budget"
contains "$WORK/out" '"committed_minor": 18000000' "show committed"
contains "$WORK/out" '"spent_minor": 2750000' "show spent"
contains "$WORK/out" '"remaining_minor": 0' "show remaining"
contains "$WORK/out" '"recoverable_spent_minor": 2500000' "show recoverable (contract + flag)"
contains "$WORK/out" '"left_minor": 10000000' "contract left"
contains "$WORK/out" '"name": "Anna Berg"' "show staff"
expect 0 "project show table" -- C project show SH-01
contains "$WORK/out" "recoverable spent: 2500000" "show table"
refused "unknown project" "unknown project 'SH-99'" -- C project show SH-99
expect 0 "project list csv" -- C project list --format csv
contains "$WORK/out" "code,package,from,to,budget,committed,spent,remaining,recoverable_spent" "list csv header"
contains "$WORK/out" "SH-02,PKG-A,2026-04-01,2027-03-31,5000000,5000000,0,0,0" "list csv row"
expect 0 "project list json" -- C project list --format json
contains "$WORK/out" '"code": "SH-02"' "list json"

# Programme report.
expect 0 "programme report json" -- C --config "$DOCKET_CONFIG" programme report --fiscal-year 2026 --format json
contains "$WORK/out" '"fiscal_year": 2026' "report year"
contains "$WORK/out" '"total": 1' "aggregated total"
contains "$WORK/out" '"institution": "U-TOKYO"' "aggregated by institution"
contains "$WORK/out" '"marketed": 1' "packages by status"
contains "$WORK/out" '"spent_in_fy_minor": 2750000' "SH-01 spent in FY2026"
contains "$WORK/out" '"spent_to_date_minor": 2750000' "SH-01 spent to date"
contains "$WORK/out" '"recoverable_outstanding_minor": 2500000' "recoverable outstanding"
contains "$WORK/out" '"baseline_bps": 3030' "baseline"
contains "$WORK/out" '"note": "aggregated patents covered by a licence in force on' "utilisation note"
expect 0 "programme report table" -- C --config "$DOCKET_CONFIG" programme report --fiscal-year 2027
contains "$WORK/out" "Programme report FY2027" "table title"
contains "$WORK/out" "= 0.00% (baseline 30.30% for university patents)" "table utilisation"
expect 0 "programme report default year" -- C --config "$DOCKET_CONFIG" programme report --format json
contains "$WORK/out" '"fiscal_year":' "default fiscal year"

# Every change is in the history, by the acting user.
[ "$(SQL "SELECT COUNT(*) FROM change_log WHERE actor = 'tester' AND action = 'contract.add'")" = 4 ] \
  && ok || bad "four contract.add records"
[ "$(SQL "SELECT COUNT(*) FROM change_log WHERE action = 'expense.add'")" = 3 ] \
  && ok || bad "three expense.add records"

finish
