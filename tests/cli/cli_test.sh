#!/usr/bin/env bash
# End-to-end checks of the chizai binary on one backend.
#   cli_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" cli

# Usage errors are 64 and say what is wrong.
expect 64 "no subcommand" -- "$BIN"
expect 64 "unknown option" -- "$BIN" patent list --colour
# An unmigrated database is refused with a hint.
expect 69 "unmigrated" -- C patent list
contains "$WORK/err" "chizai db migrate" "unmigrated hint"

# Migrate: once applies, twice is a no-op.
expect 0 "migrate" -- C db migrate
contains "$WORK/out" "applied 0001_registry.sql" "migrate output"
expect 0 "migrate again" -- C db migrate
contains "$WORK/out" "0 applied now" "second migrate is a no-op"

# A changed migration file is refused (kind unavailable: exit 69, EX_UNAVAILABLE).
mkdir -p "$WORK/sql"
cp "$(dirname "$0")/../../sql/"0*.sql "$WORK/sql/"
echo "-- changed" >> "$WORK/sql/0001_registry.sql"
expect 69 "changed migration" -- C db migrate --sql-dir "$WORK/sql"
contains "$WORK/err" "0001_registry.sql has changed" "changed migration message"

# Demo data in, and again (no change).
expect 0 "demo-data" -- "$BIN" demo-data --out "$WORK/demo" --patents 300 --seed 3
expect 0 "institution import" -- C institution import "$WORK/demo/institutions.jsonl"
expect 0 "patent import" -- C patent import "$WORK/demo/patents.jsonl"
contains "$WORK/out" "inserted 300" "first import inserts"
expect 0 "patent import again" -- C patent import "$WORK/demo/patents.jsonl"
contains "$WORK/out" "unchanged 300" "re-import changes nothing"

# Patent list filters (issue 18 point 9): title words in Japanese through the
# word table, combined filters, a bad value refused naming its flag (exit 64).
expect 0 "text search" -- C patent list --text 製造 --format json
contains "$WORK/out" "の製造方法" "製造 finds a title with 製造方法"
lacks "$WORK/out" "磁気共鳴イメージング装置" "製造 does not find an unrelated title"
expect 0 "combined filters" -- C patent list --text "製造 method" --jurisdiction jp --filed-from 2000-01-01 --format csv
contains "$WORK/out" "JP" "combined filters list JP patents"
lacks "$WORK/out" ",US," "combined filters leave out other jurisdictions"
expect 64 "bad status" -- C patent list --status issued
contains "$WORK/err" "(--status)" "bad status names the flag"
expect 64 "bad ipc" -- C patent list --ipc 31H
contains "$WORK/err" "(--ipc)" "bad ipc names the flag"
expect 64 "bad date" -- C patent list --filed-to 2020-02-30
contains "$WORK/err" "(--filed-to)" "bad date names the flag"
expect 0 "portfolio summary" -- C portfolio summary --format json
contains "$WORK/out" '"patents": 300' "summary counts every patent"
contains "$WORK/out" '"not_licensed": 300' "nothing licensed yet"
expect 65 "summary of an unknown institution" -- C portfolio summary --institution U-NOWHERE

# The global --db is accepted after the subcommand, and CHIZAI_DB is the fallback.
expect 0 "--db after subcommand" -- "$BIN" patent list --limit 2 --db "$DB" --format csv
contains "$WORK/out" "application_number,jurisdiction" "csv header"
CHIZAI_DB="$DB" expect 0 "CHIZAI_DB" -- "$BIN" patent list --limit 1
# …and db.url from a --config file.
printf 'db.url = %s\n' "$DB" > "$WORK/chizai.properties"
expect 0 "--config" -- "$BIN" --config "$WORK/chizai.properties" institution list --format json
contains "$WORK/out" '"code": "AGG-JST"' "institution json"

# A bad file: every bad row listed, exit 65, nothing written.
C patent list --format csv > "$WORK/before.csv"
cat > "$WORK/bad.csv" <<'CSV'
application_number,jurisdiction,filing_date,title,owners,claims
JP 2019-000001,JP,2019-02-29,Bad date,U-TOKYO:1,3
JP 2019-000002,JP,2019-03-01,Good,U-TOKYO:1,3
JP 2019-000003,JP,2019-03-01,Bad shares,U-TOKYO:1/2; U-KYOTO:1/3,-1
CSV
expect 65 "bad csv" -- C patent import "$WORK/bad.csv"
contains "$WORK/err" "bad.csv:2: filing_date" "line 2 named"
contains "$WORK/err" "bad.csv:4: owners: shares sum to 5/6" "line 4 shares"
contains "$WORK/err" "bad.csv:4: claims: must not be negative" "line 4 claims"
contains "$WORK/err" "nothing was written" "nothing written"
C patent list --format csv > "$WORK/after.csv"
if cmp -s "$WORK/before.csv" "$WORK/after.csv"; then ok; else bad "a refused import changed the registry"; fi
# --skip-invalid imports the good row and writes the rejects.
expect 0 "skip invalid" -- C patent import "$WORK/bad.csv" --skip-invalid --rejects "$WORK/rejects.csv"
contains "$WORK/out" "inserted 1" "skip-invalid inserts the good row"
contains "$WORK/rejects.csv" "line,key,field,reason" "rejects header"
contains "$WORK/rejects.csv" "shares sum to 5/6" "rejects content"

