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
