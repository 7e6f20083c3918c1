#!/usr/bin/env bash
# Japanese spreadsheets end to end on one backend: CSV files saved by Excel
# on Japanese Windows (CP932) import with --encoding cp932 and without it
# (detected, and said so), to the very records their UTF-8 twins give; a
# file that is neither UTF-8 nor CP932 is refused naming the line and byte
# offset, nothing written. tests/data/cp932/*.cp932.csv are
# iconv -f UTF-8 -t CP932 of the .utf8.csv files beside them.
#   encoding_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" encoding
DATA="$(cd "$(dirname "$0")/../data/cp932" && pwd)"
snapshot() {
  C institution list --format csv
  C patent list --format json
  C company list --format csv
}

expect 0 "migrate" -- C db migrate

# --encoding cp932: read as CP932, said in the summary.
expect 0 "institutions cp932" -- C institution import "$DATA/institutions.cp932.csv" --encoding cp932
contains "$WORK/out" "inserted 4" "institutions inserted"
contains "$WORK/out" ", read as CP932" "summary says CP932"
lacks "$WORK/out" "not valid UTF-8" "named, not detected"
# Without --encoding: detected, said on stderr (with where UTF-8 failed) and in the summary.
expect 0 "patents detected" -- C patent import "$DATA/patents.cp932.csv"
contains "$WORK/out" "inserted 3" "patents inserted"
contains "$WORK/out" "read as CP932 (not valid UTF-8)" "summary says detected"
contains "$WORK/err" "patents.cp932.csv: read as CP932 (not valid UTF-8: line 2, byte offset" "stderr says detected"
expect 0 "companies cp932" -- C company import "$DATA/companies.cp932.csv" --encoding CP932
contains "$WORK/out" "inserted 2" "companies inserted"
contains "$WORK/out" ", read as CP932" "company summary says CP932"

# The characters CP932 differs on came through, and full-width numbers were read.
expect 0 "patent show" -- C patent show JP2019100001A --format json
contains "$WORK/out" '"title_ja": "固体電解質～改良型①"' "～ (U+FF5E) and ①"
contains "$WORK/out" '"claims": 12' "full-width claims"
contains "$WORK/out" '"filing_date": "2019-04-01"' "full-width date"
contains "$WORK/out" '"name": "髙橋 一郎"' "髙 (IBM extension)"
contains "$WORK/out" '"share": "1/2"' "full-width shares"
expect 0 "patent show 2" -- C patent show JP2019100002A --format json
contains "$WORK/out" '電極（－２０℃対応）②' "－ is U+FF0D"
expect 0 "institution show" -- C institution show C-0001 --format json
contains "$WORK/out" '㈱さくら電機 ｻｸﾗﾃﾞﾝｷ' "㈱ and half-width katakana"
expect 0 "company show" -- C company show C-0100 --format json
contains "$WORK/out" '㈱髙橋バッテリー' "company name"
contains "$WORK/out" '"weight": "0.5"' "full-width weight"

# The UTF-8 twins (and the CP932 files again, detected) change nothing:
# the same content imports to identical records.
snapshot > "$WORK/cp932.snapshot"
expect 0 "institutions utf-8" -- C institution import "$DATA/institutions.utf8.csv"
contains "$WORK/out" "unchanged 4" "institutions identical"
lacks "$WORK/out" "CP932" "UTF-8 is not CP932"
expect 0 "patents utf-8" -- C patent import "$DATA/patents.utf8.csv" --encoding utf-8
contains "$WORK/out" "unchanged 3" "patents identical"
expect 0 "companies utf-8" -- C company import "$DATA/companies.utf8.csv"
contains "$WORK/out" "unchanged 2" "companies identical"
expect 0 "companies detected" -- C company import "$DATA/companies.cp932.csv"
contains "$WORK/out" "unchanged 2, rejected 0" "detected companies identical"
contains "$WORK/err" "read as CP932 (not valid UTF-8" "company detection said"
expect 0 "institutions detected" -- C institution import "$DATA/institutions.cp932.csv"
contains "$WORK/out" "unchanged 4" "detected institutions identical"
snapshot > "$WORK/utf8.snapshot"
if cmp -s "$WORK/cp932.snapshot" "$WORK/utf8.snapshot"; then ok; else
  bad "UTF-8 import changed what CP932 imported"; diff "$WORK/cp932.snapshot" "$WORK/utf8.snapshot"
fi

# A UTF-8 BOM is skipped.
printf '\xEF\xBB\xBF' > "$WORK/bom.csv"
cat "$DATA/institutions.utf8.csv" >> "$WORK/bom.csv"
expect 0 "bom" -- C institution import "$WORK/bom.csv"
contains "$WORK/out" "unchanged 4" "BOM file identical"

# Refusals: exit 65, the line and byte offset named, nothing written.
printf 'code,kind,name_en,name_ja,country\r\nU-X,university,X,\x93\x8C,JP\r\nU-Y,university,Y,\x80\x80,JP\r\n' > "$WORK/neither.csv"
refused "neither UTF-8 nor CP932" "neither.csv: neither UTF-8 nor CP932: not valid UTF-8 at line 2, byte offset 52 (0x93 0x8C 0x2C 0x4A); not valid CP932 at line 3, byte offset 76 (0x80 0x80)" \
  -- C institution import "$WORK/neither.csv"
contains "$WORK/err" "nothing was written" "neither: nothing written"
refused "cp932 asked, bad byte" "not valid CP932 at line 3, byte offset 76" -- C institution import "$WORK/neither.csv" --encoding cp932
refused "utf-8 asked, CP932 given" "patents.cp932.csv: not valid UTF-8 at line 2, byte offset" \
  -- C patent import "$DATA/patents.cp932.csv" --encoding utf-8
refused "BOM with cp932" "byte order mark" -- C institution import "$WORK/bom.csv" --encoding cp932
# Usage: an unknown encoding, CP932 for JSON Lines.
expect 64 "unknown encoding" -- C institution import "$WORK/bom.csv" --encoding latin1
contains "$WORK/err" "unknown encoding 'latin1': use utf-8 or cp932" "unknown encoding named"
printf '{}\n' > "$WORK/x.jsonl"
expect 64 "cp932 jsonl" -- C patent import "$WORK/x.jsonl" --encoding cp932
contains "$WORK/err" "JSON Lines file is UTF-8" "jsonl is UTF-8"

finish