# patent add, show and families in JSON.
expect 0 "patent add" -- C patent add --number "特願2019-100001" --jurisdiction JP --filing-date 2019-04-01 \
  --title "Solid electrolyte" --title-ja "固体電解質" --owner U-TOKYO:1/2 --owner U-KYOTO:1/2 \
  --inventor "Yamada Taro@U-TOKYO" --ipc "H01M 10/0562" --claims 8
contains "$WORK/out" "JP2019100001A inserted" "patent add canonical number"
expect 0 "patent add follow-on" -- C patent add --number "PCT/JP2020/000123" --jurisdiction WO \
  --filing-date 2020-03-30 --title "Solid electrolyte" --owner U-TOKYO:1/2 --owner U-KYOTO:1/2 \
  --priority "JP2019100001A@2019-04-01:paris" --kind pct
expect 0 "family show" -- C family show "PCT/JP2020/000123" --format json
contains "$WORK/out" '"simple_family": {' "family show json"
contains "$WORK/out" '"id": "JP2019100001A"' "family named after first filing"
expect 0 "patent show json" -- C patent show "JP 2019-100001" --format json
contains "$WORK/out" '"title_ja": "固体電解質"' "patent show json"
expect 65 "patent add refused" -- C patent add --number "JP2019-100002" --jurisdiction JP \
  --filing-date 2019-04-01 --title T --owner U-NOWHERE:1
contains "$WORK/err" "unknown institution code 'U-NOWHERE'" "refusal names the code"
expect 65 "unknown patent" -- C patent show JP2099999999A
contains "$WORK/err" "no patent with application number 'JP2099999999A'" "unknown patent named"
# A number that does not parse says what is wrong with it, wherever one is
# given to look a patent up (not "no patent with application number").
expect 65 "bad number" -- C patent show "JP 2024-1234567"
contains "$WORK/err" 'application number "JP 2024-1234567": the serial number 1234567 has 7 digits' "bad number why"
lacks "$WORK/err" "no patent" "bad number is not not-found"
expect 65 "unknown country" -- C patent show "XX 123"
contains "$WORK/err" 'application number "XX 123": unknown country code XX' "unknown country why"
expect 65 "update bad number" -- C patent update "XX 123" --title T
contains "$WORK/err" "unknown country code XX" "update says why"
expect 65 "family show bad number" -- C family show "JP 2024-1234567"
contains "$WORK/err" "has 7 digits" "family show says why"
expect 65 "history bad key" -- C history --key "XX 123"
contains "$WORK/err" "unknown country code XX" "history says why"
# A US series code and serial without the year: found by them; two → refused naming both.
expect 0 "US add" -- C patent add --number "US 18/612,345" --jurisdiction US --filing-date 2024-03-01 --title A --owner U-TOKYO:1
expect 0 "US add 2011" -- C patent add --number "US 13/167,395" --jurisdiction US --filing-date 2011-06-23 --title B --owner U-TOKYO:1
expect 0 "US add 2012" -- C patent add --number "US 13/167,395" --jurisdiction US --filing-date 2012-06-23 --title C --owner U-KYOTO:1
for spelled in "US 18/612,345" "18/612,345" "18/612345" "US18612345"; do
  expect 0 "series form $spelled" -- C patent show "$spelled" --format json
  contains "$WORK/out" '"application_number": "US202418612345A"' "series form $spelled found"
done
expect 0 "update by series form" -- C patent update "18/612,345" --title "A2"
contains "$WORK/out" "US202418612345A updated" "update by series form"
expect 0 "history by series form" -- C history --key "US 18/612,345" --format csv
contains "$WORK/out" "patent.update,patent,US202418612345A" "history by series form"
expect 65 "ambiguous series form" -- C patent show "13/167,395"
contains "$WORK/err" "matches 2 registered applications: US201113167395A, US201213167395A" "both candidates named"
expect 0 "with the year" -- C patent show "US 2012 13/167,395" --format json
contains "$WORK/out" '"title": "C"' "the year picks one"
expect 65 "no such series" -- C patent show "US 17/000,001"
contains "$WORK/err" "no patent with application number 'US 17/000,001'" "series form not registered"
expect 0 "family list" -- C family list --kind extended --format json
contains "$WORK/out" '"members": [' "family list json"

