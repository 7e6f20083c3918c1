#!/usr/bin/env bash
# End-to-end checks of the maintenance budget (fees forecast, docket review,
# the programme report's fees and licence income) on one backend.
#   fees_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" fees
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# The rule book and office calendars of the source tree (the tests run elsewhere).
DOCKET_CONFIG="$WORK/docket.properties"
echo "docket.rules_dir = $ROOT/config/docketing" > "$DOCKET_CONFIG"
F() { C --config "$DOCKET_CONFIG" "$@"; }
# Nothing here writes: a refusal leaves every table as it was.
snapshot() {
  SQL "SELECT COUNT(*) FROM change_log"
  SQL "SELECT COUNT(*) FROM posting"
  SQL "SELECT COUNT(*) FROM patent_event"
}

seed_licence "Kyoto University"
# A payment of 1,000,000 JPY in FY2026: the aggregator's third, and the
# owners' payables for JP2020000001A and JP2020000002A.
entry 2026-06-10 invoice LIC-1/running_royalty "assets:receivable:C-0001 1000000" "liabilities:undistributed -1000000"
entry 2026-06-20 payment PAY-1 "assets:cash:JPY 1000000" "assets:receivable:C-0001 -1000000" \
  "liabilities:undistributed 1000000" "income:aggregator -333334" \
  "liabilities:payable:U-TOKYO -444444 U-TOKYO JP2020000001A 4/9" \
  "liabilities:payable:U-KYOTO -222222 U-KYOTO JP2020000002A 2/9"

# ---- fees forecast --------------------------------------------------------------
expect 0 "forecast json" -- F fees forecast --years 5 --as-of 2026-12-07 --by jurisdiction --format json
equals "forecast from" "$(json "$WORK/out" 'd["as_of"]')" "2026-12-07"
equals "forecast until (exclusive)" "$(json "$WORK/out" 'd["until"]')" "2031-12-07"
equals "forecast grouping" "$(json "$WORK/out" 'd["by"]')" "jurisdiction"
equals "forecast reads every application" "$(json "$WORK/out" 'd["applications"]')" "2"
equals "forecast keys" "$(json "$WORK/out" 'sorted(d.keys())')" \
  "['applications', 'as_of', 'by', 'converted', 'lines', 'totals', 'until', 'years']"
expect 0 "forecast scoped to an owner" -- F fees forecast --years 1 --as-of 2026-12-07 --institution U-KYOTO --format json
equals "only U-KYOTO's application" "$(json "$WORK/out" 'd["applications"]')" "1"
expect 0 "forecast table" -- F fees forecast --years 2 --as-of 2026-12-07
contains "$WORK/out" "official fees due 2026-12-07 .. 2028-12-06 by institution (2 application(s)" "table heading"
contains "$WORK/out" "fiscal_year  institution  currency  amount  jpy_amount  fees" "table columns"
expect 0 "forecast csv" -- F fees forecast --years 2 --as-of 2026-12-07 --by package --format csv
equals "csv header" "$(head -1 "$WORK/out")" "fiscal_year,package,currency,amount,jpy_amount,fees"

# The FX file: read and checked before anything else runs.
printf 'date,currency,rate,source\n2026-11-30,USD,151.234567,MUFG TTM\n2026-11-30,EUR,162.5,MUFG TTM\n' > "$WORK/fx.csv"
expect 0 "forecast with an FX file" -- F fees forecast --years 5 --as-of 2026-12-07 --fx "$WORK/fx.csv" --format json
equals "converted with the file" "$(json "$WORK/out" 'd["converted"]')" "True"
printf 'date,currency,rate,source\n2026-11-30,USD,151.2345678,x\n' > "$WORK/bad-rate.csv"
refused "a rate with 7 decimals" "line 2, column rate: rate '151.2345678' for USD on 2026-11-30" -- \
  F fees forecast --years 5 --fx "$WORK/bad-rate.csv"
printf 'date,currency,rate\n2026-11-30,USD,150\n' > "$WORK/bad-header.csv"
refused "an FX file without the source column" "the header must be 'date,currency,rate,source'" -- \
  F fees forecast --years 5 --fx "$WORK/bad-header.csv"
