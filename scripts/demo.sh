#!/usr/bin/env bash
# Sets up, creates an SQLite database at var/chizai.db (the default path),
# loads a generated national demo portfolio, and prints what it did.
#   scripts/demo.sh              2,000 patents
#   DEMO_PATENTS=20000 scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

CHIZAI="$PWD/build/src/cli/chizai"
N="${DEMO_PATENTS:-2000}"
DB="var/chizai.db"
DATA="var/demo"
export CHIZAI_DB="sqlite3://$DB"

mkdir -p var
rm -f "$DB" "$DB-wal" "$DB-shm"
echo
echo "== 1. Generating a demo portfolio ($N patent applications) in $DATA/"
"$CHIZAI" demo-data --out "$DATA" --patents "$N" --seed 2014
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
echo "== 8. The aggregation scheme: evaluations, consents, aggregations, packages,"
echo "      ten Super Highway projects with contracts and expenditures, staff, consortia"
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
echo "== 13. Programme report, FY2025 (April 2025 - March 2026)"
"$CHIZAI" programme report --fiscal-year 2025
echo
echo "Done. Database: $PWD/$DB   Demo files: $PWD/$DATA/"
echo "Try: CHIZAI_DB=sqlite3://$DB $CHIZAI patent list --format json --limit 3"
