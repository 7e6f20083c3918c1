#!/usr/bin/env bash
# The HTTP API end to end with curl against the real `chizai serve`, on one
# backend: a user and a token made with the CLI, 401 without the token, a
# patent registered and read back, a month closed and its statement fetched
# (byte-identical to `chizai statement`), 404 for an unknown route, two
# servers on one database (written through one, read through the other),
# and SIGTERM ending each server with exit status 0.
#   api_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" api
command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve NAME: starts `chizai serve` on a free port in the background; sets
# PORT_<NAME> and PID_<NAME> and waits (up to 10 s) for /healthz.
SERVERS=()
serve() {
  local name="$1" port
  port=$(free_port)
  "$BIN" --db "$DB" serve --host 127.0.0.1 --port "$port" >"$WORK/serve_$name.log" 2>&1 &
  local pid=$!
  SERVERS+=("$pid")
  printf -v "PORT_$name" '%s' "$port"
  printf -v "PID_$name" '%s' "$pid"
  for _ in $(seq 100); do
    if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then ok; return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  bad "server $name did not answer /healthz on port $port"
  cat "$WORK/serve_$name.log"
  return 1
}
# Servers left running when the script fails half-way.
stop_all() {
  local pid
  for pid in "${SERVERS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  cleanup
}
trap stop_all EXIT

# stop NAME: SIGTERM, then the server must exit 0 within 10 s.
stop() {
  local name="$1" pid_var="PID_$1"
  local pid="${!pid_var}"
  kill -TERM "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    bad "server $name still running 10 s after SIGTERM"
    kill -KILL "$pid"
  fi
  wait "$pid"
  local status=$?
  [ "$status" = 0 ] && ok || { bad "server $name exited $status after SIGTERM"; cat "$WORK/serve_$name.log"; }
}

# call PORT METHOD PATH [TOKEN] [BODY] [CURL OPTIONS…]: the status in
# $WORK/status, the body in $WORK/body, the headers in $WORK/headers.
call() {
  local port="$1" method="$2" path="$3" token="${4:-}" body="${5:-}"
  shift 5 2>/dev/null || shift $#
  local args=(-sS -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -X "$method")
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(--data-binary "$body")
  curl "${args[@]}" "$@" "http://127.0.0.1:$port$path" >"$WORK/status" 2>"$WORK/curl.err" || echo 000 >"$WORK/status"
}
status_is() { # WANT DESCRIPTION
  local got
  got=$(cat "$WORK/status")
  if [ "$got" = "$1" ]; then ok; else bad "$2: HTTP $got, wanted $1"; cat "$WORK/body" "$WORK/curl.err"; fi
}

# --- the database, a user and a token, made with the CLI -------------------
seed_licence "Kyoto University"
# The registry, PKG-A and LIC-1 (lib.sh), then June's licence income straight
# into the ledger (as close_test.sh does):
# PAY-1 1,000,000 → U-TOKYO 444,444, U-KYOTO 222,222, the aggregator 333,334.
entry 2026-06-10 invoice LIC-1/running_royalty "assets:receivable:C-0001 1000000" "liabilities:undistributed -1000000"
entry 2026-06-20 payment PAY-1 "assets:cash:JPY 1000000" "assets:receivable:C-0001 -1000000" \
  "liabilities:undistributed 1000000" "income:aggregator -333334" \
  "liabilities:payable:U-TOKYO -444444 U-TOKYO JP2020000001A 4/9" \
  "liabilities:payable:U-KYOTO -222222 U-KYOTO JP2020000002A 2/9"

expect 0 "user add" -- C user add alice --role admin
expect 0 "token create" -- C token create alice
TOKEN=$(grep -oE '[A-Za-z0-9_-]{32,}' "$WORK/out" | head -n 1)
[ -n "$TOKEN" ] && ok || { bad "no token printed"; cat "$WORK/out"; }
expect 0 "viewer add" -- C user add kyoto-viewer --role institution_viewer --institution U-KYOTO
expect 0 "viewer token" -- C token create kyoto-viewer
VIEWER=$(grep -oE '[A-Za-z0-9_-]{32,}' "$WORK/out" | head -n 1)
# Only a hash of the token is stored.
if SQL "SELECT * FROM api_token" 2>/dev/null | grep -qF -- "$TOKEN"; then bad "the token is stored in clear"; else ok; fi

# --- one server ----------------------------------------------------------
serve A || { finish; exit 1; }
P="$PORT_A"

