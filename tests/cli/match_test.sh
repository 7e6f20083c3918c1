#!/usr/bin/env bash
# End-to-end checks of `chizai company …`, `chizai interest …`, `chizai event …`
# and `chizai match …` on one backend.
#   match_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" match

# What the matching tables hold, as the commands show them.
snapshot() {
  {
    C company list --format json
    C interest list --format json
    C event list --format json
  } 2>&1
}

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","name_ja":"東京大学","country":"JP"}
{"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","name_ja":"京都大学","country":"JP"}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
expect 0 "patent battery" -- C patent add --number "JP 2015-000001" --jurisdiction JP --filing-date 2015-01-10 \
  --title "Lithium ion battery electrolyte" --title-ja "リチウムイオン電池用電解質" --ipc "H01M 10/052" --owner U-TOKYO:1
expect 0 "patent pharma" -- C patent add --number "JP 2015-000002" --jurisdiction JP --filing-date 2015-01-10 \
  --title "Drug delivery carrier" --title-ja "薬物送達担体" --ipc "A61K 31/00" --owner U-KYOTO:1
expect 0 "patent cathode" -- C patent add --number "JP 2015-000003" --jurisdiction JP --filing-date 2015-01-10 \
  --title "Cathode active material" --title-ja "正極活物質" --ipc "H01M 4/13" --owner U-TOKYO:1
expect 0 "package battery" -- C package create --code PKG-BATT --name-en Battery --name-ja 電池 \
  --core "JP 2015-000001" --date 2020-04-01
expect 0 "package pharma" -- C package create --code PKG-PHARMA --name-en Pharma --name-ja 医薬 \
  --core "JP 2015-000002" --date 2020-04-01
expect 0 "package cathode" -- C package create --code PKG-CATH --name-en Cathode --name-ja 正極 \
  --core "JP 2015-000003" --date 2020-04-01
# Only marketed packages are proposed.
for p in PKG-BATT PKG-PHARMA PKG-CATH; do
  expect 0 "market $p" -- C package status $p --status marketed --date 2020-04-01
done

# company import: CSV and JSONL.
cat > "$WORK/companies.csv" <<'CSV'
code,name_en,name_ja,country,region,size,industry,interests,keywords
C-BATT,Sakura Battery,さくら電池,JP,japan,large,batteries,H01M:1,リチウムイオン電池
C-PHARMA,Acme Pharma,,US,north_america,sme,pharma,A61K:1; A61P:0.5,drug delivery
CSV
expect 0 "company import csv" -- C company import "$WORK/companies.csv"
contains "$WORK/out" "read 2, inserted 2, updated 0, unchanged 0, rejected 0" "import counts"
expect 0 "company import again" -- C company import "$WORK/companies.csv"
contains "$WORK/out" "unchanged 2" "re-import unchanged"
cat > "$WORK/companies.jsonl" <<'JSONL'
{"code":"C-EU","name_en":"Euro Cells","country":"DE","region":"europe","size":"startup","interests":[{"code":"H01M 10/052","weight":0.75}],"keywords":"electrolyte"}
JSONL
expect 0 "company import jsonl" -- C company import "$WORK/companies.jsonl"
expect 0 "company show" -- C company show C-PHARMA --format json
contains "$WORK/out" '"region": "north_america"' "show region"
contains "$WORK/out" '"weight": "0.5"' "show weight"
expect 0 "company list csv" -- C company list --format csv
contains "$WORK/out" "C-EU,Euro Cells,DE,europe,startup,,H01M 10/052:0.75,electrolyte" "list csv row"

# Bad company files are refused whole.
printf 'code,name_en,country,region,size,interests\nC-NEW,New,JP,japan,sme,H01M\nC-X,X,JP,mars,sme,H01M\nC-Y,Y,JP,japan,sme,nonsense\n' > "$WORK/bad.csv"
refused "bad company file" "2 invalid record(s)" -- C company import "$WORK/bad.csv"
contains "$WORK/err" "bad.csv:3: region: 'mars' is not one of" "bad region line"
contains "$WORK/err" "bad.csv:4: interests[0]: 'nonsense' is not an IPC/CPC symbol" "bad interest line"
printf 'code,name_en,country,region,size\nU-TOKYO,Tokyo,JP,japan,large\n' > "$WORK/kind.csv"
refused "university as company" "U-TOKYO is an institution of kind university, not a company" -- \
  C company import "$WORK/kind.csv"
expect 64 "unknown extension" -- C company import "$WORK/companies.txt"

# Ranked queries with their reasons.
expect 0 "match company json" -- C match company C-BATT --top 5 --date 2022-01-01 --format json
contains "$WORK/out" '"company": "C-BATT"' "subject"
contains "$WORK/out" '"package": "PKG-BATT"' "battery package ranked"
contains "$WORK/out" '"interest": "H01M"' "matching interest shown"
contains "$WORK/out" '"code": "H01M 10/052"' "matching code shown"
contains "$WORK/out" '"level": "subclass"' "match level shown"
contains "$WORK/out" '"classification": {' "components shown"
contains "$WORK/out" '"weight": 0.45' "component weight shown"
contains "$WORK/out" '"package_name": "Battery"' "package name beside its code"
# One scale: points 0-100 with one decimal (not millionths).
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    s = r["score"]
    assert 0 < s <= 100 and round(s, 1) == s, s
    c = r["components"]["classification"]
    assert 0 <= c["score"] <= 100 and c["weight"] == 0.45, c
