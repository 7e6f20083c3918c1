#!/usr/bin/env bash
# End-to-end checks of institution aliases and number look-ups through the
# chizai binary, on one backend (issue 22, sections 2 and 3):
# institution alias add|list|remove, a key two institutions claim refused
# naming both (nothing written), aliases in the institutions file (JSONL and
# CSV), institution resolve (the closest when unresolved), and patent show
# by the old US form, the series form, a publication number, and the
# ambiguous series form refused naming both.
#   alias_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" alias
snapshot() {
  SQL "SELECT COUNT(*) FROM change_log" > "$WORK/snap"
  SQL "SELECT i.code, a.alias, a.alias_key FROM institution_alias a JOIN institution i ON i.id = a.institution_id ORDER BY 1, 2" >> "$WORK/snap"
  cat "$WORK/snap"
}

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","name_ja":"東京大学","country":"JP"}
{"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","name_ja":"京都大学","country":"JP","aliases":["KYODAI"]}
{"code":"C-0001","kind":"company","name_en":"Sakura Denki K.K.","name_ja":"さくら電機株式会社","country":"JP"}
JSONL
expect 0 "institution import with aliases" -- C institution import "$WORK/institutions.jsonl"

expect 0 "alias add" -- C institution alias add U-TOKYO "TODAI"
contains "$WORK/out" "institution U-TOKYO: alias 'TODAI' inserted (key 'todai')" "alias add says so"
expect 0 "alias add, same key" -- C institution alias add U-TOKYO "ｔｏｄａｉ."
contains "$WORK/out" "alias 'TODAI' unchanged" "the same key is unchanged"
refused "another institution's alias" "is already the alias 'TODAI' of U-TOKYO; it cannot also name U-KYOTO" \
  -- C institution alias add U-KYOTO "Todai"
refused "another institution's name" "is the name 'The University of Tokyo' of U-TOKYO" \
  -- C institution alias add U-KYOTO "UNIV OF TOKYO"
refused "no letter" "has no letter or digit" -- C institution alias add U-TOKYO "..."
refused "unknown institution" "no institution with code 'U-NOWHERE'" -- C institution alias add U-NOWHERE "X"

expect 0 "alias list" -- C institution alias list U-KYOTO --format json
equals "U-KYOTO's alias from the file" "$(json "$WORK/out" "d['aliases'][0]['alias'] + ' ' + d['aliases'][0]['key']")" "KYODAI kyodai"
expect 0 "alias list csv" -- C institution alias list U-TOKYO --format csv
contains "$WORK/out" "TODAI,todai," "csv row"

expect 0 "resolve" -- C institution resolve "国立大学法人東京大学" "THE UNIVERSITY OF TOKYO" "SAKURA DENKI CO., LTD." "Todai"
contains "$WORK/out" "'国立大学法人東京大学' -> U-TOKYO (matched '東京大学')" "Japanese legal form"
contains "$WORK/out" "'THE UNIVERSITY OF TOKYO' -> U-TOKYO (matched 'The University of Tokyo')" "English name"
contains "$WORK/out" "'SAKURA DENKI CO., LTD.' -> C-0001" "Co., Ltd."
contains "$WORK/out" "'Todai' -> U-TOKYO (matched 'TODAI')" "alias"
expect 65 "resolve unresolved" -- C institution resolve "UNIV TOKY"
# "university toky" is one insertion from "university tokyo": 1000 × 15/16 = 937.
contains "$WORK/out" "'UNIV TOKY' matches no institution; closest: U-TOKYO (The University of Tokyo, 937‰)" "closest"
expect 65 "resolve json" -- C institution resolve "UNIV TOKY" --format json
equals "closest in json" "$(json "$WORK/out" "d[0]['closest'][0]['institution'], d[0]['closest'][0]['similarity_permille'], d[0]['institution']")" "U-TOKYO 937 None"

expect 0 "alias remove" -- C institution alias remove U-TOKYO "ＴＯＤＡＩ"
contains "$WORK/out" "alias 'TODAI' removed" "removed"
refused "remove again" "U-TOKYO has no alias 'TODAI'" -- C institution alias remove U-TOKYO "TODAI"

