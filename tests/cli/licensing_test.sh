#!/usr/bin/env bash
# End-to-end checks of licence agreements, licensee reports and milestones
# (agreement add/show/list, report add, milestone reach) on one backend.
#   licensing_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" licensing
EXAMPLE="$(cd "$(dirname "$0")/../.." && pwd)/config/agreement-example.json"
# What a refusal must leave unchanged: every table this slice writes.
snapshot() {
  SQL "SELECT COUNT(*) FROM change_log" > "$WORK/snap"
  for t in agreement agreement_territory agreement_patent royalty_tier milestone milestone_reached \
           royalty_report report_line invoice journal_entry posting; do
    SQL "SELECT * FROM $t ORDER BY 1, 2" >> "$WORK/snap"
  done
  cat "$WORK/snap"
}
# The distribution policies live in policies/ beside the configuration file.
mkdir -p "$WORK/policies"
printf 'scheme.aggregator = AGG-JST\n' > "$WORK/chizai.properties"
printf 'cost_recovery_max_bps = 10000\naggregator_share = 1/3\ncompany_owners = include\n' \
  > "$WORK/policies/default.properties"
L() { C --config "$WORK/chizai.properties" "$@"; }
# agreement FILE JSON: writes an agreement file.
write() { printf '%s\n' "$2" > "$WORK/$1"; }

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"AGG-JST","kind":"aggregator","name_en":"Japan Science and Technology Agency","country":"JP"}
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","country":"JP"}
{"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","country":"JP"}
{"code":"C-0001","kind":"company","name_en":"Sakura Denki K.K.","country":"JP"}
{"code":"C-0003","kind":"company","name_en":"Kaede Chemical K.K.","country":"JP"}
JSONL
cat > "$WORK/patents.jsonl" <<'JSONL'
{"application_number":"JP2020000001A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Electrode","owners":[{"institution":"U-TOKYO","share":"1"}]}
{"application_number":"JP2020000002A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Separator","owners":[{"institution":"U-KYOTO","share":"1/2"},{"institution":"C-0003","share":"1/2"}]}
{"application_number":"JP2020000003A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Catalyst","owners":[{"institution":"U-KYOTO","share":"1"}]}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
expect 0 "patent import" -- C patent import "$WORK/patents.jsonl"
expect 0 "package create" -- C package create --code PKG-BATT --name-en "Solid-state battery" \
  --name-ja "全固体電池" --core JP2020000001A --peripheral JP2020000003A --date 2026-01-01
expect 0 "package weight" -- C package weight PKG-BATT JP2020000003A 2 --date 2026-02-01

# The README's example agreement: the package's members on the start date
# with their weights, and the upfront fee invoiced on the start date.
expect 0 "agreement add (example)" -- L agreement add "$EXAMPLE"
contains "$WORK/out" "agreement LIC-2026-001 added: licensee C-0001, exclusive, 2026-04-01 .. 2031-03-31, JPY" "add summary"
contains "$WORK/out" "licensed patents: JP2020000001A (weight 1), JP2020000003A (weight 2)" "weights at start"
contains "$WORK/out" "upfront 5,000,000 JPY issued 2026-04-01" "upfront invoice"
expect 0 "agreement show json" -- L agreement show LIC-2026-001 --format json
contains "$WORK/out" '"upfront_fee_minor": 5000000' "terms in minor units"
contains "$WORK/out" '"up_to_minor": null' "open last tier"
contains "$WORK/out" '"income_type": "upfront"' "invoice listed"
contains "$WORK/out" '"open_minor": 5000000' "open amount"
expect 0 "agreement show table" -- L agreement show LIC-2026-001
contains "$WORK/out" "invoiced 5,000,000 JPY, paid 0 JPY, open 5,000,000 JPY" "totals"
contains "$WORK/out" "300 bps up to 10,000,000 JPY; 200 bps above" "tiers"
expect 0 "agreement list csv" -- L agreement list --format csv
contains "$WORK/out" "LIC-2026-001,C-0001,PKG-BATT,2,yes,automotive traction batteries,DE JP US,2026-04-01,2031-03-31,JPY,5000000,0,5000000" "list row"
expect 0 "agreement list by licensee" -- L agreement list --licensee C-0003 --format json
contains "$WORK/out" "[]" "no agreements of C-0003"
refused "list unknown licensee" "unknown institution code 'C-9999'" -- L agreement list --licensee C-9999
refused "show unknown agreement" "unknown agreement 'LIC-404'" -- L agreement show LIC-404