' "$WORK/out" && ok || bad "scores are points 0-100 with one decimal"
lacks "$WORK/out" "PKG-PHARMA" "pharma package not matched"
first=$(grep -m1 '"package"' "$WORK/out")
case "$first" in *PKG-BATT*) ok ;; *) bad "PKG-BATT should rank first: $first" ;; esac
expect 0 "match company table" -- C match company C-BATT --top 5 --date 2022-01-01
contains "$WORK/out" "H01M~H01M 10/052 (subclass)" "why column"
contains "$WORK/out" "classification ×0.45" "weight beside the component"
contains "$WORK/out" "words: " "text evidence as words"
lacks "$WORK/out" "ン電" "no character bigrams"
expect 0 "match package" -- C match package PKG-PHARMA --top 3 --date 2022-01-01 --format json
contains "$WORK/out" '"company": "C-PHARMA"' "pharma company ranked"
refused "match unknown company" "no company C-NONE" -- C match company C-NONE --date 2022-01-01
refused "match unknown package" "no package PKG-NONE" -- C match package PKG-NONE --date 2022-01-01
refused "match a university" "not a company" -- C match company U-TOKYO --date 2022-01-01

# Signals.
refused "interest unknown package" "no package PKG-NONE" -- C interest add C-EU PKG-NONE --noted-on 2021-06-01
refused "interest unknown company" "C-NONE" -- C interest add C-NONE PKG-PHARMA --noted-on 2021-06-01
expect 64 "interest bad date" -- C interest add C-EU PKG-PHARMA --noted-on 2021-13-01
expect 0 "interest add" -- C interest add C-EU PKG-PHARMA --noted-on 2021-06-01 --note "asked for claims"
contains "$WORK/out" "C-EU in PKG-PHARMA on 2021-06-01" "interest output"
expect 0 "match package after interest" -- C match package PKG-PHARMA --top 3 --date 2022-01-01 --format json
contains "$WORK/out" '"company": "C-EU"' "interest brings C-EU in"
contains "$WORK/out" '"interest": true' "interest flag"
cat > "$WORK/event.json" <<'JSON'
{"code":"EV-2021-07","name":"新技術説明会","kind":"briefing","held_on":"2021-07-01","packages":["PKG-CATH"],"companies":["C-PHARMA"]}
JSON
expect 0 "event add" -- C event add "$WORK/event.json"
refused "event again" "already exists" -- C event add "$WORK/event.json"
echo '{"code":"EV-X","name":"Fair","held_on":"2021-07-01","packages":["PKG-CATH"],"room":"A"}' > "$WORK/bad_event.json"
refused "event unknown key" "'room' is not a known key" -- C event add "$WORK/bad_event.json"
expect 0 "match package after event" -- C match package PKG-CATH --date 2022-01-01 --format json
contains "$WORK/out" '"attended": true' "attendance counted"

# Candidate edges and the assignment.
expect 0 "edges csv" -- C match edges --top 10 --date 2022-01-01 --format csv
contains "$WORK/out" "company,package,score" "edges header"
contains "$WORK/out" "C-BATT,PKG-BATT," "edge present"
edges=$(($(wc -l < "$WORK/out") - 1))
[ "$edges" -ge 5 ] && ok || bad "expected at least 5 edges, got $edges"
cp "$WORK/out" "$WORK/edges.csv"
expect 0 "assign json" -- C match assign --package-cap 1 --company-cap 1 --top 10 --date 2022-01-01 --format json
contains "$WORK/out" '"pairs": [' "pairs"
contains "$WORK/out" '"total": ' "total"
cp "$WORK/out" "$WORK/assign.json"
# The total equals networkx max_weight_matching on the same edges.
total=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$WORK/assign.json")
sum=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(round(sum(p["score"] for p in d["pairs"]), 1))' "$WORK/assign.json")
[ "$total" = "$sum" ] && ok || bad "total $total is not the sum of the pairs $sum"
# (the script reads integer ids: number the codes)
# (and integer weights: the points in tenths)
awk -F, 'NR == 1 { print; next } { if (!($1 in c)) c[$1] = nc++; if (!($2 in p)) p[$2] = np++; printf "%s,%s,%d\n", c[$1], p[$2], $3 * 10 + 0.5 }' \
  "$WORK/edges.csv" > "$WORK/edges_ids.csv"
nx=$(/usr/bin/python3 "$(dirname "$0")/../graph/assignment_networkx.py" "$WORK/edges_ids.csv" | sed -n 's/^total \([0-9]*\) .*/\1/p')
total10=$(/usr/bin/python3 -c 'import sys; print(round(float(sys.argv[1]) * 10))' "$total")
[ "$total10" = "$nx" ] && ok || bad "assign total $total (tenths $total10), networkx $nx"
expect 0 "assign table" -- C match assign --package-cap 2 --company-cap 2 --top 10 --date 2022-01-01
contains "$WORK/out" "total " "table total line"
expect 64 "assign zero cap" -- C match assign --package-cap 0 --date 2022-01-01
contains "$WORK/err" "--package-cap: must be at least 1" "zero cap names the flag"

