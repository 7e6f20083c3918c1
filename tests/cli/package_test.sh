#!/usr/bin/env bash
# End-to-end checks of `chizai package …` and `chizai consortium …` on one
# backend.
#   package_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" package

# Everything the package and consortium tables hold, as the commands show it.
snapshot() {
  {
    C package list --format json
    for p in PKG-BATT PKG-W; do C package show "$p" --at 2030-01-01 --history --format json; done
    C consortium list --format json
    C consortium show CONS-BATT --format json
  } 2>&1
}

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","name_ja":"東京大学","country":"JP"}
{"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","name_ja":"京都大学","country":"JP"}
{"code":"T-TLO","kind":"tlo","name_en":"Todai TLO","name_ja":"東京大学TLO","country":"JP"}
{"code":"C-0001","kind":"company","name_en":"Sakura Denki K.K.","name_ja":"さくら電機株式会社","country":"JP"}
{"code":"C-0002","kind":"company","name_en":"Fuji Kagaku K.K.","name_ja":"富士化学株式会社","country":"JP"}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
# A JP first filing with PCT and US follow-ons (one simple family), and others.
expect 0 "patent JP" -- C patent add --number "JP 2012-000001" --jurisdiction JP --filing-date 2012-03-01 \
  --title "Solid electrolyte" --title-ja "固体電解質" --owner U-TOKYO:1/2 --owner C-0001:1/2
expect 0 "patent PCT" -- C patent add --number "PCT/JP2013/000123" --jurisdiction WO --kind pct \
  --filing-date 2013-02-20 --title "Solid electrolyte" --owner U-TOKYO:1/2 --owner C-0001:1/2 \
  --priority "JP2012000001A@2012-03-01:paris"
expect 0 "patent US" -- C patent add --number US201313844704A --jurisdiction US --filing-date 2013-03-01 \
  --title "Solid electrolyte" --owner U-TOKYO:1/2 --owner C-0001:1/2 --priority "JP2012000001A@2012-03-01:paris"
for n in 2015-000010 2016-000020 2017-000030; do
  expect 0 "patent JP $n" -- C patent add --number "JP $n" --jurisdiction JP --filing-date "${n:0:4}-01-10" \
    --title "Cathode $n" --owner U-KYOTO:1
done

# create: core and peripheral, from two institutions; shares 1/3 each.
expect 0 "package create" -- C package create --code PKG-BATT --name-en "Solid-state battery" \
  --name-ja "全固体電池" --theme "energy storage" --core "JP 2012-000001" \
  --peripheral "JP2015000010A, US201313844704A" --date 2020-04-01
contains "$WORK/out" "package PKG-BATT created on 2020-04-01 (draft, 1 core, 2 peripheral)" "create output"
expect 0 "package show json" -- C package show PKG-BATT --at 2020-04-01 --format json
contains "$WORK/out" '"name_ja": "全固体電池"' "show name_ja"
contains "$WORK/out" '"total_weight": 3' "show total weight"
contains "$WORK/out" '"share": "1/3"' "equal shares"
contains "$WORK/out" '"institution": "C-0001"' "owners listed"
expect 0 "package show table" -- C package show PKG-BATT --at 2020-04-01
contains "$WORK/out" "U-TOKYO 1/2; C-0001 1/2" "owners in table"
expect 0 "package show csv" -- C package show PKG-BATT --at 2020-04-01 --format csv
contains "$WORK/out" "application,role,weight,share,since,owners,title" "show csv header"
contains "$WORK/out" "JP2012000001A,core,1,1/3,2020-04-01,U-TOKYO 1/2; C-0001 1/2,Solid electrolyte" "show csv row"

# Refusals on create.
expect 64 "create with an empty core" -- C package create --code PKG-X --name-en X --name-ja X --core ""
contains "$WORK/err" "--core '': an empty application number" "empty core message"
expect 64 "create without core" -- C package create --code PKG-X --name-en X --name-ja X
contains "$WORK/err" "--core is required" "core required"
refused "create unknown patent" "unknown patent 'JP2099999999A'" -- \
  C package create --code PKG-X --name-en X --name-ja X --core JP2099999999A
