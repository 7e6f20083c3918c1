#!/usr/bin/env bash
# End-to-end checks of the deal pipeline (deal set/show/list, pipeline
# report, an agreement licensing a deal) on one backend.
#   deal_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" deal
# The programme report reads the rule book (its fees): the source tree's.
DOCKET_CONFIG="$WORK/docket.properties"
echo "docket.rules_dir = $(cd "$(dirname "$0")/../.." && pwd)/config/docketing" > "$DOCKET_CONFIG"
# What a refusal must leave unchanged: every table this slice writes.
snapshot() {
  SQL "SELECT COUNT(*) FROM change_log" > "$WORK/snap"
  SQL "SELECT * FROM deal ORDER BY 1" >> "$WORK/snap"
  SQL "SELECT * FROM deal_event ORDER BY 1" >> "$WORK/snap"
  cat "$WORK/snap"
}
mkdir -p "$WORK/policies"
printf 'scheme.aggregator = AGG-JST\n' > "$WORK/chizai.properties"
printf 'aggregator_share = 1/3\n' > "$WORK/policies/default.properties"
L() { C --config "$WORK/chizai.properties" "$@"; }

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"AGG-JST","kind":"aggregator","name_en":"Japan Science and Technology Agency","country":"JP"}
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","country":"JP"}
JSONL
cat > "$WORK/companies.csv" <<'CSV'
code,name_en,country,region,size
C-0001,Sakura Denki K.K.,JP,japan,large
C-0002,Rhein Batterien GmbH,DE,europe,sme
C-0003,Loire Chimie SA,FR,europe,startup
CSV
cat > "$WORK/patents.jsonl" <<'JSONL'
{"application_number":"JP2020000001A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Electrode","owners":[{"institution":"U-TOKYO","share":"1"}]}
{"application_number":"JP2020000002A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Separator","owners":[{"institution":"U-TOKYO","share":"1"}]}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
expect 0 "company import" -- C company import "$WORK/companies.csv"
expect 0 "patent import" -- C patent import "$WORK/patents.jsonl"
expect 0 "package A" -- C package create --code PKG-A --name-en "Anode" --name-ja "負極" --core JP2020000001A --date 2026-01-01
expect 0 "package B" -- C package create --code PKG-B --name-en "Battery" --name-ja "電池" --core JP2020000002A --date 2026-01-01

# The staff are registered people: a code, the name in both scripts, a region.
expect 0 "staff add" -- C staff add --code ST-TANAKA --name-latin "Tanaka Taro" --name-ja 田中太郎 --region japan
contains "$WORK/out" "staff ST-TANAKA: inserted (Tanaka Taro (田中太郎), japan)" "staff add output"
expect 0 "staff add Sato" -- C staff add --code ST-SATO --name-latin "Sato Hanako" --name-ja 佐藤花子 --region japan
expect 0 "staff add Suzuki" -- C staff add --code ST-SUZUKI --name-latin "Suzuki Ken" --name-ja 鈴木健 --region europe
expect 0 "staff add again" -- C staff add --code ST-SUZUKI --name-latin "Suzuki Ken" --name-ja 鈴木健 --region europe
contains "$WORK/out" "staff ST-SUZUKI: unchanged" "staff add is idempotent"
refused "staff with a Japanese name as Latin" "name_latin '鈴木' is not in Latin letters" -- \
  C staff add --code ST-X --name-latin 鈴木 --region japan
refused "staff in no region" "region 'mars' is not one of" -- C staff add --code ST-X --name-latin X --region mars
expect 0 "staff show" -- C staff show ST-SATO --format json
contains "$WORK/out" '"name_ja": "佐藤花子"' "staff show json"
expect 64 "staff show csv" -- C staff show ST-SATO --format csv
expect 0 "staff members" -- C staff members --region europe --format csv
contains "$WORK/out" "ST-SUZUKI,Suzuki Ken,鈴木健,europe," "staff members csv"
lacks "$WORK/out" "ST-SATO" "staff members region filter"
refused "deal with unregistered staff" "no staff member Nobody (register one with chizai staff add)" -- \
  C deal set C-0001 PKG-A lead --changed-on 2026-01-10 --staff Nobody

