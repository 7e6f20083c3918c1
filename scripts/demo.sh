#!/usr/bin/env bash
# Sets up, creates an SQLite database of its own at var/demo.db (never the
# product's default database var/chizai.db, which it does not touch),
# loads a generated national demo portfolio, and prints what it did.
#   scripts/demo.sh              2,000 patents
#   DEMO_PATENTS=20000 scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

CHIZAI="$PWD/build/src/cli/chizai"
N="${DEMO_PATENTS:-2000}"
DB="var/demo.db"   # the demo's own: recreated on every run
DATA="var/demo"
export CHIZAI_DB="sqlite3://$DB"

mkdir -p var
rm -f "$DB" "$DB-wal" "$DB-shm"
echo
echo "== 1. Generating a demo portfolio ($N patent applications) in $DATA/"
# --fees-paid-through: also the official fees paid up to today (fees_paid.jsonl,
# imported before the agenda below), a few deliberately left unpaid.
"$CHIZAI" demo-data --out "$DATA" --patents "$N" --seed 2014 --fees-paid-through "$(date +%F)"
echo
echo "== 2. Creating the database $DB"
"$CHIZAI" db migrate
echo
echo "== 3. Importing institutions and patents"
"$CHIZAI" institution import "$DATA/institutions.jsonl"
"$CHIZAI" patent import "$DATA/patents.jsonl"
echo "   (importing the same file again changes nothing:)"
"$CHIZAI" patent import "$DATA/patents.jsonl"
echo
echo "== 4. A bad file is refused whole, naming every bad row"
printf '%s\n' \
  '{"application_number":"JP 2013-999001","jurisdiction":"JP","filing_date":"2013-02-30","title":"Bad date","owners":[{"institution":"U-TOKYO","share":"1"}]}' \
  '{"application_number":"JP 2013-999002","jurisdiction":"JP","filing_date":"2013-02-01","title":"Bad shares","owners":[{"institution":"U-TOKYO","share":"1/2"},{"institution":"U-KYOTO","share":"1/3"}]}' \
  > "$DATA/bad.jsonl"
"$CHIZAI" patent import "$DATA/bad.jsonl" || echo "   (exit status $?: nothing was written)"
echo
echo "== 5. The University of Tokyo's first patents"
"$CHIZAI" patent list --institution U-TOKYO --limit 5
echo
FIRST=$("$CHIZAI" patent list --format csv | awk -F, 'NR>1 && $1 ~ /W$/ {print $1; exit}')
if [ -n "$FIRST" ]; then
  echo "== 6. A PCT application and its families"
  "$CHIZAI" patent show "$FIRST"
  "$CHIZAI" family show "$FIRST"
fi
echo
echo "== 7. Families"
"$CHIZAI" family rebuild
echo
echo "== 7b. The applications' dated events: examination requests, office actions, grants,"
echo "       national phase entries, EP validations, US entity statuses, lapses"
"$CHIZAI" --user demo patent event import "$DATA/patent_events.jsonl"
# sed quits at the first match: no pipe to close early (set -o pipefail).
EVENTFUL=$(sed -n '/"kind":"office_action"/{s/.*"number":"\([^"]*\)","kind":"office_action".*/\1/p;q}' "$DATA/patent_events.jsonl")
if [ -n "$EVENTFUL" ]; then
  "$CHIZAI" patent event list "$EVENTFUL"
fi
echo
echo "== 8. The aggregation scheme: evaluations, consents, aggregations, packages,"
echo "      ten Super Highway projects with contracts and expenditures, staff, consortia,"
echo "      and twelve months of licensing (FY2025): agreements, royalty reports, milestones,"
echo "      payments routed to the institutions, payouts, and the closes of 2025-04 .. 2026-03"
"$CHIZAI" --user demo scheme load "$DATA/scheme.jsonl"
echo
echo "== 9. Aggregated patents (first 10)"
"$CHIZAI" aggregation list | head -12
echo
echo "== 10. A package and its members (allocation shares are exact fractions)"
"$CHIZAI" package show PKG-001
echo
echo "== 11. Project SH-01"
"$CHIZAI" project show SH-01
echo
echo "== 12. Refusals change nothing: a contract over SH-01's remaining budget"
CONTRACTOR=$("$CHIZAI" project show SH-01 --format json | sed -n 's/.*"institution": "\([^"]*\)".*/\1/p' | head -n 1)
"$CHIZAI" contract add --project SH-01 --institution "$CONTRACTOR" --amount 99000000 \
  --from 2024-10-01 --to 2025-03-31 --deliverable "Too much" || echo "   (exit status $?)"