printf 'date,currency,rate,source\n2026-11-30,JPY,1,x\n' > "$WORK/jpy.csv"
refused "a JPY rate" "JPY needs no rate" -- F fees forecast --years 5 --fx "$WORK/jpy.csv"
expect 66 "a missing FX file" -- F fees forecast --years 5 --fx "$WORK/none.csv"
contains "$WORK/err" "--fx: cannot read '$WORK/none.csv'" "missing file named"
usage "years 0" "--years 0: use 1 to 50" -- F fees forecast --years 0
usage "years 51" "--years 51: use 1 to 50" -- F fees forecast --years 51
usage "unknown grouping" "--by 'colour': use institution, package, jurisdiction or payer" -- \
  F fees forecast --years 5 --by colour
usage "bad as-of" "--as-of" -- F fees forecast --years 5 --as-of 2026-02-30
usage "html is not a forecast format" "--format" -- F fees forecast --years 5 --format html
expect 64 "years are required" -- F fees forecast
contains "$WORK/err" "--years" "missing --years named"

# ---- with the rule book's fees: a JP patent granted on 2022-03-01 ------------------------
# JP2020000001A (U-TOKYO, 5 claims, no examination request recorded: no
# university reduction) in PKG-A, which LIC-1 licenses. Annual fees (the
# 2022-04-01 table): year n is due by the (n-1)th anniversary of
# registration: year 6 on 2027-03-01 (FY2026) 10,300 + 800 x 5 = 14,300;
# years 7-9 on 2028/2029/2030-03-01 24,800 + 1,900 x 5 = 34,300 each; year
# 10 on 2031-03-01, a Saturday, moved to Monday 2031-03-03 (FY2030)
# 59,400 + 4,600 x 5 = 82,400.
SQL "UPDATE patent SET claim_count = 5 WHERE application_number = 'JP2020000001A'" >/dev/null
for e in "allowance 2022-01-20 ''" "grant 2022-03-01 'R7000001'"; do
  read -r kind day ref <<<"$e"
  SQL "INSERT INTO patent_event (patent_id, kind, event_date, reference, value, recorded_at, actor)
       SELECT id, '$kind', '$day', $ref, '', '2026-12-01T00:00:00Z', 'tester' FROM patent
       WHERE application_number = 'JP2020000001A'" >/dev/null
done
SQL "INSERT INTO package_member (package_id, patent_id, role, weight, added_on)
     SELECT k.id, t.id, 'core', 1, '2026-01-01' FROM package k, patent t
     WHERE k.code = 'PKG-A' AND t.application_number = 'JP2020000001A'" >/dev/null
# The forecast reads the stored docket: the facts changed by SQL above, not
# through `patent event add` (whose write recomputes the patent's tasks), so
# the docket is recomputed here as a changed rule book would have it.
expect 0 "docket recomputed" -- F docket recompute
expect 0 "forecast with fees" -- F fees forecast --years 5 --as-of 2026-12-07 --format json
equals "fees by fiscal year" "$(json "$WORK/out" '[(y["fiscal_year"], y["jpy_amount_minor"], y["fees"]) for y in d["totals"]]')" \
  "[(2026, 14300, 1), (2027, 34300, 1), (2028, 34300, 1), (2029, 34300, 1), (2030, 82400, 1)]"
equals "paid by the owner" "$(json "$WORK/out" 'sorted(set(l["group"] for l in d["lines"]))')" "['U-TOKYO']"
expect 0 "forecast by package" -- F fees forecast --years 1 --as-of 2026-12-07 --by package --format csv
contains "$WORK/out" "FY2026,PKG-A,JPY,14300,14300,1" "the package's line"
expect 0 "forecast scoped to the other owner" -- F fees forecast --years 5 --as-of 2026-12-07 --institution U-KYOTO --format json
equals "none of U-TOKYO's fees" "$(json "$WORK/out" 'd["lines"]')" "[]"
expect 0 "review with a fee due" -- F docket review --as-of 2026-12-07 --format json
equals "one application due within 90 days" "$(json "$WORK/out" 'len(d["items"])')" "1"
equals "its fee" "$(json "$WORK/out" '(d["items"][0]["number"], d["items"][0]["task"], d["items"][0]["due"], d["items"][0]["fee"]["amount_minor"])')" \
  "('JP2020000001A', 'jp.annual.6', '2027-03-01', 14300)"