# Consistency checks (README "Consistency checks"): a Paris priority claimed
# more than 12 months before filing is a warning, refused (naming the field
# and the code, nothing written) until accepted with --accept-warnings; past
# 14 months it is an error that no flag accepts. The jurisdiction comes
# from the number.
C patent list --format csv > "$WORK/before.csv"
expect 65 "late priority refused" -- C patent add --number "US 16/800,001" --filing-date 2020-04-01 \
  --title "Solid electrolyte" --owner U-TOKYO:1 --priority "JP2019100001A@2019-03-04:paris"
contains "$WORK/err" "priority_claims[0].date" "warning names the field"
contains "$WORK/err" "[priority_restoration]" "warning names its code"
contains "$WORK/err" "--accept-warnings" "warning says how to accept it"
C patent list --format csv > "$WORK/after.csv"
if cmp -s "$WORK/before.csv" "$WORK/after.csv"; then ok; else bad "a refused warning changed the registry"; fi
expect 0 "late priority accepted" -- C patent add --number "US 16/800,001" --filing-date 2020-04-01 \
  --title "Solid electrolyte" --owner U-TOKYO:1 --priority "JP2019100001A@2019-03-04:paris" --accept-warnings
contains "$WORK/out" "US202016800001A inserted" "accepted warning registers"
expect 0 "jurisdiction from the number" -- C patent show US202016800001A --format json
contains "$WORK/out" '"jurisdiction": "US"' "jurisdiction taken from the number"
expect 65 "lost priority refused" -- C patent add --number "US 16/800,002" --filing-date 2020-05-05 \
  --title "Solid electrolyte" --owner U-TOKYO:1 --priority "JP2019100001A@2019-03-04:paris" --accept-warnings
contains "$WORK/err" "[priority_period_exceeded]" "past 14 months is an error"
expect 65 "number year" -- C patent add --number "特願2024-100001" --filing-date 2019-04-01 --title T --owner U-TOKYO:1
contains "$WORK/err" "application_number: JP2024100001A is numbered in 2024" "number year names the field"
expect 65 "jurisdiction conflict" -- C patent add --number "特願2019-100009" --jurisdiction US --filing-date 2019-04-01 \
  --title T --owner U-TOKYO:1
contains "$WORK/err" "jurisdiction: 'US' conflicts with the application number 特願2019-100009, a JP application" \
  "conflict names both"
cat > "$WORK/late.jsonl" <<'JSONL'
{"application_number":"US 16/800,003","filing_date":"2020-04-01","title":"Late","owners":[{"institution":"U-TOKYO","share":"1"}],"priority_claims":[{"number":"JP2019100001A","date":"2019-03-04","kind":"paris"}]}
JSONL
expect 65 "import warning refused" -- C patent import "$WORK/late.jsonl"
contains "$WORK/err" "late.jsonl:1: priority_claims[0].date:" "import names line and field"
contains "$WORK/err" "[priority_restoration]" "import names the code"
expect 0 "import warning accepted" -- C patent import "$WORK/late.jsonl" --accept-warnings
contains "$WORK/out" "inserted 1" "import with --accept-warnings"

# patent update changes only what it names; a replacement that would lose
# data says what and needs --replace; every change is in the history, which
# takes any spelling of the number.
expect 0 "patent update" -- C patent update "特願2019-100001" --title "Solid electrolyte, sulfide"
contains "$WORK/out" "JP2019100001A updated" "patent update result"
expect 0 "patent show after update" -- C patent show JP2019100001A --format json
contains "$WORK/out" '"title_ja": "固体電解質"' "update keeps the Japanese title"
contains "$WORK/out" '"Yamada Taro"' "update keeps the inventors"
expect 65 "update refused by the reader" -- C patent update JP2019100001A --owner U-TOKYO:1/2
contains "$WORK/err" "owners" "update refusal names the field"
expect 65 "lossy replacement" -- C patent add --number "JP 2019-100001" --jurisdiction JP --filing-date 2019-04-01 \
  --title "Solid electrolyte" --owner U-TOKYO:1/2 --owner U-KYOTO:1/2
contains "$WORK/err" "would remove inventor Yamada Taro, IPC class" "replacement names what it removes"
contains "$WORK/err" "--replace" "replacement names --replace"
expect 0 "history any spelling" -- C history --key "特願2019-100001" --format csv
contains "$WORK/out" "patent.update" "history has the update"
contains "$WORK/out" "patent.add" "history has the add"
contains "$WORK/out" "Solid electrolyte, sulfide" "history has the field's new value"
expect 0 "replacement with --replace" -- C patent add --number "JP 2019-100001" --jurisdiction JP \
  --filing-date 2019-04-01 --title "Solid electrolyte" --owner U-TOKYO:1/2 --owner U-KYOTO:1/2 --replace
contains "$WORK/out" "JP2019100001A updated" "replacement with --replace"
expect 0 "history after replace" -- C history --entity-type patent --key "JP 2019-100001" --limit 1 --format csv
contains "$WORK/out" "patent.replace" "history has the replacement"

finish