# Consortium: owners plus best companies; an exclusive licence elsewhere in
# the field leaves a company out.
expect 0 "consortium" -- C match consortium PKG-BATT --date 2022-01-01 --format json
contains "$WORK/out" '"code": "U-TOKYO"' "owner university"
contains "$WORK/out" '"company": "C-EU"' "C-EU candidate before a licence"
SQL "INSERT INTO agreement (reference, licensee_id, package_id, exclusive, field, starts_on, ends_on, currency, upfront_minor, minimum_annual_minor, sublicense_share_bps, policy, terms, created_at) SELECT 'LIC-EU', i.id, p.id, 1, 'batteries', '2021-01-01', '2030-12-31', 'JPY', 0, 0, 0, 'default', '{}', '2021-01-01T00:00:00Z' FROM institution i, package p WHERE i.code = 'C-EU' AND p.code = 'PKG-CATH'" >/dev/null
SQL "INSERT INTO agreement_patent (agreement_id, patent_id, weight) SELECT a.id, pt.id, 1 FROM agreement a, patent pt WHERE a.reference = 'LIC-EU' AND pt.application_number = 'JP2015000003A'" >/dev/null
expect 0 "consortium after licence" -- C match consortium PKG-BATT --date 2022-01-01 --format json
contains "$WORK/out" '"agreement": "LIC-EU"' "C-EU excluded with its licence"
expect 0 "assign leaves out exclusive" -- C match assign --top 10 --date 2022-01-01 --format json
contains "$WORK/out" '"excluded_packages": [' "excluded list"
lacks "$WORK/out" '"package": "PKG-CATH"' "exclusively licensed package not offered"

# Proposals leave out a declined pair (matching.declined_days), a licensed
# pair and packages not marketed, and say how many and why.
expect 0 "staff" -- C staff add --code ST-SATO --name-latin "Sato Hanako" --name-ja 佐藤花子 --region japan
expect 0 "decline" -- C deal set C-BATT PKG-BATT declined --changed-on 2021-12-01 --staff ST-SATO --note "not now"
expect 0 "match company after decline" -- C match company C-BATT --date 2022-01-01
lacks "$WORK/out" "PKG-BATT" "declined package not proposed"
# PKG-CATH, under the exclusive licence LIC-EU, is licensed: not marketed.
contains "$WORK/out" "left out 2: declined 1, package_not_marketed 1" "left-out count in text"
expect 0 "match company after decline json" -- C match company C-BATT --date 2022-01-01 --format json
contains "$WORK/out" '"reason": "declined"' "left-out reason in json"
contains "$WORK/out" '"left_out_total": 2' "left-out total in json"
refused "match an exclusively licensed package" "PKG-CATH is licensed: only marketed packages are proposed" -- \
  C match package PKG-CATH --date 2022-01-01
expect 0 "match the package once the licence ended" -- C match package PKG-CATH --date 2031-01-01
expect 0 "match company a year on" -- C match company C-BATT --date 2022-12-02 --format json
contains "$WORK/out" '"package": "PKG-BATT"' "proposed again after matching.declined_days"
expect 0 "draft pharma" -- C package status PKG-PHARMA --status draft --date 2021-12-01
refused "match a draft package" "PKG-PHARMA is draft: only marketed packages are proposed" -- \
  C match package PKG-PHARMA --date 2022-01-01
expect 0 "assign after decline" -- C match assign --top 10 --date 2022-01-01 --format json
lacks "$WORK/out" '"package": "PKG-PHARMA"' "draft package not offered"
contains "$WORK/out" '"reason": "package_not_marketed"' "assign counts the draft package's pairs"
contains "$WORK/out" '"reason": "declined"' "assign counts the declined pair"
expect 0 "assign after decline table" -- C match assign --top 10 --date 2022-01-01
contains "$WORK/out" "left out " "assign says what it left out"

# One company from a .json file: the same reader and keys as a .jsonl line.
cat > "$WORK/company.json" <<'JSON'
{
  "code": "C-KR", "name_en": "Hanbit", "country": "KR", "region": "asia_other", "size": "sme",
  "interests": [{"code": "H01L", "weight": "0.5"}, "G06N"]
}
JSON
expect 0 "company add" -- C company add "$WORK/company.json"
contains "$WORK/out" "company C-KR: inserted" "company add outcome"
expect 0 "company add again" -- C company add "$WORK/company.json"
contains "$WORK/out" "company C-KR: unchanged" "company add unchanged"
printf '{"code":"C-Q","name_en":"Q","country":"JP","region":"japan","size":"huge","colour":"red"}\n' > "$WORK/bad_company.json"
expect 65 "company add bad" -- C company add "$WORK/bad_company.json"
contains "$WORK/err" "colour: unknown field 'colour'" "company add unknown key"

finish