echo
echo "== 13. Programme report, FY2025 (April 2025 - March 2026; utilisation counts the licences below)"
"$CHIZAI" programme report --fiscal-year 2025
echo
echo "== 14. Licence agreements (FY2025)"
"$CHIZAI" agreement list
echo
# A payment that reached the owners' payables, in USD when one did (its FX
# rate shows); the USD payments first, then the others, by date.
PAYMENT=""
for REF in $("$CHIZAI" payment list --format csv |
             awk -F, 'NR>1 {print ($5 == "USD" ? 0 : 1), $1}' | sort -s -k1,1 | awk '{print $2}'); do
  [ -n "$PAYMENT" ] || PAYMENT="$REF"
  if "$CHIZAI" payment show "$REF" --format json | grep -c '"kind": "owner"' >/dev/null; then
    PAYMENT="$REF"
    break
  fi
done
if [ -n "$PAYMENT" ]; then
  echo "== 15. A payment and how it was routed (cost recovery, the aggregator, the owners)"
  "$CHIZAI" payment show "$PAYMENT"
  echo
fi
echo "== 16. What is owed to each institution (payables, 実施補償金)"
"$CHIZAI" payable list
echo
echo "== 17. The ledger's invariants"
"$CHIZAI" ledger check
echo
# A university paid in March 2026 (so that its statement has lines); the
# March payments, latest first.
UNIVERSITY=""
for REF in $("$CHIZAI" payment list --format csv | awk -F, 'NR>1 && $4 >= "2026-03-01" {print $1}' | sort -r); do
  UNIVERSITY=$("$CHIZAI" payment show "$REF" --format json |
    awk -F'"' '/"institution": "U-/ && !found {print $4; found = 1}')
  [ -z "$UNIVERSITY" ] || break
done
# Closing a closed month again changes nothing and lists the statements issued.
CLOSED=$("$CHIZAI" close --month 2026-03 --format json | sed -n 's/.*"institution": "\([^"]*\)".*/\1/p')
[ -n "$UNIVERSITY" ] || UNIVERSITY=$(printf '%s\n' $CLOSED | awk '/^U-/ && !found {print; found = 1}')
if [ -n "$UNIVERSITY" ]; then
  echo "== 18. $UNIVERSITY's royalty statement for 2026-03"
  "$CHIZAI" statement --institution "$UNIVERSITY" --month 2026-03
  echo
fi
echo "== 19. The HTML statements of 2026-03 and the ledger as an hledger journal"
mkdir -p "$DATA/statements"
rm -f "$DATA"/statements/*.html
COUNT=0
for CODE in $CLOSED; do
  "$CHIZAI" statement --institution "$CODE" --month 2026-03 --format html \
    --output "$DATA/statements/$CODE-2026-03.html"
  COUNT=$((COUNT + 1))
done
"$CHIZAI" ledger export --format hledger --output "$DATA/ledger.journal"
if command -v hledger >/dev/null && [ -n "$UNIVERSITY" ]; then
  echo "   hledger agrees with $UNIVERSITY's statement (a payable is a credit balance):"
  hledger -f "$DATA/ledger.journal" bal "liabilities:payable:$UNIVERSITY" -e 2026-04-01 | sed 's/^/   /'
fi
echo
echo "== 20. Companies and matching signals (fairs, briefings 新技術説明会, recorded interest)"
"$CHIZAI" company import "$DATA/companies.jsonl"
"$CHIZAI" event add "$DATA/events.jsonl" | tail -n 1
echo
# Only marketed packages are proposed (not drafts, nor packages under an
# exclusive licence in force): the first one marketed on the day.
PKG=$("$CHIZAI" package list --status marketed --at 2026-03-31 --format csv | awk -F, 'NR == 2 {print $1}')
echo "== 21. Which companies to approach with $PKG, and why (score components, codes, terms)"
"$CHIZAI" match package "$PKG" --top 5 --date 2026-03-31
echo
echo "== 22. The optimal offers: each package to one company, each company one offer"
"$CHIZAI" match assign --package-cap 1 --company-cap 1 --date 2026-03-31 | tail -n 3
echo
COMPANY=$("$CHIZAI" match package $PKG --top 1 --date 2026-03-31 --format json |
  sed -n 's/.*"company": "\([^"]*\)".*/\1/p' | head -n 1)
