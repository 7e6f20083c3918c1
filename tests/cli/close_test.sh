#!/usr/bin/env bash
# End-to-end checks of month close, royalty statements and the hledger
# export on one backend. The postings are written with SQL (the payment
# commands are another slice's), then closed through the real binary.
#   close_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" close
# What a refusal must leave unchanged: every table this slice writes.
snapshot() {
  SQL "SELECT COUNT(*) FROM change_log"
  SQL "SELECT * FROM closed_month ORDER BY 1"
  SQL "SELECT institution_id, month, sha256 FROM statement ORDER BY 1, 2"
  SQL "SELECT COUNT(*) FROM journal_entry"
}
payout() { # DATE REFERENCE INSTITUTION AMOUNT
  SQL "INSERT INTO journal_entry (posted_on, kind, reference, description, created_at)
       VALUES ('$1', 'payout', '$2', 'payout $2', '2026-11-01T00:00:00Z')" >/dev/null
  SQL "INSERT INTO posting (entry_id, account, currency, amount_minor, institution_id)
       SELECT (SELECT MAX(id) FROM journal_entry), 'liabilities:payable:$3', 'JPY', $4, id
       FROM institution WHERE code = '$3'" >/dev/null
  SQL "INSERT INTO posting (entry_id, account, currency, amount_minor)
       VALUES ((SELECT MAX(id) FROM journal_entry), 'assets:cash:JPY', 'JPY', -$4)" >/dev/null
}

seed_licence "Kyoto <University> & Co"
# LIC-2: a minimum annual royalty of 100,000 and no running royalties; its
# first contract year ends on 2026-06-30, so closing June invoices the true-up.
SQL "INSERT INTO agreement (reference, licensee_id, package_id, exclusive, field, starts_on, ends_on, currency,
       upfront_minor, minimum_annual_minor, sublicense_share_bps, policy, terms, created_at)
     SELECT 'LIC-2', i.id, NULL, 0, 'all', '2025-07-01', '2030-06-30', 'JPY', 0, 100000, 0, 'default', '{}',
       '2025-07-01T00:00:00Z' FROM institution i WHERE i.code = 'C-0001'" >/dev/null

# June: PAY-1 1,000,000 → U-TOKYO 444,444 (4/9), U-KYOTO 222,222 (2/9), aggregator 333,334.
# July: payout PO-1 400,000 to U-TOKYO; PAY-2 500,000 → U-TOKYO 222,222, U-KYOTO 111,111, aggregator 166,667.
# Closing June: U-TOKYO 444,444, U-KYOTO 222,222.
# Closing July: U-TOKYO 444,444 + 222,222 − 400,000 = 266,666; U-KYOTO 222,222 + 111,111 = 333,333.
entry 2026-06-10 invoice LIC-1/running_royalty "assets:receivable:C-0001 1000000" "liabilities:undistributed -1000000"
entry 2026-06-20 payment PAY-1 "assets:cash:JPY 1000000" "assets:receivable:C-0001 -1000000" \
  "liabilities:undistributed 1000000" "income:aggregator -333334" \
  "liabilities:payable:U-TOKYO -444444 U-TOKYO JP2020000001A 4/9" \
  "liabilities:payable:U-KYOTO -222222 U-KYOTO JP2020000002A 2/9"
payout 2026-07-05 PO-1 U-TOKYO 400000
entry 2026-07-15 invoice LIC-1/running_royalty "assets:receivable:C-0001 500000" "liabilities:undistributed -500000"
entry 2026-07-15 payment PAY-2 "assets:cash:JPY 500000" "assets:receivable:C-0001 -500000" \
  "liabilities:undistributed 500000" "income:aggregator -166667" \
  "liabilities:payable:U-TOKYO -222222 U-TOKYO JP2020000001A 4/9" \
  "liabilities:payable:U-KYOTO -111111 U-KYOTO JP2020000002A 2/9"

# Months close in order; refusals name what to do.
refused "close out of order" "cannot close 2026-07: months close in order; close 2026-06 first (the earliest posting is dated 2026-06-10)" -- \
  C close --month 2026-07
