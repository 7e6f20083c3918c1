#!/usr/bin/env bash
# End-to-end checks of issue 21 findings 2 and 8 through the commands: a
# credit note netted against an open invoice, a correction after payment
# owed to the licensee and taken back from the institutions, a refund of
# licensee credit, invoice show, the receivables view, and the hledger
# export of that ledger checked by `hledger check -s`, on one backend.
#   receivables_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" receivables
mkdir -p "$WORK/policies"
printf 'scheme.aggregator = AGG-JST\n' > "$WORK/chizai.properties"
printf 'cost_recovery_max_bps = 10000\naggregator_share = 1/3\ncompany_owners = include\n' \
  > "$WORK/policies/default.properties"
# What a refusal must leave unchanged.
snapshot() {
  for t in journal_entry posting invoice credit_refund credit_note_application credit_application; do
    SQL "SELECT * FROM $t ORDER BY 1" >> "$WORK/snap.$$"
  done
  cat "$WORK/snap.$$"; rm -f "$WORK/snap.$$"
}
L() { C --config "$WORK/chizai.properties" "$@"; }
write() { printf '%s\n' "$2" > "$WORK/$1"; }

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"AGG-JST","kind":"aggregator","name_en":"Japan Science and Technology Agency","country":"JP"}
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","country":"JP"}
{"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","country":"JP"}
{"code":"C-0001","kind":"company","name_en":"Sakura Denki K.K.","country":"JP"}
JSONL
cat > "$WORK/patents.jsonl" <<'JSONL'
{"application_number":"JP2020000001A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Electrode","owners":[{"institution":"U-TOKYO","share":"1"}]}
{"application_number":"JP2020000002A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Separator","owners":[{"institution":"U-KYOTO","share":"1"}]}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
expect 0 "patent import" -- C patent import "$WORK/patents.jsonl"
# 10% flat, 30-day terms, quarterly reports due 45 days after each quarter.
write lic.json '{"id":"LIC-R","licensee":"C-0001","patents":["JP2020000001A","JP2020000002A"],"exclusive":false,
 "field":"all fields","territory":["JP"],"start":"2026-04-01","end":"2030-03-31","currency":"JPY",
 "royalty_tiers":[{"rate_bps":1000}],"payment_terms_days":30,"reporting_period":"quarterly","reporting_days":45}'
expect 0 "agreement add" -- L agreement add "$WORK/lic.json"
expect 0 "agreement show json" -- L agreement show LIC-R --format json
contains "$WORK/out" '"reporting_period": "quarterly"' "reporting period kept"
contains "$WORK/out" '"payment_terms_days": 30' "terms kept"
report() { # FILE FROM TO SALES [EXTRA]
  write "$1" "{\"agreement\":\"LIC-R\",\"period_start\":\"$2\",\"period_end\":\"$3\",\"lines\":[{\"territory\":\"JP\",\"product\":\"A\",\"net_sales\":\"$4\"}]${5:-}}"
}
# Q1: 1,000,000 at 10% = 100,000 (invoice 1, dated 06-30, due 07-30), paid
# on 07-10: aggregator 33,334, U-TOKYO and U-KYOTO 33,333 each.
report q1.json 2026-04-01 2026-06-30 1000000
expect 0 "report q1" -- L report add "$WORK/q1.json"
Q1=$(SQL "SELECT MAX(id) FROM royalty_report")
expect 0 "payment" -- L payment record --agreement LIC-R --received-on 2026-07-10 --amount 100,000 --currency JPY \
  --reference BANK-1
# The correction to 900,000 after payment: a credit note of −10,000 (dated
# 06-30) owed to the licensee; at June's close it is taken back, dated 07-10
# (the payment's day, the latest money it takes back), 1/10 of each line: 3,333.4 / 3,333.3 / 3,333.3 → 3,334 / 3,333 / 3,333.
report fix1.json 2026-04-01 2026-06-30 900000 ",\"corrects\":$Q1"
expect 0 "correction after payment" -- L report add "$WORK/fix1.json"
# Until June closes the credit note is open: the licensee is owed 10,000.
expect 0 "receivables before the close" -- L receivables --as-of 2026-07-15 --format json
equals "open credit note" "$(json "$WORK/out" '[(i["invoice"], i["open_minor"], i["bucket"]) for i in d["invoices"]]')" \
  "[(2, -10000, 'current')]"