# Stage changes, dated, with staff and note.
expect 0 "deal set lead" -- C deal set C-0001 PKG-A lead --changed-on 2026-01-10 --staff ST-TANAKA --note "met at the fair"
contains "$WORK/out" "deal C-0001 / PKG-A: new -> lead on 2026-01-10 (ST-TANAKA Tanaka Taro (田中太郎))" "set summary"
expect 0 "deal set contacted" -- C deal set C-0001 PKG-A contacted --changed-on 2026-01-20 --staff ST-TANAKA
expect 0 "deal set nda" -- C deal set C-0001 PKG-A nda --changed-on 2026-02-01 --staff ST-SATO --note "NDA signed"
contains "$WORK/out" "contacted -> nda on 2026-02-01 (ST-SATO Sato Hanako (佐藤花子))" "set summary"
expect 0 "deal set negotiation (json)" -- C deal set C-0001 PKG-A negotiation --changed-on 2026-03-01 --staff ST-SATO --format json
contains "$WORK/out" '"stage": "negotiation"' "json stage"
contains "$WORK/out" '"region": "japan"' "json region"
expect 0 "deal C-0002" -- C deal set C-0002 PKG-A contacted --changed-on 2026-02-15 --staff ST-TANAKA
expect 0 "deal C-0002 declined" -- C deal set C-0002 PKG-A declined --changed-on 2026-03-21 --staff ST-TANAKA --note "no budget"
expect 0 "deal C-0003" -- C deal set C-0003 PKG-B lead --changed-on 2026-03-26 --staff ST-SUZUKI

expect 0 "deal show" -- C deal show C-0001 PKG-A
contains "$WORK/out" "stage: negotiation since 2026-03-01 (staff: ST-SATO Sato Hanako (佐藤花子))" "show stage"
contains "$WORK/out" "met at the fair" "show history note"
contains "$WORK/out" "NDA signed" "show history note 2"
expect 0 "deal show json" -- C deal show C-0001 PKG-A --format json
contains "$WORK/out" '"from": null' "first change has no from"
contains "$WORK/out" '"to": "nda"' "history in json"

# Refusals: exit 65, a clear message, nothing written.
refused "unknown company" "unknown company: no institution with code 'C-9999'" -- \
  C deal set C-9999 PKG-A lead --changed-on 2026-04-01 --staff ST-SATO
refused "unknown package" "unknown package: no package with code 'PKG-Z'" -- \
  C deal set C-0001 PKG-Z lead --changed-on 2026-04-01 --staff ST-SATO
refused "not a company" "institution U-TOKYO is a university, not a company" -- \
  C deal set U-TOKYO PKG-A lead --changed-on 2026-04-01 --staff ST-SATO
refused "licensed by hand" "a deal becomes licensed only when a licence agreement is recorded" -- \
  C deal set C-0001 PKG-A licensed --changed-on 2026-04-01 --staff ST-SATO
refused "date before previous change" "2026-02-01 is before the deal's previous change on 2026-03-01" -- \
  C deal set C-0001 PKG-A declined --changed-on 2026-02-01 --staff ST-SATO
refused "same stage" "already at stage negotiation" -- \
  C deal set C-0001 PKG-A negotiation --changed-on 2026-04-01 --staff ST-SATO
snapshot > "$WORK/before"
expect 64 "bad stage word" -- C deal set C-0001 PKG-A won --changed-on 2026-04-01 --staff ST-SATO
contains "$WORK/err" "STAGE 'won': use lead, contacted, nda, negotiation, licensed or declined" "bad stage message"
expect 64 "bad date" -- C deal set C-0001 PKG-A declined --changed-on 2026-02-30 --staff ST-SATO
snapshot > "$WORK/after"
if cmp -s "$WORK/before" "$WORK/after"; then ok; else bad "usage errors changed the database"; fi

# An agreement on PKG-A for C-0001 licenses the deal, dated its start.
cat > "$WORK/lic1.json" <<'JSON'
{"id":"LIC-1","licensee":"C-0001","package":"PKG-A","exclusive":false,"field":"batteries",
 "territory":["JP"],"start":"2026-03-16","end":"2030-12-31","currency":"JPY","royalty_tiers":[{"rate_bps":300}]}