# Refused agreements: a clear message, exit 65, nothing written.
refused "duplicate id" "agreement LIC-2026-001 already exists" -- L agreement add "$EXAMPLE"
sed 's/LIC-2026-001/LIC-2/' "$EXAMPLE" > "$WORK/overlap.json"
refused "exclusive overlap" "exclusive licence LIC-2 would overlap exclusive licence LIC-2026-001 on patent JP2020000001A, field 'automotive traction batteries', territory DE, JP, US, 2026-04-01 .. 2031-03-31" -- \
  L agreement add "$WORK/overlap.json"
# Issue 18: "all fields" contains the example's field: the same overlap.
sed -e 's/LIC-2026-001/LIC-ALL/' -e 's/"automotive traction batteries"/"all fields"/' "$EXAMPLE" > "$WORK/all.json"
refused "all fields overlaps" "exclusive licence LIC-ALL would overlap exclusive licence LIC-2026-001 on patent JP2020000001A, field 'all fields' (LIC-2026-001: 'automotive traction batteries')" -- \
  L agreement add "$WORK/all.json"
sed -e 's/LIC-2026-001/LIC-SOLAR/' -e 's/"automotive traction batteries"/"solar things"/' "$EXAMPLE" > "$WORK/unknown-field.json"
refused "unknown field of use" "unknown field of use 'solar things'; the fields of use are: all fields; energy;" -- \
  L agreement add "$WORK/unknown-field.json"
BASE='"licensee":"C-0001","exclusive":false,"field":"medical","territory":["JP"],"currency":"JPY","royalty_tiers":[{"rate_bps":300}]'
write consent.json "{\"id\":\"LIC-3\",\"patents\":[\"JP 2020-000002\"],\"start\":\"2026-04-01\",\"end\":\"2027-03-31\",$BASE}"
refused "missing licensing consent" "patent JP2020000002A: no consent from U-KYOTO, C-0003" -- L agreement add "$WORK/consent.json"
expect 0 "consent U-KYOTO" -- C consent add JP2020000002A --institution U-KYOTO --scope licensing --date 2026-03-01
refused "one consent missing" "patent JP2020000002A: no consent from C-0003" -- L agreement add "$WORK/consent.json"
write backward.json "{\"id\":\"LIC-3\",\"patents\":[\"JP2020000001A\"],\"start\":\"2026-04-01\",\"end\":\"2026-03-31\",$BASE}"
refused "end before start" "end 2026-03-31 is before start 2026-04-01" -- L agreement add "$WORK/backward.json"
sed 's/"licensee":"C-0001"/"licensee":"U-TOKYO"/' "$WORK/backward.json" | sed 's/"2026-03-31"/"2027-03-31"/' > "$WORK/notcompany.json"
refused "licensee not a company" "licensee U-TOKYO is a university, not a company" -- L agreement add "$WORK/notcompany.json"
sed 's/"rate_bps":300}/"up_to":"1000","rate_bps":300}/' "$WORK/backward.json" | sed 's/"2026-03-31"/"2027-03-31"/' > "$WORK/tiers.json"
refused "malformed tiers" "the last tier must have no up_to" -- L agreement add "$WORK/tiers.json"
sed 's/"currency":"JPY"/"currency":"ABC"/' "$WORK/tiers.json" > "$WORK/currency.json"
refused "unknown currency" "unknown currency 'ABC'" -- L agreement add "$WORK/currency.json"
sed 's/"field":"medical"/"field":"medical","policy":"generous"/' "$WORK/backward.json" | sed 's/"2026-03-31"/"2027-03-31"/' > "$WORK/policy.json"
refused "unknown policy" "unknown distribution policy 'generous'" -- L agreement add "$WORK/policy.json"
sed 's/"field":"medical"/"field":"medical","royalty":"3%"/' "$WORK/policy.json" > "$WORK/key.json"
refused "unknown key" "'royalty' is not a known key" -- L agreement add "$WORK/key.json"
expect 66 "missing file" -- L agreement add "$WORK/nowhere.json"
expect 0 "consent C-0003" -- C consent add JP2020000002A --institution C-0003 --scope licensing --date 2026-04-01
expect 0 "agreement with both consents" -- L agreement add "$WORK/consent.json"
contains "$WORK/out" "licensed patents: JP2020000002A (weight 1)" "listed patent, weight 1"
lacks "$WORK/out" "invoice" "no upfront fee, no invoice"