expect 0 "close June" -- L close --month 2026-06
expect 0 "payables" -- L payable list --format csv
contains "$WORK/out" "U-KYOTO,Kyoto University,30000" "U-KYOTO 33,333 - 3,333"
contains "$WORK/out" "U-TOKYO,The University of Tokyo,30000" "U-TOKYO 33,333 - 3,333"
expect 0 "credit list" -- L credit list --format csv
contains "$WORK/out" "LIC-R,C-0001,JPY,10000,0" "the licensee holds 10,000"
expect 0 "invoice show credit note" -- L invoice show 2 --format json
equals "credit note open" "$(json "$WORK/out" 'd["open_minor"]')" 0
equals "credited" "$(json "$WORK/out" '[(s["kind"], s["on"], s["amount_minor"]) for s in d["settlements"]]')" \
  "[('credited', '2026-07-10', 10000)]"
# A refund of 4,000: 6,000 of credit left; more than that is refused.
expect 0 "credit refund" -- L credit refund LIC-R --amount 4,000 --date 2026-07-20 --reference REFUND-1
contains "$WORK/out" "credit left 6,000 JPY" "credit left"
refused "refund above the credit" "holds 6,000 JPY of credit on LIC-R: cannot refund 7,000 JPY" -- \
  L credit refund LIC-R --amount 7,000 --date 2026-07-21 --reference REFUND-2
# Q2: 500,000 → 50,000 (invoice 3, 09-30, due 10-30); the 6,000 credit is
# applied at once (44,000 open); the correction to 400,000 (−10,000) is
# netted against it: 34,000 open, the credit note 0.
report q2.json 2026-07-01 2026-09-30 500000
expect 0 "report q2" -- L report add "$WORK/q2.json"
Q2=$(SQL "SELECT MAX(id) FROM royalty_report")
report fix2.json 2026-07-01 2026-09-30 400000 ",\"corrects\":$Q2"
expect 0 "correction netted" -- L report add "$WORK/fix2.json"
expect 0 "invoice show" -- L invoice show 3 --format json
equals "invoice 3 open" "$(json "$WORK/out" 'd["open_minor"]')" 34000
equals "invoice 3 due" "$(json "$WORK/out" 'd["due_on"]')" 2026-10-30
equals "invoice 3 settlements" "$(json "$WORK/out" '[(s["kind"], s["amount_minor"]) for s in d["settlements"]]')" \
  "[('credit', 6000), ('credit_note', 10000)]"
expect 0 "invoice list" -- L invoice list --format json
equals "no negative open" "$(json "$WORK/out" 'min(i["open_minor"] for i in d)')" 0
# Receivables on 2026-12-01: 34,000 due 10-30 is 32 days past due (31-60);
# Q3 (10-01..12-31) has not ended, Q1 and Q2 are on record: none late.
expect 0 "receivables" -- L receivables --as-of 2026-12-01 --format json
equals "open items" "$(json "$WORK/out" '[(i["invoice"], i["open_minor"], i["days_past_due"], i["bucket"]) for i in d["invoices"]]')" \
  "[(3, 34000, 32, '31-60')]"
equals "totals" "$(json "$WORK/out" '[(t["currency"], t["days_31_60_minor"], t["total_minor"]) for t in d["totals"]]')" \
  "[('JPY', 34000, 34000)]"
equals "late reports" "$(json "$WORK/out" 'd["late_reports"]')" "[]"
# On 2027-03-01 the Q3 report (due 2027-02-14) is 15 days late.
expect 0 "receivables later" -- L receivables --as-of 2027-03-01 --format json
equals "late Q3" "$(json "$WORK/out" '[(r["period_first"], r["due_on"], r["days_late"]) for r in d["late_reports"]]')" \
  "[('2026-10-01', '2027-02-14', 15)]"
expect 0 "receivables csv" -- L receivables --as-of 2026-12-01 --format csv
contains "$WORK/out" "C-0001,LIC-R,3,running_royalty,2026-09-30,2026-10-30,JPY,50000,34000,32,31-60" "csv row"
expect 0 "ledger check" -- L ledger check
expect 0 "ledger export" -- L ledger export --format hledger --output "$WORK/chizai.journal"
if command -v hledger >/dev/null; then
  expect 0 "hledger check -s" -- hledger -f "$WORK/chizai.journal" check -s
fi
finish