refused "create duplicate code" "package PKG-BATT already exists" -- \
  C package create --code PKG-BATT --name-en X --name-ja X --core JP2016000020A
refused "create listed twice" "JP2016000020A is listed twice" -- \
  C package create --code PKG-X --name-en X --name-ja X --core JP2016000020A --peripheral "JP 2016-000020"

# Dated membership: JP2016000020A joins on D1 = 2021-04-01, leaves on D2 = 2022-10-01.
expect 0 "add" -- C package add PKG-BATT "JP 2016-000020" --role peripheral --date 2021-04-01
contains "$WORK/out" "PKG-BATT: added JP2016000020A (peripheral, weight 1) from 2021-04-01" "add output"
expect 0 "remove" -- C package remove PKG-BATT JP2016000020A --date 2022-10-01
member_at() { # DATE → 0 when JP2016000020A is a member on DATE
  C package show PKG-BATT --at "$1" --format json | grep -qF '"application_number": "JP2016000020A"'
}
if member_at 2021-03-31; then bad "member before D1"; else ok; fi
if member_at 2021-04-01; then ok; else bad "not a member on D1"; fi
if member_at 2022-01-01; then ok; else bad "not a member between D1 and D2"; fi
if member_at 2022-10-01; then bad "still a member on D2"; else ok; fi
expect 0 "show between" -- C package show PKG-BATT --at 2022-01-01 --format json
contains "$WORK/out" '"share": "1/4"' "four members: 1/4 each"
expect 0 "show history" -- C package show PKG-BATT --at 2022-01-01 --history --format json
contains "$WORK/out" '"removed_on": "2022-10-01"' "removed row kept"
refused "show before creation" "package PKG-BATT had no members on 2019-01-01 (it was created on 2020-04-01)" -- \
  C package show PKG-BATT --at 2019-01-01

# Membership refusals.
refused "remove non-member" "JP2016000020A is not a current member of package PKG-BATT" -- \
  C package remove PKG-BATT JP2016000020A --date 2023-01-01
refused "remove last core" "it is the last core patent" -- \
  C package remove PKG-BATT JP2012000001A --date 2023-01-01
refused "add unknown patent" "unknown patent 'JP2099999999A'" -- \
  C package add PKG-BATT JP2099999999A --role core --date 2023-01-01
refused "add unknown family" "package member from an unknown family: no patent 'JP2099999999A' in the registry" -- \
  C package add PKG-BATT --family JP2099999999A --role peripheral --date 2023-01-01
refused "add member twice" "JP2015000010A is already in package PKG-BATT" -- \
  C package add PKG-BATT JP2015000010A --role core --date 2023-01-01
refused "rejoin before leaving" "until 2022-10-01" -- \
  C package add PKG-BATT JP2016000020A --role peripheral --date 2022-06-01
refused "unknown package" "unknown package code 'PKG-NONE'" -- \
  C package add PKG-NONE JP2016000020A --role core --date 2023-01-01
refused "weight zero" "weight 0 is not a whole number from 1 to 1000000" -- \
  C package weight PKG-BATT JP2012000001A 0 --date 2023-01-01

# Family add: the whole simple family, members already in skipped.
expect 0 "family add" -- C package add PKG-BATT --family "PCT/JP2013/000123" --role peripheral --date 2023-01-01
contains "$WORK/out" "PKG-BATT: simple family JP2012000001A" "family named"
contains "$WORK/out" "added JP2013000123W (peripheral, weight 1) from 2023-01-01" "family member added"
contains "$WORK/out" "skipped (already members): JP2012000001A, US201313844704A" "family members skipped"