# Reports: 3% up to 10,000,000 a contract year, 2% above.
report() { # FILE FROM TO SALES [EXTRA]
  write "$1" "{\"agreement\":\"LIC-2026-001\",\"period_start\":\"$2\",\"period_end\":\"$3\",\"lines\":[{\"territory\":\"JP\",\"product\":\"Cell A\",\"net_sales\":\"$4\"}]${5:-}}"
}
report q1.json 2026-04-01 2026-06-30 8,000,000
expect 0 "report q1" -- L report add "$WORK/q1.json"
Q1=$(SQL "SELECT MAX(id) FROM royalty_report")
contains "$WORK/out" "report $Q1 for LIC-2026-001, 2026-04-01 .. 2026-06-30 (contract year 2026-04-01 .. 2027-03-31)" "report head"
contains "$WORK/out" "running_royalty 240,000 JPY issued 2026-06-30" "8,000,000 at 3%"
report q2.json 2026-07-01 2026-09-30 5000000
expect 0 "report q2" -- L report add "$WORK/q2.json" --format json
contains "$WORK/out" '"cumulative_after_minor": 13000000' "cumulative in json"
contains "$WORK/out" '"amount_minor": 120000' "360,000 - 240,000 across the tier boundary"
Q2=$(SQL "SELECT MAX(id) FROM royalty_report")
report fix.json 2026-07-01 2026-09-30 3000000 ",\"corrects\":$Q2"
expect 0 "correction" -- L report add "$WORK/fix.json"
contains "$WORK/out" "correcting report $Q2" "correction named"
contains "$WORK/out" "running_royalty -40,000 JPY issued 2026-09-30 (credit note)" "negative difference"
# Issue 18: the same correction again is a replay: its result, nothing written.
before=$(SQL "SELECT COUNT(*) FROM royalty_report")/$(SQL "SELECT COUNT(*) FROM invoice")
expect 0 "report replay" -- L report add "$WORK/fix.json"
contains "$WORK/err" "has the same content and was already recorded; nothing changed" "replay note"
contains "$WORK/out" "running_royalty -40,000 JPY issued 2026-09-30 (credit note)" "the first result"
if [ "$(SQL "SELECT COUNT(*) FROM royalty_report")/$(SQL "SELECT COUNT(*) FROM invoice")" = "$before" ]; then ok; else bad "a replay wrote"; fi
report fix2.json 2026-07-01 2026-09-30 3100000 ",\"corrects\":$Q2"
refused "correct a corrected report" "report $Q2 was already corrected by report" -- L report add "$WORK/fix2.json"
report overlap.json 2026-06-01 2026-08-31 1000
refused "overlapping report" "overlaps report $Q1 (2026-04-01 .. 2026-06-30) of LIC-2026-001" -- L report add "$WORK/overlap.json"
report cross.json 2027-01-01 2027-06-30 1000
refused "period across contract years" "crosses the contract-year boundary on 2027-04-01" -- L report add "$WORK/cross.json"
report outside.json 2031-01-01 2031-06-30 1000
refused "period outside the term" "is not within the agreement's term 2026-04-01 .. 2031-03-31" -- L report add "$WORK/outside.json"
report sub.json 2026-10-01 2026-12-31 0 ',"sublicense_income":"400,000"'
expect 0 "sublicence income" -- L report add "$WORK/sub.json"
contains "$WORK/out" "sublicense 100,000 JPY issued 2026-12-31" "25% of 400,000"
report nil.json 2027-01-01 2027-03-31 0
expect 0 "nil report" -- L report add "$WORK/nil.json"
contains "$WORK/out" "no invoice" "nothing owed"

