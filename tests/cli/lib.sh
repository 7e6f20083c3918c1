# Shared harness of the end-to-end scripts (source it):
#   source "$(dirname "$0")/lib.sh" CHIZAI_BIN sqlite|postgresql NAME
# Sets BIN, BACKEND, WORK (a temp dir), DB (a fresh SQLite file or a fresh
# PostgreSQL schema), SQL (run one statement on that database), C (the
# binary on DB as user "tester"), and the checks ok/bad/expect/contains/
# lacks; finish prints "N passed, M failed" and sets the exit status.
# PostgreSQL needs CHIZAI_TEST_PG (scripts/test.sh sets it); without it the
# script reports itself skipped (exit 77, ctest's SKIP_RETURN_CODE).
set -uo pipefail
BIN="$1"
BACKEND="$2"
NAME="$3"
WORK=$(mktemp -d "/tmp/chizai-$NAME.XXXXXX")
SCHEMA="${NAME}_$$_$RANDOM"
PG_URI=""
cleanup() {
  rm -rf "$WORK"
  if [ -n "$PG_URI" ]; then
    psql "$PG_URI" -qc "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

if [ "$BACKEND" = sqlite ]; then
  DB="sqlite3://$WORK/$NAME.db"
  SQL() { sqlite3 -bail "$WORK/$NAME.db" "$1"; }
else
  [ -n "${CHIZAI_TEST_PG:-}" ] || { echo "SKIP: CHIZAI_TEST_PG is not set"; exit 77; }
  PG_URI="$CHIZAI_TEST_PG"
  psql "$PG_URI" -qc "CREATE SCHEMA $SCHEMA" >/dev/null
  DB="postgresql://$CHIZAI_TEST_PG options='-c search_path=$SCHEMA'"
  SQL() { psql "$PG_URI" -v ON_ERROR_STOP=1 -qAt -c "SET search_path TO $SCHEMA" -c "$1"; }
fi

failures=0
passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; failures=$((failures + 1)); }
# expect STATUS DESCRIPTION -- COMMAND…: runs it, checks the exit status.
expect() {
  local want="$1" what="$2"; shift 3
  "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; cat "$WORK/out" "$WORK/err"; fi
}
contains() { # FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $1"; cat "$1"; fi
}
lacks() { # FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then bad "$3: '$2' in $1"; cat "$1"; else ok; fi
}
# usage DESCRIPTION MESSAGE -- COMMAND…: exit 64 naming the flag, and nothing
# written (the script's own `snapshot` function, before/after).
usage() {
  local what="$1" message="$2"; shift 2
  local before; before=$(snapshot)
  expect 64 "$what" "$@"
  contains "$WORK/err" "$message" "$what message"
  if [ "$(snapshot)" = "$before" ]; then ok; else bad "$what changed the database"; fi
}
# json FILE PYTHON-EXPRESSION: a value out of a JSON output (d = the document).
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# equals DESCRIPTION GOT WANT
equals() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', wanted '$3'"; fi; }
C() { "$BIN" --db "$DB" --user tester "$@"; }
# refused DESCRIPTION MESSAGE -- COMMAND…: exit 65, the message on stderr,
# and nothing written (the script's own `snapshot` function, before/after).
refused() {
  local what="$1" message="$2"; shift 2
  [ "${1:-}" = "--" ] && shift
  snapshot > "$WORK/refused.before"
  expect 65 "$what" -- "$@"
  contains "$WORK/err" "$message" "$what message"
  snapshot > "$WORK/refused.after"
  if cmp -s "$WORK/refused.before" "$WORK/refused.after"; then ok; else
    bad "$what changed the database"; diff "$WORK/refused.before" "$WORK/refused.after"
  fi
}
finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ]
}
# seed_licence KYOTO_NAME: migrates DB, imports with the CLI the institutions
# AGG-JST, U-TOKYO, U-KYOTO (English name KYOTO_NAME) and C-0001 and the
# patents JP2020000001A (U-TOKYO) and JP2020000002A (U-KYOTO), then writes
# package PKG-A and its licence LIC-1 to C-0001 (from 2026-01-01) with SQL.
seed_licence() {
  expect 0 "migrate" -- C db migrate
  cat > "$WORK/institutions.jsonl" <<JSONL
{"code":"AGG-JST","kind":"aggregator","name_en":"Japan Science and Technology Agency","name_ja":"科学技術振興機構","country":"JP"}
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","name_ja":"東京大学","country":"JP"}
{"code":"U-KYOTO","kind":"university","name_en":"$1","name_ja":"京都大学","country":"JP"}
{"code":"C-0001","kind":"company","name_en":"Sakura Denki K.K.","country":"JP"}
JSONL
  cat > "$WORK/patents.jsonl" <<'JSONL'
{"application_number":"JP2020000001A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Electrode","owners":[{"institution":"U-TOKYO","share":"1"}]}
{"application_number":"JP2020000002A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Separator","owners":[{"institution":"U-KYOTO","share":"1"}]}
JSONL
  expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
  expect 0 "patent import" -- C patent import "$WORK/patents.jsonl"
  SQL "INSERT INTO package (code, name_en, status, created_on) VALUES ('PKG-A', 'Electrodes', 'marketed', '2026-01-01')" >/dev/null
  SQL "INSERT INTO agreement (reference, licensee_id, package_id, exclusive, field, starts_on, ends_on, currency,
       upfront_minor, minimum_annual_minor, sublicense_share_bps, policy, terms, created_at)
     SELECT 'LIC-1', i.id, k.id, 0, 'all', '2026-01-01', '2030-12-31', 'JPY', 0, 0, 0, 'default', '{}',
       '2026-01-01T00:00:00Z' FROM institution i, package k WHERE i.code = 'C-0001' AND k.code = 'PKG-A'" >/dev/null
}
# entry DATE KIND REFERENCE "ACCOUNT AMOUNT [INSTITUTION PATENT SHARE]"…: a
# journal entry and its postings, straight into the tables (an account
# ending in USD posts in USD, others in JPY; royalty postings belong to
# agreement LIC-1).
entry() {
  local day="$1" kind="$2" ref="$3"; shift 3
  SQL "INSERT INTO journal_entry (posted_on, kind, reference, description, created_at)
       VALUES ('$day', '$kind', '$ref', '$kind $ref', '2026-11-01T00:00:00Z')" >/dev/null
  local p account amount inst patent share
  for p in "$@"; do
    read -r account amount inst patent share <<<"$p"
    local cur=JPY
    [[ "$account" == *USD ]] && cur=USD
    if [ -n "$inst" ]; then
      SQL "INSERT INTO posting (entry_id, account, currency, amount_minor, institution_id, agreement_id,
             patent_id, income_type, share, payment_reference)
           SELECT (SELECT MAX(id) FROM journal_entry), '$account', '$cur', $amount, i.id,
             (SELECT id FROM agreement WHERE reference = 'LIC-1'),
             (SELECT id FROM patent WHERE application_number = '$patent'), 'running_royalty', '$share', '$ref'
           FROM institution i WHERE i.code = '$inst'" >/dev/null
    else
      SQL "INSERT INTO posting (entry_id, account, currency, amount_minor)
           VALUES ((SELECT MAX(id) FROM journal_entry), '$account', '$cur', $amount)" >/dev/null
    fi
  done
}