JSON
expect 0 "agreement add" -- L agreement add "$WORK/lic1.json"
expect 0 "deal show licensed" -- C deal show C-0001 PKG-A
contains "$WORK/out" "stage: licensed since 2026-03-16 (staff: ST-SATO Sato Hanako (佐藤花子))" "licensed by the agreement"
contains "$WORK/out" "agreement: LIC-1" "agreement named"
refused "back from licensed" "a licensed deal cannot go back to negotiation" -- \
  C deal set C-0001 PKG-A negotiation --changed-on 2026-04-01 --staff ST-SATO

# list and its filters.
expect 0 "deal list" -- C deal list
contains "$WORK/out" "C-0003" "list all"
expect 0 "deal list stage" -- C deal list --stage licensed --format csv
contains "$WORK/out" "C-0001,Sakura Denki K.K.,PKG-A,Anode,japan,licensed,2026-03-16,ST-SATO,Sato Hanako (佐藤花子),LIC-1" "list licensed row"
lacks "$WORK/out" "C-0002" "stage filter"
expect 0 "deal list region" -- C deal list --region europe --format json
contains "$WORK/out" '"company": "C-0002"' "region filter keeps europe"
lacks "$WORK/out" '"company": "C-0001"' "region filter drops japan"
expect 0 "deal list staff" -- C deal list --staff ST-SUZUKI --format csv
contains "$WORK/out" "C-0003,Loire Chimie SA,PKG-B,Battery,europe,lead,2026-03-26,ST-SUZUKI,Suzuki Ken (鈴木健)," "staff filter"
lacks "$WORK/out" "C-0001" "staff filter drops others"
expect 64 "deal list bad region" -- C deal list --region mars
contains "$WORK/err" "--region 'mars'" "bad region message"

# The report as of 2026-03-31: C-0001/PKG-A licensed 15 days, C-0002/PKG-A
# declined 10 days, C-0003/PKG-B lead 5 days. Conversion: 3 reached lead,
# 2 went further; of the 2 at contacted, 1 reached nda; 1 → 1 → 1.
expect 0 "pipeline report json" -- C pipeline report --as-of 2026-03-31 --format json
tr -d ' \n' < "$WORK/out" > "$WORK/flat"
contains "$WORK/flat" '"as_of":"2026-03-31","deals":3' "report header"
contains "$WORK/flat" '{"stage":"licensed","count":1,"age_days":{"min":15,"median":15,"mean":15,"max":15}}' "licensed age"
contains "$WORK/flat" '{"stage":"declined","count":1,"age_days":{"min":10,"median":10,"mean":10,"max":10}}' "declined age"
contains "$WORK/flat" '{"from":"lead","to":"contacted","reached":3,"advanced":2,"rate_bps":6666}' "conversion lead"
contains "$WORK/flat" '{"from":"contacted","to":"nda","reached":2,"advanced":1,"rate_bps":5000}' "conversion contacted"
contains "$WORK/flat" '{"from":"negotiation","to":"licensed","reached":1,"advanced":1,"rate_bps":10000}' "conversion negotiation"
contains "$WORK/flat" '{"region":"europe","deals":2' "by region"
contains "$WORK/flat" '{"staff":"ST-SATO","staff_name":"SatoHanako(佐藤花子)","deals":1' "by staff, named"
expect 0 "pipeline report table" -- C pipeline report --as-of 2026-03-31
contains "$WORK/out" "pipeline as of 2026-03-31: 3 deals" "table header"
contains "$WORK/out" "66.66%" "table conversion"
contains "$WORK/out" "ST-SATO Sato Hanako (佐藤花子)" "table groups by staff member, named"
expect 64 "pipeline report csv" -- C pipeline report --format csv
expect 64 "pipeline report bad date" -- C pipeline report --as-of 2026-13-01

# The history cannot be rewritten in the database.
if SQL "DELETE FROM deal_event" >/dev/null 2>&1; then bad "deal_event delete allowed"; else ok; fi