if [ -n "$COMPANY" ]; then
  echo "== 23. A deal with $COMPANY through the pipeline, and the pipeline report"
  "$CHIZAI" staff add --code Tanaka --name-latin "Tanaka Yui" --name-ja "田中 結衣" --region japan >/dev/null
  "$CHIZAI" deal set "$COMPANY" $PKG lead --changed-on 2026-04-02 --staff Tanaka --note "top match for $PKG"
  "$CHIZAI" deal set "$COMPANY" $PKG contacted --changed-on 2026-04-09 --staff Tanaka --note "briefing sent"
  "$CHIZAI" deal set "$COMPANY" $PKG licensed --changed-on 2026-04-20 --staff Tanaka ||
    echo "   (exit status $?: only a licence agreement makes a deal licensed)"
  "$CHIZAI" pipeline report --as-of 2026-04-30
fi
echo
echo
echo "== 23b. Fees already paid (as a former docketing system would hand them over), all or nothing"
"$CHIZAI" --user demo docket import-done "$DATA/fees_paid.jsonl"
echo "   Annual fees missed (left unpaid on purpose, or before a lapse), latest first 8 of them by due date:"
"$CHIZAI" docket list --status missed --kind annual_fee --from 2025-01-01 --limit 8
echo
MONTH_START=$(date +%Y-%m-01)
MONTH_END=$(date -d "$MONTH_START +1 month -1 day" +%Y-%m-%d)
echo "== 24. This month's agenda ($MONTH_START .. $MONTH_END): the docket, computed from the"
echo "      events by the rule book in config/docketing/ and moved to each office's working days"
"$CHIZAI" docket list --from "$MONTH_START" --to "$MONTH_END" --limit 15
echo
# Rates for the demo's forecast only (illustrative, not a published fixing).
printf '%s\n' 'date,currency,rate,source' \
  "$MONTH_START,USD,150.00,demo rate (illustrative)" \
  "$MONTH_START,EUR,160.00,demo rate (illustrative)" \
  "$MONTH_START,GBP,190.00,demo rate (illustrative)" > "$DATA/fx.csv"
echo "== 25. Fees due within 90 days, keep or let go: what keeping costs, what it has earned"
"$CHIZAI" docket review --within 90 --fx "$DATA/fx.csv" | awk 'NR <= 14'
echo
echo "== 26. Official fees forecast for five fiscal years, by office (foreign fees in JPY at $DATA/fx.csv)"
"$CHIZAI" fees forecast --years 5 --by jurisdiction --fx "$DATA/fx.csv"
echo
echo "Statements: $COUNT HTML files in $PWD/$DATA/statements/ (e.g. ${UNIVERSITY:-$CODE}-2026-03.html)"
echo "Journal:    $PWD/$DATA/ledger.journal (try: hledger -f $DATA/ledger.journal bal liabilities:payable)"
echo "Done. Database: $PWD/$DB   Demo files: $PWD/$DATA/"
echo "Try: CHIZAI_DB=sqlite3://$DB $CHIZAI patent list --format json --limit 3"
echo "API: export CHIZAI_DB=sqlite3://$DB; $CHIZAI user add me --role admin && $CHIZAI token create me && $CHIZAI serve   (see the README)"
echo "Web: export CHIZAI_DB=sqlite3://$DB; $CHIZAI user add me --role admin && $CHIZAI user passwd me && $CHIZAI serve, then open http://127.0.0.1:8080/ and sign in as me"
