#!/usr/bin/env bash
# chizai docket calendar OFFICE YEAR: an office's named closed days, read
# from config/docketing/calendars/ (no database).
#   docket_calendar_test.sh CHIZAI_BIN sqlite
source "$(dirname "$0")/lib.sh" "$1" "$2" docket_calendar
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CAL=("$BIN" --config "$ROOT/config/chizai.properties" docket calendar)

expect 0 "JP 2019" -- "${CAL[@]}" JP 2019
contains "$WORK/out" "JP 2019: 27 named closed day(s)" "JP 2019 header"
contains "$WORK/out" "2019-04-30  Tue  国民の休日 Citizens' holiday" "JP 2019 citizens' holiday"
contains "$WORK/out" "2019-05-01  Wed  天皇の即位の日 Enthronement Day" "JP 2019 enthronement"
contains "$WORK/out" "2019-12-30  Mon  年末年始 JPO year-end closure" "JP 2019 year-end"
lacks "$WORK/out" "provisional" "JP 2019 is published"

expect 0 "JP 2030 provisional" -- "${CAL[@]}" JP 2030
contains "$WORK/out" "not all published yet" "JP 2030 header"
if grep -E '^2030-03-20 .*Vernal Equinox Day .*provisional$' "$WORK/out" >/dev/null; then ok; else bad "2030 vernal equinox not provisional"; cat "$WORK/out"; fi

expect 0 "US 2020 json" -- "${CAL[@]}" US 2020 --format json
python3 - "$WORK/out" <<'PY' && ok || bad "US 2020 json"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["office"] == "US" and doc["year"] == 2020 and doc["published"] is True, doc
days = {d["date"]: d for d in doc["closed_days"]}
assert days["2020-07-03"]["name"] == "Independence Day (observed)", days["2020-07-03"]
assert days["2020-12-24"]["kind"] == "closure" and days["2020-12-24"]["provisional"] is False
assert "2020-07-04" in days and days["2020-07-04"]["weekday"] == "Sat"
PY

expect 0 "EP 2026 json" -- "${CAL[@]}" EP 2026 --format json
python3 - "$WORK/out" <<'PY' && ok || bad "EP 2026 json"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["published"] is False
assert all(d["provisional"] for d in doc["closed_days"])
assert "2026-04-03" in {d["date"] for d in doc["closed_days"]}  # Good Friday
PY

expect 65 "unknown office" -- "${CAL[@]}" XX 2026
contains "$WORK/err" "unknown office 'XX' (known: JP, US, EP, WO, DE, FR, GB, UP)" "unknown office message"
expect 65 "year outside" -- "${CAL[@]}" JP 2041
contains "$WORK/err" "no office calendar for 2041 (covered: 2000-2040)" "year outside message"
expect 64 "no year" -- "${CAL[@]}" JP
expect 64 "year not a number" -- "${CAL[@]}" JP next

# The calendars beside the configuration file; a malformed one is named.
mkdir -p "$WORK/conf/docketing"
: >"$WORK/conf/chizai.properties"
cp -r "$ROOT/config/docketing/calendars" "$WORK/conf/docketing/"
expect 0 "calendars beside --config" -- "$BIN" --config "$WORK/conf/chizai.properties" docket calendar GB 2022
contains "$WORK/out" "2022-09-19  Mon  Bank holiday for the State Funeral of Queen Elizabeth II" "GB 2022"
echo '{"office": "EP", "published": [{"year": 2026}]}' >"$WORK/conf/docketing/calendars/ep.json"
expect 65 "malformed ep.json" -- "$BIN" --config "$WORK/conf/chizai.properties" docket calendar JP 2026
contains "$WORK/err" "ep.json: published[0].source: missing" "malformed ep.json message"
echo "docket.rules_dir = $ROOT/config/docketing" >"$WORK/conf/chizai.properties"
expect 0 "docket.rules_dir names the rule book and its calendars" -- "$BIN" --config "$WORK/conf/chizai.properties" docket calendar EP 2026
finish