# registry.institution_names replaces the built-in rules; a bad line stops
# the command naming it.
printf 'legal Pty Ltd\nlegal K.K.\nignore the\nignore of\n' > "$WORK/names.txt"
printf 'registry.institution_names = %s\n' "$WORK/names.txt" > "$WORK/chizai.properties"
expect 0 "own rules" -- "$BIN" --config "$WORK/chizai.properties" --db "$DB" institution resolve "Sakura Denki Pty Ltd"
contains "$WORK/out" "-> C-0001" "a legal form from the configured file"
expect 65 "own rules drop the built-in ones" -- "$BIN" --config "$WORK/chizai.properties" --db "$DB" institution resolve "SAKURA DENKI CO., LTD."
printf 'legal Oy\nremove Oy\n' > "$WORK/names.txt"
expect 65 "bad rules" -- "$BIN" --config "$WORK/chizai.properties" --db "$DB" institution resolve "X"
contains "$WORK/err" "institution name rules, line 2: unknown directive 'remove'" "the bad line is named"

# The file: a second institution claiming U-KYOTO's alias refuses the file, naming both.
cat > "$WORK/clash.csv" <<'CSV'
code,kind,name_en,name_ja,country,aliases
U-OSAKA,university,Osaka University,大阪大学,JP,HANDAI; Kyodai
CSV
refused "file claiming another's alias" "is already the alias 'KYODAI' of U-KYOTO; it cannot also name U-OSAKA" \
  -- C institution import "$WORK/clash.csv"
cat > "$WORK/osaka.csv" <<'CSV'
code,kind,name_en,name_ja,country,aliases
U-OSAKA,university,Osaka University,大阪大学,JP,HANDAI; 阪大
CSV
expect 0 "csv with aliases" -- C institution import "$WORK/osaka.csv"
expect 0 "resolve handai" -- C institution resolve "handai"
contains "$WORK/out" "-> U-OSAKA" "the csv alias resolves"
expect 0 "history of an alias" -- C history --entity-type institution --key U-TOKYO
contains "$WORK/out" "institution.alias_remove" "alias changes are in the history"

# Numbers: the old US form, the series form, a publication number.
cat > "$WORK/patents.jsonl" <<'JSONL'
{"application_number":"US20685698A","jurisdiction":"US","filing_date":"1998-12-08","title":"Old","owners":[{"institution":"U-TOKYO","share":"1"}]}
{"application_number":"US 13/167,395","filing_date":"2011-06-23","title":"Eleven","owners":[{"institution":"U-TOKYO","share":"1"}]}
{"application_number":"US 13/167,395","filing_date":"2012-06-23","title":"Twelve","owners":[{"institution":"U-TOKYO","share":"1"}]}
{"application_number":"PCT/US2013/064552","filing_date":"2013-10-11","kind":"pct","title":"Pct","publication_number":"WO 2014/059999 A1","owners":[{"institution":"U-KYOTO","share":"1"}]}
JSONL
expect 0 "patent import" -- C patent import "$WORK/patents.jsonl"
for spelled in "US20685698A" "US 20685698 A" "09/206,856" "US199809206856A"; do
  expect 0 "patent show $spelled" -- C patent show "$spelled" --format json
  equals "patent show $spelled" "$(json "$WORK/out" "d['application_number']")" "US20685698A"
done
expect 0 "patent show by publication" -- C patent show "WO 14/059999" --format json
equals "publication number" "$(json "$WORK/out" "d['application_number']")" "US2013064552W"
refused "series form of two applications" \
  "matches 2 registered applications: US201113167395A, US201213167395A" -- C patent show "US 13/167,395"
expect 0 "with its year" -- C patent show "US201213167395A" --format json
equals "with its year" "$(json "$WORK/out" "d['title']")" "Twelve"
refused "a serial + year after 2001" "without the series code" -- C patent show "US2366704A"

finish