call "$P" GET /api/v1/patents/JP2020000001A
status_is 401 "no token"
contains "$WORK/body" '"code"' "401 error body"
call "$P" GET /api/v1/patents/JP2020000001A "wrong-token"
status_is 401 "bad token"

call "$P" POST /api/v1/patents "$TOKEN" \
  '{"application_number":"JP 2021-000123","jurisdiction":"JP","filing_date":"2021-04-01","title":"Solid electrolyte","owners":[{"institution":"U-TOKYO","share":"1"}]}' \
  -H 'Content-Type: application/json'
status_is 201 "register a patent"
contains "$WORK/body" '"application_number":"JP2021000123A"' "canonical number"
contains "$WORK/body" '"result":"inserted"' "inserted"

call "$P" GET /api/v1/patents/JP2021000123A "$TOKEN"
status_is 200 "read it back"
contains "$WORK/body" '"title":"Solid electrolyte"' "title read back"
contains "$WORK/body" '"institution":"U-TOKYO"' "owner read back"
# The CLI sees the same record.
expect 0 "patent show" -- C patent show JP2021000123A
contains "$WORK/out" "Solid electrolyte" "CLI reads the API's write"

call "$P" POST /api/v1/close "$TOKEN" '{"month":"2026-06"}' -H 'Content-Type: application/json'
status_is 201 "close June"
contains "$WORK/body" '"closing_balance_minor":444444' "June closing"

call "$P" GET /api/v1/statements/U-TOKYO/2026-06 "$TOKEN"
status_is 200 "statement json"
expect 0 "cli statement json" -- C statement --institution U-TOKYO --month 2026-06 --format json
printf '%s\n' "$(cat "$WORK/body")" | cmp -s - "$WORK/out" && ok || bad "API JSON statement differs from the CLI's"
call "$P" GET "/api/v1/statements/U-TOKYO/2026-06?format=csv" "$TOKEN"
status_is 200 "statement csv"
grep -qi '^content-type: text/csv' "$WORK/headers" && ok || bad "csv content type"
expect 0 "cli statement csv" -- C statement --institution U-TOKYO --month 2026-06 --format csv
cmp -s "$WORK/body" "$WORK/out" && ok || bad "API CSV statement differs from the CLI's"
call "$P" GET /api/v1/statements/U-TOKYO/2026-06 "$TOKEN" "" -H 'Accept: text/html'
status_is 200 "statement html"
expect 0 "cli statement html" -- C statement --institution U-TOKYO --month 2026-06 --format html
cmp -s "$WORK/body" "$WORK/out" && ok || bad "API HTML statement differs from the CLI's"
# A viewer of another institution: as if it did not exist.
call "$P" GET /api/v1/statements/U-TOKYO/2026-06 "$VIEWER"
status_is 404 "foreign statement"
call "$P" GET /api/v1/statements/U-KYOTO/2026-06 "$VIEWER"
status_is 200 "own statement"

call "$P" GET /api/v1/no/such/route "$TOKEN"
status_is 404 "unknown route"
contains "$WORK/body" '"error"' "404 error body"

# --- two servers on one database ------------------------------------------
serve B || { finish; exit 1; }
call "$PORT_A" POST /api/v1/patents "$TOKEN" \
  '{"application_number":"JP2021000456A","jurisdiction":"JP","filing_date":"2021-05-01","title":"Written through A","owners":[{"institution":"U-KYOTO","share":"1"}]}' \
  -H 'Content-Type: application/json'
status_is 201 "write through A"
call "$PORT_B" GET /api/v1/patents/JP2021000456A "$TOKEN"
status_is 200 "read through B"
contains "$WORK/body" '"title":"Written through A"' "B sees A's write"
call "$PORT_B" POST /api/v1/patents "$TOKEN" \
  '{"application_number":"JP2021000456A","jurisdiction":"JP","filing_date":"2021-05-01","title":"Changed through B","owners":[{"institution":"U-KYOTO","share":"1"}]}' \
  -H 'Content-Type: application/json'
status_is 200 "change through B"
call "$PORT_A" GET /api/v1/patents/JP2021000456A "$VIEWER"
status_is 200 "read the change through A"
contains "$WORK/body" '"title":"Changed through B"' "A sees B's change"
call "$PORT_B" GET /api/v1/statements/U-TOKYO/2026-06 "$TOKEN"
status_is 200 "B serves the statement A closed"
contains "$WORK/body" '"closing_balance_minor":444444' "same statement through B"

stop A
stop B
finish