equals "what it earned and what it is in" "$(json "$WORK/out" '(d["items"][0]["earned_jpy_minor"], d["items"][0]["licences"], d["items"][0]["packages"], d["items"][0]["unsupported"])')" \
  "(444444, ['LIC-1'], ['PKG-A'], False)"
expect 0 "review table" -- F docket review --as-of 2026-12-07
contains "$WORK/out" "2027-03-01  JP2020000001A  jp.annual.6" "review row"
expect 0 "programme report FY2026 fees" -- F programme report --fiscal-year 2026 --format json
equals "fees due in FY2026" "$(json "$WORK/out" 'd["official_fees_due"]["jpy_amount_minor"]')" "14300"

# ---- docket review -------------------------------------------------------------------
expect 0 "review json" -- F docket review --as-of 2026-12-07 --format json
equals "review window" "$(json "$WORK/out" 'd["within_days"]')" "90"
equals "review keys" "$(json "$WORK/out" 'sorted(d.keys())')" "['as_of', 'converted', 'items', 'within_days']"
expect 0 "review table" -- F docket review --as-of 2026-12-07 --within 30
contains "$WORK/out" "fees due 2026-12-07 .. 2027-01-06 (and fees in their grace period)" "review heading"
expect 0 "review csv" -- F docket review --as-of 2026-12-07 --format csv
equals "review csv header" "$(head -1 "$WORK/out")" \
  "due,number,task,fee,currency,fee_jpy,keep_cost,expiry,earned_jpy,licences,packages,projects,open_deals,companies,owners"
usage "within 0" "--within 0: use 1 to 3660 days" -- F docket review --within 0
usage "within too far" "--within 3661: use 1 to 3660 days" -- F docket review --within 3661

# ---- programme report: the fiscal year's fees beside licence income --------------------
expect 0 "programme report json" -- F programme report --fiscal-year 2026 --format json
equals "licence income FY2026" "$(json "$WORK/out" 'd["licence_income"]["amount_minor"]')" "1000000"
equals "fees due keys" "$(json "$WORK/out" 'sorted(d["official_fees_due"].keys())')" \
  "['by_currency', 'fees', 'jpy_amount_minor', 'unavailable']"
equals "fees due available" "$(json "$WORK/out" 'd["official_fees_due"]["unavailable"]')" "None"
equals "fees paid keys" "$(json "$WORK/out" 'sorted(d["official_fees_paid"].keys())')" \
  "['by_currency', 'fees', 'jpy_amount_minor']"
expect 0 "programme report FY2025" -- F programme report --fiscal-year 2025 --format json
equals "no licence income in FY2025" "$(json "$WORK/out" 'd["licence_income"]["amount_minor"]')" "0"
expect 0 "programme report table" -- F programme report --fiscal-year 2026 --fx "$WORK/fx.csv"
contains "$WORK/out" "licence income received in FY2026: 1000000" "income line"
contains "$WORK/out" "official fees due in FY2026" "fees line"
refused "programme report with a bad FX file" "the header must be 'date,currency,rate,source'" -- \
  F programme report --fiscal-year 2026 --fx "$WORK/bad-header.csv"

# Without a rule book nothing is computed: the missing file is named.
echo "docket.rules_dir = $WORK/nowhere" > "$WORK/nowhere.properties"
expect 74 "no rule book" -- C --config "$WORK/nowhere.properties" fees forecast --years 1
contains "$WORK/err" "no docketing rule directory $WORK/nowhere" "the missing rule book named"
# … but the programme report is still given, its fees due marked unavailable.
expect 0 "programme report without a rule book" -- C --config "$WORK/nowhere.properties" programme report --fiscal-year 2026
contains "$WORK/out" "licence income received in FY2026: 1000000" "income line without a rule book"
contains "$WORK/out" "official fees due in FY2026: unavailable" "fees due unavailable"

finish