# Weights and exact shares: 2,1,1 → 1/2, 1/4, 1/4.
expect 0 "create PKG-W" -- C package create --code PKG-W --name-en Weighted --name-ja 重み \
  --core JP2016000020A --peripheral JP2015000010A,JP2017000030A --date 2020-01-01
expect 0 "weight" -- C package weight PKG-W JP2016000020A 2 --date 2021-01-01
contains "$WORK/out" "PKG-W: JP2016000020A weight 1 -> 2 from 2021-01-01" "weight output"
expect 0 "show weighted" -- C package show PKG-W --at 2021-01-01 --format json
tr -d ' \n' < "$WORK/out" > "$WORK/flat"
contains "$WORK/flat" '"application_number":"JP2016000020A","role":"core","weight":2,"share":"1/2","added_on":"2020-01-01","weight_since":"2021-01-01"' "core share 1/2"
contains "$WORK/flat" '"application_number":"JP2015000010A","role":"peripheral","weight":1,"share":"1/4"' "peripheral 1/4"
contains "$WORK/flat" '"application_number":"JP2017000030A","role":"peripheral","weight":1,"share":"1/4"' "peripheral 1/4 (2)"
expect 0 "show before weight" -- C package show PKG-W --at 2020-12-31 --format json
contains "$WORK/out" '"share": "1/3"' "old weights before the change"
lacks "$WORK/out" '"share": "1/2"' "no new weight before the change"
expect 0 "add with weight" -- C package add PKG-W JP2012000001A --role peripheral --weight 4 --date 2022-01-01
expect 0 "show weight 4" -- C package show PKG-W --at 2022-01-01
contains "$WORK/out" "total weight 8" "total weight"

# Status moves.
expect 0 "status marketed" -- C package status PKG-BATT --status marketed --date 2023-02-01
contains "$WORK/out" "PKG-BATT: draft -> marketed on 2023-02-01" "status output"
# licensed comes only from an exclusive licence agreement in force.
refused "status licensed by hand" \
  "package PKG-BATT cannot be set licensed on 2023-03-01: a package is licensed only while an exclusive licence" -- \
  C package status PKG-BATT --status licensed --date 2023-03-01
expect 64 "status bad word" -- C package status PKG-BATT --status sold
contains "$WORK/err" "use draft, marketed, licensed, retired" "status words"
expect 0 "list marketed" -- C package list --status marketed --format json
contains "$WORK/out" '"code": "PKG-BATT"' "marketed listed"
lacks "$WORK/out" '"code": "PKG-W"' "draft not listed"
expect 0 "list licensed" -- C package list --status licensed --at 2023-03-01 --format json
lacks "$WORK/out" '"code": "PKG-BATT"' "not licensed without an agreement"
expect 0 "list csv" -- C package list --format csv
contains "$WORK/out" "code,name_en,name_ja,theme,status,created_on,core,peripheral" "csv header"
contains "$WORK/out" "PKG-BATT,Solid-state battery,全固体電池,energy storage,marketed,2020-04-01,1,3" "csv row"
contains "$WORK/out" "PKG-W,Weighted,重み,,draft,2020-01-01,1,3" "csv row 2"

# Usage errors.
expect 64 "bad role" -- C package add PKG-W JP2013000123W --role main
contains "$WORK/err" "--role: has an unknown value 'main': use core, peripheral" "role words"
expect 64 "bad date" -- C package add PKG-W JP2013000123W --role core --date 2023-02-30
expect 64 "number and family" -- C package add PKG-W JP2013000123W --family JP2012000001A --role core
contains "$WORK/err" "give either NUMBER or --family NUMBER" "number or family"
expect 64 "weight not a number" -- C package weight PKG-W JP2016000020A two

# Consortia.
expect 0 "consortium create" -- C consortium create --code CONS-BATT --package PKG-BATT --date 2023-04-01
expect 0 "consortium add university" -- C consortium add CONS-BATT --institution U-TOKYO --role university --date 2023-04-01
expect 0 "consortium add company" -- C consortium add CONS-BATT --institution C-0001 --role licensee_candidate \
  --date 2023-04-10 --nda-date 2023-04-20