# Milestones: invoiced once.
expect 0 "milestone reach" -- L milestone reach LIC-2026-001 "first commercial sale" --reached-on 2026-09-15
contains "$WORK/out" "milestone 2,000,000 JPY issued 2026-09-15" "milestone invoice"
refused "milestone twice" "milestone 'first commercial sale' of LIC-2026-001 was already reached on 2026-09-15" -- \
  L milestone reach LIC-2026-001 "first commercial sale" --reached-on 2026-10-01
refused "unknown milestone" "has no milestone 'launch' (its milestones: 'first commercial sale', 'type approval')" -- \
  L milestone reach LIC-2026-001 launch --reached-on 2026-10-01
expect 64 "milestone without date" -- L milestone reach LIC-2026-001 "type approval"
contains "$WORK/err" "--reached-on" "the missing flag named"
expect 64 "old --date flag" -- L milestone reach LIC-2026-001 "type approval" --date 2026-10-01
expect 64 "milestone bad date" -- L milestone reach LIC-2026-001 "type approval" --reached-on 2026-13-01

# Everything invoiced: 5,000,000 + 240,000 + 120,000 − 40,000 + 100,000 + 2,000,000.
expect 0 "show after" -- L agreement show LIC-2026-001 --format json
contains "$WORK/out" '"invoiced_minor": 7420000' "invoiced total"
contains "$WORK/out" '"corrected_by": ' "corrections shown"
expect 0 "invoices csv" -- L agreement show LIC-2026-001 --format csv
[ "$(grep -c '' "$WORK/out")" = 7 ] && ok || bad "6 invoices + header in csv: $(cat "$WORK/out")"

# The report and invoice lists, by id, paged with --after/--limit.
expect 0 "report list" -- L report list --agreement LIC-2026-001 --format json
[ "$(grep -c '"net_sales_minor"' "$WORK/out")" = 5 ] && ok || bad "5 reports listed: $(cat "$WORK/out")"
contains "$WORK/out" '"agreement": "LIC-2026-001"' "report item names its agreement"
contains "$WORK/out" "\"corrects\": $Q2" "the correction listed"
expect 0 "report list page" -- L report list --limit 2
[ "$(grep -c "LIC-2026-001" "$WORK/out")" = 2 ] && ok || bad "2 reports on the page: $(cat "$WORK/out")"
contains "$WORK/err" "more after this page: --after " "next page announced"
AFTER=$(sed -n 's/.*--after //p' "$WORK/err")
expect 0 "report list next page" -- L report list --after "$AFTER" --format csv
[ "$(grep -c '' "$WORK/out")" = 4 ] && ok || bad "3 reports + header after the first page: $(cat "$WORK/out")"
expect 64 "report list bad after" -- L report list --after abc
refused "report list unknown agreement" "unknown agreement 'LIC-404'" -- L report list --agreement LIC-404
expect 0 "invoice list" -- L invoice list --agreement LIC-2026-001 --format csv
[ "$(grep -c '' "$WORK/out")" = 7 ] && ok || bad "6 invoices + header: $(cat "$WORK/out")"
contains "$WORK/out" "LIC-2026-001,milestone,2026-09-15,2000000" "milestone invoice row"
expect 0 "invoice list json" -- L invoice list --limit 1 --format json
contains "$WORK/out" '"amount_minor": 5000000' "first invoice: the upfront fee"
contains "$WORK/out" '"currency": "JPY"' "currency beside the amounts"
[ "$(SQL "SELECT COUNT(*) FROM change_log WHERE action IN ('agreement.add', 'report.add', 'milestone.reach')")" = 8 ] \
  && ok || bad "change history: 2 agreements, 5 reports, 1 milestone"
finish