expect 64 "close without --month" -- C close
refused "close a malformed month" "month '2026-6' is not YYYY-MM" -- C close --month 2026-6

expect 0 "close June" -- C close --month 2026-06
contains "$WORK/out" "closed 2026-06: 3 statement(s)" "close summary (U-KYOTO, U-TOKYO and the aggregator's)"
contains "$WORK/out" "444444 JPY" "U-TOKYO closing in the close output"
contains "$WORK/out" "chizai statement --institution U-TOKYO --month 2026-06 --format html" "render command"
SHA_TOKYO_JUNE=$(SQL "SELECT s.sha256 FROM statement s JOIN institution i ON i.id = s.institution_id
                      WHERE i.code = 'U-TOKYO' AND s.month = '2026-06'")
[[ "$SHA_TOKYO_JUNE" =~ ^[0-9a-f]{64}$ ]] && ok || bad "stored sha256, got '$SHA_TOKYO_JUNE'"
contains "$WORK/out" "$SHA_TOKYO_JUNE" "close prints the stored hash"
cp "$WORK/out" "$WORK/close1"
# The close ran the true-ups (LicensingService::issue_true_ups) for June.
[ "$(SQL "SELECT issued_on || ' ' || amount_minor FROM invoice v JOIN agreement a ON a.id = v.agreement_id
          WHERE a.reference = 'LIC-2' AND v.income_type = 'minimum_true_up'")" = "2026-06-30 100000" ] \
  && ok || bad "June's close invoiced LIC-2's true-up"

# Closing it again: a no-op printing the same hashes.
before=$(snapshot)
expect 0 "close June again" -- C close --month 2026-06
contains "$WORK/out" "2026-06 was already closed" "no-op said"
contains "$WORK/out" "$SHA_TOKYO_JUNE" "same hash again"
if [ "$(snapshot)" = "$before" ]; then ok; else bad "re-close changed the database"; fi
expect 0 "close June again json" -- C close --month 2026-06 --format json
contains "$WORK/out" '"already_closed": true' "json no-op"
contains "$WORK/out" "\"sha256\": \"$SHA_TOKYO_JUNE\"" "json hash"
contains "$WORK/out" '"closing_balance_minor": 444444' "json closing"
refused "close with a gap" "cannot close 2026-09: months close in order; close 2026-07 first (the last closed month is 2026-06)" -- \
  C close --month 2026-09
refused "close an earlier month" "cannot close 2026-05: months up to 2026-06 are already locked; the next month to close is 2026-07" -- \
  C close --month 2026-05

# Statements: JSON keys and exact yen, the hash of the canonical content.
expect 0 "statement json" -- C statement --institution U-TOKYO --month 2026-06 --format json
for k in '"institution":"U-TOKYO"' '"month":"2026-06"' '"currency":"JPY"' '"provisional":false' \
         '"opening_balance_minor":0' '"income_total_minor":444444' '"payouts_total_minor":0' '"closing_balance_minor":444444' \
         '"date":"2026-06-20","agreement":"LIC-1","licensee":"C-0001","package":"PKG-A","patent":"JP2020000001A","income_type":"running_royalty","payment_reference":"PAY-1","share":"4/9","currency":"JPY","amount_minor":444444' \
         '"payouts":[]' "\"sha256\":\"$SHA_TOKYO_JUNE\"}"; do
  contains "$WORK/out" "$k" "statement json $k"
done
if command -v jq >/dev/null; then
  # sha256 is over the canonical JSON without its own key.
  got=$(jq -cj 'del(.sha256)' "$WORK/out" | sha256sum | cut -d' ' -f1)
  [ "$got" = "$SHA_TOKYO_JUNE" ] && ok || bad "sha256 of the canonical content: $got vs $SHA_TOKYO_JUNE"
fi
# Byte-identical re-renders, in every format.
for f in json csv html table; do
  expect 0 "render $f 1" -- C statement --institution U-KYOTO --month 2026-06 --format $f --output "$WORK/a.$f"
  expect 0 "render $f 2" -- C statement --institution U-KYOTO --month 2026-06 --format $f --output "$WORK/b.$f"
  cmp -s "$WORK/a.$f" "$WORK/b.$f" && ok || bad "$f re-render differs"
done
contains "$WORK/a.csv" "institution,party,month,currency,status,sha256,kind,date,reference,agreement,licensee,package,patent,income_type,share,amount,original_currency,original_amount,fx_rate,note" "csv header (format 3)"
contains "$WORK/a.csv" ",income,2026-06-20,PAY-1,LIC-1,C-0001,PKG-A,JP2020000002A,running_royalty,2/9,222222" "csv line"
contains "$WORK/a.csv" ",closing_balance,,,,,,,,,222222,,,," "csv closing"
for k in "@page { size: A4;" "実施補償金 明細書 / Royalty statement" "期首残高 / Opening balance" \
         "期末残高 / Closing balance" ">222,222<" "Kyoto &lt;University&gt; &amp; Co"; do
  contains "$WORK/a.html" "$k" "html $k"
done
lacks "$WORK/a.html" "<University>" "html escapes names"
contains "$WORK/a.table" "closing_balance  222222" "table closing"

# July: provisional while open, then issued.
expect 0 "provisional statement" -- C statement --institution U-TOKYO --month 2026-07 --format json
contains "$WORK/out" '"provisional":true' "provisional flag"
contains "$WORK/out" '"closing_balance_minor":266666' "provisional closing"
contains "$WORK/out" '"sha256":null}' "a provisional statement carries no sha256"
expect 0 "provisional statement csv" -- C statement U-TOKYO 2026-07 --format csv
contains "$WORK/out" "U-TOKYO,institution,2026-07,JPY,provisional,,opening_balance" "provisional csv: no sha256"
expect 0 "provisional statement table" -- C statement U-TOKYO 2026-07
contains "$WORK/out" "PROVISIONAL" "provisional table"
lacks "$WORK/out" "sha256" "provisional table: no sha256"
# Signs: the payout PO-1 of 400,000 is +400,000 in the table, the CSV, the JSON and the HTML.
contains "$WORK/out" "payout  PO-1" "table payout row"
lacks "$WORK/out" "-400000" "table payout as paid"
contains "$WORK/out" "400000" "table payout amount"
expect 0 "provisional statement csv again" -- C statement U-TOKYO 2026-07 --format csv
contains "$WORK/out" ",payout,2026-07-05,PO-1,,,,,,,400000," "csv payout as paid"
expect 0 "provisional statement html" -- C statement U-TOKYO 2026-07 --format html
contains "$WORK/out" ">400,000<" "html payout as paid"
lacks "$WORK/out" "-400,000" "html payout not negated"
lacks "$WORK/out" "SHA-256" "provisional html: no sha256"
expect 64 "statement: flag and argument disagree" -- C statement U-TOKYO 2026-07 --institution U-KYOTO
contains "$WORK/err" "--institution U-KYOTO and the argument U-TOKYO disagree" "disagreement named"
[ "$(SQL "SELECT COUNT(*) FROM statement WHERE month = '2026-07'")" = 0 ] && ok || bad "provisional stored"
expect 0 "close July json" -- C close --month 2026-07 --format json
contains "$WORK/out" '"already_closed": false' "july closed"
contains "$WORK/out" '"closing_balance_minor": 266666' "july U-TOKYO"
contains "$WORK/out" '"closing_balance_minor": 333333' "july U-KYOTO"
expect 0 "issued statement" -- C statement --institution U-TOKYO --month 2026-07 --format json
contains "$WORK/out" '"provisional":false' "issued flag"
contains "$WORK/out" '"payouts":[{"date":"2026-07-05","reference":"PO-1","currency":"JPY","amount_minor":400000}]' "payouts"
# The aggregator's statement: 333,334 (June) + 166,667 (July).
expect 0 "aggregator statement" -- C statement AGG-JST 2026-07 --format json
for k in '"format":3,"party":"aggregator","institution":"AGG-JST"' '"opening_balance_minor":333334' \
         '"income_total_minor":166667' '"closing_balance_minor":500001'; do
  contains "$WORK/out" "$k" "aggregator statement $k"
done
lacks "$WORK/out" '"sha256":null' "the aggregator's July statement is issued"
expect 0 "aggregator statement table" -- C statement AGG-JST 2026-07
contains "$WORK/out" "Aggregator's statement" "aggregator table title"
expect 0 "close list" -- C close list --format csv
contains "$WORK/out" "month,closed_at,closed_by,statements" "close list header"
contains "$WORK/out" "2026-06," "close list June"
contains "$WORK/out" ",tester,3" "close list: by whom, how many"
expect 0 "close list json page" -- C close list --format json --limit 1
contains "$WORK/out" '"month": "2026-06"' "close list first page"
contains "$WORK/err" "--after 2026-06" "close list: the next page"
refused "statement of an unknown institution" "unknown institution code 'U-NOWHERE'" -- \
  C statement --institution U-NOWHERE --month 2026-07
refused "statement without one" "no statement was issued to C-0001 for 2026-07: it had no activity and nothing owed" -- \
  C statement --institution C-0001 --month 2026-07
expect 64 "statement bad format" -- C statement --institution U-TOKYO --month 2026-07 --format pdf

# The hledger export, checked by hledger.
expect 0 "ledger export" -- C ledger export --format hledger --output "$WORK/chizai.journal"
contains "$WORK/chizai.journal" "commodity 1,000. JPY" "commodity declared"
contains "$WORK/chizai.journal" "account liabilities:payable:U-TOKYO" "account declared"
contains "$WORK/chizai.journal" "    liabilities:payable:U-TOKYO  0 JPY = -266666 JPY" "july assertion"
expect 64 "ledger export other format" -- C ledger export --format beancount --output "$WORK/x.beancount"
[ -e "$WORK/x.beancount" ] && bad "refused export wrote a file" || ok
refused "ledger export bad --through" "month '2026-13' is not YYYY-MM" -- \
  C ledger export --output "$WORK/y.journal" --through 2026-13
[ -e "$WORK/y.journal" ] && bad "refused export wrote a file" || ok
# --output never writes through a link nor over a device (issue 23, section 8):
# the target is refused, naming it, and what it points to is untouched; a
# regular file is replaced whole, and no temporary file is left behind.
echo "precious" > "$WORK/precious.txt"
ln -s "$WORK/precious.txt" "$WORK/link.journal"
expect 73 "export through a symlink" -- C ledger export --output "$WORK/link.journal"
contains "$WORK/err" "$WORK/link.journal: it is a symbolic link" "symlink refusal names the file"
[ "$(cat "$WORK/precious.txt")" = "precious" ] && ok || bad "the link's target was written"
[ -L "$WORK/link.journal" ] && ok || bad "the link was replaced"
mkfifo "$WORK/fifo.journal"
expect 73 "export over a FIFO" -- C ledger export --output "$WORK/fifo.journal"
contains "$WORK/err" "it is a FIFO" "FIFO refusal"
mkdir "$WORK/dir.journal"
expect 73 "export over a directory" -- C statement --institution U-TOKYO --month 2026-07 --output "$WORK/dir.journal"
contains "$WORK/err" "it is a directory" "directory refusal"
expect 73 "statement to a device" -- C statement --institution U-TOKYO --month 2026-07 --output /dev/null
echo "old" > "$WORK/again.journal"
expect 0 "export over a regular file" -- C ledger export --output "$WORK/again.journal"
cmp -s "$WORK/again.journal" "$WORK/chizai.journal" && ok || bad "a regular file is not replaced by the export"
[ -z "$(find "$WORK" -maxdepth 1 -name '.*.journal.*' -o -maxdepth 1 -name '*.tmp')" ] && ok || bad "a temporary file was left"

if command -v hledger >/dev/null; then
  expect 0 "hledger check -s" -- hledger -f "$WORK/chizai.journal" check -s
  for pair in U-TOKYO:-266666 U-KYOTO:-333333; do
    inst=${pair%%:*} want=${pair#*:}
    got=$(hledger -f "$WORK/chizai.journal" bal "liabilities:payable:$inst" -N --no-total -O csv | tail -n 1 | cut -d, -f2 | tr -d '"' | cut -d' ' -f1)
    [ "$got" = "$want" ] && ok || bad "hledger balance of $inst: $got, wanted $want"
  done
  expect 0 "ledger export through June" -- C ledger export --output "$WORK/june.journal" --through 2026-06
  expect 0 "hledger check -s through June" -- hledger -f "$WORK/june.journal" check -s
  got=$(hledger -f "$WORK/june.journal" bal liabilities:payable:U-TOKYO -N --no-total -O csv | tail -n 1 | cut -d, -f2 | tr -d '"' | cut -d' ' -f1)
  [ "$got" = "-444444" ] && ok || bad "hledger June balance of U-TOKYO: $got"
else
  echo "SKIP: hledger is not installed; the journal was not checked"
fi

# Crash atomicity: kill -9 while the close of August waits before COMMIT.
payout 2026-08-10 PO-2 U-KYOTO 33333
before=$(snapshot)
CHIZAI_TEST_CLOSE_PAUSE_MS=60000 "$BIN" --db "$DB" --user tester close --month 2026-08 \
  >"$WORK/killed.out" 2>"$WORK/killed.err" &
pid=$!
for _ in $(seq 1 300); do
  grep -q "close: paused before commit" "$WORK/killed.err" && break
  sleep 0.1
done
contains "$WORK/killed.err" "close: paused before commit" "close reached the pause"
kill -9 "$pid"
wait "$pid" 2>/dev/null
[ "$(SQL "SELECT COUNT(*) FROM closed_month WHERE month = '2026-08'")" = 0 ] && ok || bad "killed close left a closed month"
[ "$(SQL "SELECT COUNT(*) FROM statement WHERE month = '2026-08'")" = 0 ] && ok || bad "killed close left statements"
if [ "$(snapshot)" = "$before" ]; then ok; else bad "killed close changed the database"; fi
expect 0 "close August after the crash" -- C close --month 2026-08
contains "$WORK/out" "closed 2026-08: 3 statement(s)" "august completes"
contains "$WORK/out" "300000 JPY" "U-KYOTO closing after the August payout (333,333 − 33,333)"

# The close runs the ledger check: a payable below zero refuses it.
payout 2026-09-05 PO-3 U-TOKYO 300000
refused "close with a failing ledger check" "cannot close 2026-09: the ledger check failed:" -- C close --month 2026-09
contains "$WORK/err" "U-TOKYO" "the check names the payable"

# The FX rate table: all or nothing, then listed.
printf 'date,currency,rate,source\n2026-07-10,USD,151.234567,MUFG TTM\n2026-07-10,EUR,163.5,"BOJ, 10:00"\n' > "$WORK/rates.csv"
printf 'date,currency,rate,source\n2026-07-11,USD,151,MUFG TTM\n2026-07-12,USD,abc,MUFG TTM\n' > "$WORK/bad-rates.csv"
refused "fx import of a bad file" "line 3, rate:" -- C fx import "$WORK/bad-rates.csv"
[ "$(SQL "SELECT COUNT(*) FROM fx_rate")" = 0 ] && ok || bad "a refused fx import wrote rates"
expect 0 "fx import" -- C fx import "$WORK/rates.csv"
contains "$WORK/out" "read 2, inserted 2, unchanged 0" "fx import counts"
expect 0 "fx list" -- C fx list --format csv
contains "$WORK/out" "2026-07-10,EUR,163.5,\"BOJ, 10:00\"" "fx list EUR"
contains "$WORK/out" "2026-07-10,USD,151.234567,MUFG TTM" "fx list USD"

finish