expect 0 "consortium add tlo" -- C consortium add CONS-BATT --institution T-TLO --role university \
  --date 2023-04-10 --nda-status requested
expect 0 "consortium nda" -- C consortium nda CONS-BATT --institution U-TOKYO --status signed --date 2023-05-01
contains "$WORK/out" "CONS-BATT: U-TOKYO NDA signed 2023-05-01" "nda output"
expect 0 "consortium show json" -- C consortium show CONS-BATT --format json
tr -d ' \n' < "$WORK/out" > "$WORK/flat"
contains "$WORK/flat" '"institution":"C-0001","kind":"company","name_en":"SakuraDenkiK.K.","name_ja":"さくら電機株式会社","role":"licensee_candidate","joined_on":"2023-04-10","nda_status":"signed","nda_date":"2023-04-20"' "company member"
contains "$WORK/flat" '"institution":"T-TLO","kind":"tlo","name_en":"TodaiTLO","name_ja":"東京大学TLO","role":"university","joined_on":"2023-04-10","nda_status":"requested","nda_date":"2023-04-10"' "tlo member"
contains "$WORK/flat" '"role":"university","joined_on":"2023-04-01","nda_status":"signed","nda_date":"2023-05-01"' "nda updated"
expect 0 "consortium show csv" -- C consortium show CONS-BATT --format csv
contains "$WORK/out" "C-0001,company,licensee_candidate,2023-04-10,signed,2023-04-20,Sakura Denki K.K." "consortium csv row"
expect 0 "consortium list" -- C consortium list --package PKG-BATT --format json
contains "$WORK/out" '"nda_signed": 2' "list counts signed NDAs"
refused "consortium unknown package" "unknown package code 'PKG-NONE'" -- \
  C consortium create --code CONS-X --package PKG-NONE --date 2023-04-01
refused "consortium unknown institution" "unknown institution code 'U-NOWHERE'" -- \
  C consortium add CONS-BATT --institution U-NOWHERE --role partner --date 2023-04-01
refused "consortium duplicate member" "institution U-TOKYO is already a member of consortium CONS-BATT" -- \
  C consortium add CONS-BATT --institution U-TOKYO --role partner --date 2023-06-01
refused "licensee not a company" "institution U-KYOTO is a university, not a company" -- \
  C consortium add CONS-BATT --institution U-KYOTO --role licensee_candidate --date 2023-06-01
refused "university role for a company" "the university role needs a university, tlo or public_lab" -- \
  C consortium add CONS-BATT --institution C-0002 --role university --date 2023-06-01
refused "nda before joined" "the NDA date 2023-05-31 of U-KYOTO is before its joined date 2023-06-01" -- \
  C consortium add CONS-BATT --institution U-KYOTO --role university --date 2023-06-01 --nda-date 2023-05-31
refused "nda backwards" "cannot move from signed to requested" -- \
  C consortium nda CONS-BATT --institution U-TOKYO --status requested --date 2023-06-01
expect 64 "consortium bad role" -- C consortium add CONS-BATT --institution U-KYOTO --role sponsor --date 2023-06-01
contains "$WORK/err" "use university, licensee_candidate, partner" "consortium role words"

# Every change is in the history (when the history command is present).
if "$BIN" history --help >/dev/null 2>&1; then
  expect 0 "history" -- C history --entity-type package --key PKG-BATT --format csv
  for action in package.create package.add package.remove package.status; do
    contains "$WORK/out" "$action" "history has $action"
  done
  contains "$WORK/out" "tester" "history names the actor"
  expect 0 "consortium history" -- C history --entity-type consortium --key CONS-BATT --format csv
  contains "$WORK/out" "consortium.nda" "history has consortium.nda"
fi

finish