# --changed-on defaults to today (the request's field, a flag of its own name).
today=$(date +%Y-%m-%d)
expect 0 "deal set without --changed-on" -- C deal set C-0003 PKG-B contacted --staff ST-SUZUKI
contains "$WORK/out" "lead -> contacted on $today (ST-SUZUKI Suzuki Ken (鈴木健))" "dated today"
expect 64 "deal set bad --changed-on" -- C deal set C-0003 PKG-B nda --changed-on soon --staff ST-SUZUKI
contains "$WORK/err" "--changed-on: must be a date" "bad date names the flag"

# Who did it: without --user, $CHIZAI_USER, $USER and $LOGNAME (as under
# cron or in a container), the history names the operating-system account.
expect 0 "deal set with no user in the environment" -- \
  env -u USER -u LOGNAME -u CHIZAI_USER "$BIN" --db "$DB" deal set C-0003 PKG-B nda --staff ST-SUZUKI
expect 0 "history" -- C history --entity-type deal --limit 1 --format json
actor=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[0]['actor'])" "$WORK/out")
if [ "$actor" = "$(id -un)" ]; then ok; else bad "actor without an environment: got '$actor', wanted '$(id -un)'"; fi


# A package's status follows the licences in force on the day: PKG-B,
# marketed, is licensed while an exclusive licence covers it and marketed
# again after; PKG-A under LIC-1 (non-exclusive) stays as it was.
expect 0 "package marketed" -- C package status PKG-B --status marketed --date 2026-05-01
cat > "$WORK/lic2.json" <<'JSON'
{"id":"LIC-2","licensee":"C-0002","package":"PKG-B","exclusive":true,"field":"batteries",
 "territory":["JP"],"start":"2026-06-01","end":"2027-06-30","currency":"JPY","royalty_tiers":[{"rate_bps":300}]}
JSON
expect 0 "exclusive agreement add" -- L agreement add "$WORK/lic2.json"
expect 0 "package show before" -- C package show PKG-B --at 2026-05-31
contains "$WORK/out" "status: marketed" "marketed before the licence"
expect 0 "package show during" -- C package show PKG-B --at 2026-06-01
contains "$WORK/out" "status: licensed" "licensed under the exclusive licence"
contains "$WORK/out" "LIC-2" "the licence named"
expect 0 "package show after" -- C package show PKG-B --at 2027-07-01 --format json
contains "$WORK/out" '"status": "marketed"' "marketed again after the licence ends"
contains "$WORK/out" '"licences": []' "no licence in force after"
expect 0 "package show non-exclusive" -- C package show PKG-A --at 2026-06-01 --format json
contains "$WORK/out" '"exclusive": false' "the non-exclusive licence listed"
lacks "$WORK/out" '"status": "licensed"' "a non-exclusive licence does not license the package"
expect 0 "package list licensed" -- C package list --status licensed --at 2026-06-01 --format csv
contains "$WORK/out" "PKG-B,Battery" "listed licensed on the day"
lacks "$WORK/out" "PKG-A," "non-exclusive not listed licensed"
expect 0 "package list licensed later" -- C package list --status licensed --at 2027-07-01 --format csv
lacks "$WORK/out" "PKG-B," "not licensed after the end"
refused "marketed under an exclusive licence" \
  "package PKG-B cannot be set marketed on 2026-06-01: it is licensed by the exclusive licence LIC-2 to C-0002" -- \
  C package status PKG-B --status marketed --date 2026-06-01
refused "licensed by hand without one" "package PKG-B cannot be set licensed on 2027-07-01" -- \
  C package status PKG-B --status licensed --date 2027-07-01
expect 0 "programme report" -- C --config "$DOCKET_CONFIG" programme report --fiscal-year 2026 --format json
tr -d ' \n' < "$WORK/out" > "$WORK/flat"
contains "$WORK/flat" '"packages_by_status":{"draft":1,"marketed":0,"licensed":1' "FY2026: PKG-B licensed on 2027-03-31"
contains "$WORK/flat" '"packages_licensed_exclusive":1,"packages_licensed_non_exclusive":1' "FY2026: LIC-2 and LIC-1"
expect 0 "programme report FY2025" -- C --config "$DOCKET_CONFIG" programme report --fiscal-year 2025 --format json
tr -d ' \n' < "$WORK/out" > "$WORK/flat"
contains "$WORK/flat" '"packages_licensed_exclusive":0,"packages_licensed_non_exclusive":1' "FY2025: LIC-1 only"

finish
