#!/usr/bin/env bash
# End-to-end checks of payments in, routed out: payment record/show/list/
# reverse, payout record/show/reverse, payable list and ledger check, on one
# backend.
#   payment_test.sh CHIZAI_BIN sqlite|postgresql
# Agreements and invoices are written with SQL (the agreements slice is not
# needed): an invoice is its journal entry, two postings and the invoice row,
# exactly as store/invoice_store.cpp writes them.
source "$(dirname "$0")/lib.sh" "$1" "$2" payment
# What a refusal must leave unchanged: every table this slice writes.
snapshot() {
  SQL "SELECT COUNT(*) FROM change_log" > "$WORK/snap"
  for t in journal_entry posting invoice payment payment_application payout payment_reversal payout_reversal; do
    SQL "SELECT * FROM $t ORDER BY 1" >> "$WORK/snap"
  done
  cat "$WORK/snap"
}

source "$(dirname "$0")/ledger_fixture.sh"

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"AGG-JST","kind":"aggregator","name_en":"Japan Science and Technology Agency","country":"JP"}
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","country":"JP"}
{"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","country":"JP"}
{"code":"U-OSAKA","kind":"university","name_en":"Osaka University","country":"JP"}
{"code":"U-TOHOKU","kind":"university","name_en":"Tohoku University","country":"JP"}
{"code":"U-NAGOYA","kind":"university","name_en":"Nagoya University","country":"JP"}
{"code":"U-HOKKAIDO","kind":"university","name_en":"Hokkaido University","country":"JP"}
{"code":"C-0001","kind":"company","name_en":"Sakura Denki K.K.","country":"JP"}
JSONL
# The issue's three patents: owned 1 / (1/3, 1/3, 1/3) / (1/2, 1/2).
cat > "$WORK/patents.jsonl" <<'JSONL'
{"application_number":"JP2020000001A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Electrode","owners":[{"institution":"U-TOKYO","share":"1"}],"inventors":[{"name":"Yamada Taro","institution":"U-TOKYO"}]}
{"application_number":"JP2020000002A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Separator","owners":[{"institution":"U-TOHOKU","share":"1/3"},{"institution":"U-OSAKA","share":"1/3"},{"institution":"U-KYOTO","share":"1/3"}],"inventors":[{"name":"Suzuki Hanako","institution":"U-KYOTO"}]}
{"application_number":"JP2020000003A","jurisdiction":"JP","filing_date":"2020-03-01","title":"Catalyst","owners":[{"institution":"U-NAGOYA","share":"1/2"},{"institution":"U-HOKKAIDO","share":"1/2"}],"inventors":[{"name":"Tanaka Jiro","institution":"U-NAGOYA"}]}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
expect 0 "patent import" -- C patent import "$WORK/patents.jsonl"
expect 0 "ledger check on an empty ledger" -- C ledger check
contains "$WORK/out" "ledger check passed: 0 entries, 0 postings" "empty ledger summary"

agreement LIC-1 JPY default NULL JP2020000001A JP2020000002A JP2020000003A
invoice LIC-1 1000000 2026-07-01

# The worked example: 1,000,000 JPY, aggregator 1/3, each patent 2/9:
# aggregator 333,333.33 + the one yen left (largest remainder 9/27) = 333,334;
# A 222,222; B 74,074 each; C 111,111 each.
expect 0 "payment record" -- C payment record --agreement LIC-1 --received-on 2026-07-10 --amount 1,000,000 \
  --currency JPY --reference BANK-0001 --format json
cp "$WORK/out" "$WORK/first.json"
equals "applied" "$(json "$WORK/out" 'd["applied_minor"]')" 1000000
equals "credit" "$(json "$WORK/out" 'd["credit_minor"]')" 0
equals "distributed" "$(json "$WORK/out" 'd["distributed_jpy_minor"]')" 1000000
equals "aggregator line" "$(json "$WORK/out" '[l["amount_minor"] for l in d["lines"] if l["kind"]=="aggregator"]')" "[333334]"
equals "owner lines" "$(json "$WORK/out" '[(l["patent"][-3:], l["institution"], l["share"], l["amount_minor"]) for l in d["lines"] if l["kind"]=="owner"]')" \
  "[('01A', 'U-TOKYO', '2/9', 222222), ('02A', 'U-KYOTO', '2/27', 74074), ('02A', 'U-OSAKA', '2/27', 74074), ('02A', 'U-TOHOKU', '2/27', 74074), ('03A', 'U-HOKKAIDO', '1/9', 111111), ('03A', 'U-NAGOYA', '1/9', 111111)]"
expect 0 "ledger check after the payment" -- C ledger check
contains "$WORK/out" "ledger check passed: 2 entries, 12 postings (1 invoices, 1 payments, 0 payouts)" "summary"

# The same reference and content again: a no-op printing the original result.
before=$(snapshot)
expect 0 "payment replay" -- C payment record --agreement LIC-1 --received-on 2026-07-10 --amount 1000000 \
  --currency JPY --reference BANK-0001 --format json
if cmp -s "$WORK/out" "$WORK/first.json"; then ok; else bad "replay printed something else"; diff "$WORK/first.json" "$WORK/out"; fi
contains "$WORK/err" "payment BANK-0001 was already recorded; nothing changed" "replay note"
if [ "$(snapshot)" = "$before" ]; then ok; else bad "a replay changed the database"; fi
expect 0 "payment show" -- C payment show BANK-0001 --format json
if cmp -s "$WORK/out" "$WORK/first.json"; then ok; else bad "show differs from record"; fi
expect 0 "payment show table" -- C payment show BANK-0001
contains "$WORK/out" "aggregator  running_royalty                  AGG-JST      1/3    333334" "table line"
refused "conflicting replay" \
  "payment reference BANK-0001 was already recorded with different content: amount 1,000,000 JPY recorded, 999,999 JPY given" -- \
  C payment record --agreement LIC-1 --received-on 2026-07-10 --amount 999999 --currency JPY --reference BANK-0001

# Refusals.
agreement LIC-USD USD default NULL JP2020000001A
invoice LIC-USD 1000000 2026-07-01
refused "unknown agreement" "unknown agreement 'LIC-9'" -- \
  C payment record --agreement LIC-9 --received-on 2026-07-10 --amount 1 --currency JPY --reference R-1
refused "currency mismatch" "payment currency USD is not agreement LIC-1's currency JPY" -- \
  C payment record --agreement LIC-1 --received-on 2026-07-10 --amount 1 --currency USD --fx-rate 150 --reference R-1
refused "USD without a rate (none in the rate table)" "no fx rate for USD on 2026-07-10" -- \
  C payment record --agreement LIC-USD --received-on 2026-07-10 --amount 1 --currency USD --reference R-1
refused "JPY with a rate" "a JPY payment takes no fx rate" -- \
  C payment record --agreement LIC-1 --received-on 2026-07-10 --amount 1 --currency JPY --fx-rate 1 --reference R-1
refused "rate with 7 decimals" "fx rate '151.1234567'" -- \
  C payment record --agreement LIC-USD --received-on 2026-07-10 --amount 1 --currency USD --fx-rate 151.1234567 --reference R-1
usage "bad amount" "--amount: must be an amount in USD: too many decimals for USD (at most 2): '10.001'" -- \
  C payment record --agreement LIC-USD --received-on 2026-07-10 --amount 10.001 --currency USD --fx-rate 150 --reference R-1
usage "bad currency" "--currency: unknown currency 'usd'" -- \
  C payment record --agreement LIC-USD --received-on 2026-07-10 --amount 1 --currency usd --fx-rate 150 --reference R-1
usage "bad date" "--received-on: must be a date YYYY-MM-DD, not '2026-02-30'" -- \
  C payment record --agreement LIC-1 --received-on 2026-02-30 --amount 1 --currency JPY --reference R-1

# USD 10,000.00 at 151.234567 = 1,512,345.67 → 1,512,346 JPY: aggregator
# 504,115.33 → 504,115, U-TOKYO 1,008,230.67 → 1,008,231 (the yen left).
expect 0 "USD payment" -- C payment record --agreement LIC-USD --received-on 2026-07-10 --amount 10,000.00 \
  --currency USD --fx-rate 151.234567 --reference WIRE-USD-1 --format json
equals "USD amount" "$(json "$WORK/out" 'd["amount_minor"]')" 1000000
equals "USD in JPY" "$(json "$WORK/out" 'd["jpy_amount_minor"]')" 1512346
equals "USD lines" "$(json "$WORK/out" '[(l["institution"], l["amount_minor"]) for l in d["lines"]]')" \
  "[('AGG-JST', 504115), ('U-TOKYO', 1008231)]"
expect 0 "USD payment table" -- C payment show WIRE-USD-1
contains "$WORK/out" "fx rate: 151.234567 JPY per USD: 1512346 JPY" "rate shown"
expect 0 "ledger check after USD" -- C ledger check --format json
equals "currencies" "$(json "$WORK/out" '[c["currency"] for c in d["currencies"]]')" "['JPY', 'USD']"

# Overpayment: 150,000 against 100,000 open leaves 50,000 of credit.
agreement LIC-2 JPY default NULL JP2020000001A
invoice LIC-2 100000 2026-07-01 upfront
expect 0 "overpayment" -- C payment record --agreement LIC-2 --received-on 2026-07-11 --amount 150000 \
  --currency JPY --reference BANK-0002 --format json
equals "overpayment applied" "$(json "$WORK/out" 'd["applied_minor"]')" 100000
equals "overpayment credit" "$(json "$WORK/out" 'd["credit_minor"]')" 50000
equals "overpayment income type" "$(json "$WORK/out" 'sorted({l["income_type"] for l in d["lines"]})')" "['upfront']"

# Cost recovery capped at 50% by a policy file beside the configuration.
mkdir -p "$WORK/config/policies"
printf 'cost_recovery_max_bps = 5000\n' > "$WORK/config/policies/half.properties"
printf '# test configuration\n' > "$WORK/config/chizai.properties"
SQL "INSERT INTO package (code, name_en, status, created_on) VALUES ('PKG-A', 'Electrodes', 'marketed', '2026-04-01')" >/dev/null
SQL "INSERT INTO package_member (package_id, patent_id, role, weight, added_on)
     SELECT k.id, t.id, 'core', 1, '2026-04-01' FROM package k, patent t WHERE k.code = 'PKG-A'" >/dev/null
expect 0 "project create" -- C project create --code SH-01 --package PKG-A --basic-patents JP2020000001A \
  --from 2026-04-01 --to 2028-03-31
expect 0 "contract add" -- C contract add --project SH-01 --institution U-TOKYO --amount 10000000 \
  --from 2026-04-01 --to 2027-12-31 --deliverable "Prototype cell" --recoverable
CONTRACT=$(cat "$WORK/out")
expect 0 "expense 300,000" -- C expense add --contract "$CONTRACT" --amount 300000 --date 2026-05-01
expect 0 "expense 400,000" -- C expense add --contract "$CONTRACT" --amount 400000 --date 2026-05-15
expect 0 "expense 500,000" -- C expense add --contract "$CONTRACT" --amount 500000 --date 2026-06-01
agreement LIC-PKG JPY half PKG-A JP2020000001A JP2020000002A JP2020000003A
invoice LIC-PKG 1000000 2026-07-01
refused "policy file not found" "unknown distribution policy 'half'" -- \
  C payment record --agreement LIC-PKG --received-on 2026-07-12 --amount 1000000 --currency JPY --reference BANK-PKG-1
# floor(1,000,000 × 50%) = 500,000 recovers the oldest costs (300,000 + 200,000);
# the other 500,000: aggregator 166,667, A 111,111, B 37,037 each, C 55,556 / 55,555.
expect 0 "payment with cost recovery" -- C --config "$WORK/config/chizai.properties" payment record \
  --agreement LIC-PKG --received-on 2026-07-12 --amount 1000000 --currency JPY --reference BANK-PKG-1 --format json
equals "cost recovery" "$(json "$WORK/out" '[(l["package"], l["amount_minor"]) for l in d["lines"] if l["kind"]=="cost_recovery"]')" \
  "[('PKG-A', 500000)]"
equals "package aggregator" "$(json "$WORK/out" '[l["amount_minor"] for l in d["lines"] if l["kind"]=="aggregator"]')" "[166667]"
equals "package C lines" "$(json "$WORK/out" '[(l["institution"], l["amount_minor"]) for l in d["lines"] if l["patent"]=="JP2020000003A"]')" \
  "[('U-HOKKAIDO', 55556), ('U-NAGOYA', 55555)]"

# Listing.
expect 0 "payment list" -- C payment list --format csv
contains "$WORK/out" "BANK-0001,LIC-1,C-0001,2026-07-10,JPY,1000000,,1000000,1000000,0" "csv row"
contains "$WORK/out" "WIRE-USD-1,LIC-USD,C-0001,2026-07-10,USD,10000.00,151.234567,1512346,10000.00,0.00" "csv USD row"
expect 0 "payment list by agreement" -- C payment list --agreement LIC-2 --format json
equals "one agreement" "$(json "$WORK/out" '[p["reference"] for p in d]')" "['BANK-0002']"
refused "list of an unknown agreement" "unknown agreement 'LIC-9'" -- C payment list --agreement LIC-9
refused "show an unknown payment" "unknown payment reference 'NOPE'" -- C payment show NOPE

# Payables and payouts. U-TOKYO: 222,222 + 1,008,231 + 66,667 (LIC-2: 2/3 of
# 100,000) + 111,111 (LIC-PKG) = 1,408,231.
expect 0 "payable list" -- C payable list --format json
equals "U-TOKYO payable" "$(json "$WORK/out" '[b["balance_minor"] for b in d if b["institution"]=="U-TOKYO"]')" "[1408231]"
equals "U-OSAKA payable" "$(json "$WORK/out" '[b["balance_minor"] for b in d if b["institution"]=="U-OSAKA"]')" "[111111]"
refused "payout over the balance" "payout of 111,112 JPY to U-OSAKA is more than its payable balance of 111,111 JPY" -- \
  C payout record --institution U-OSAKA --paid-on 2026-07-31 --amount 111112 --reference OUT-1
refused "payout to an unknown institution" "unknown institution code 'U-NOWHERE'" -- \
  C payout record --institution U-NOWHERE --paid-on 2026-07-31 --amount 1 --reference OUT-1
expect 0 "payout" -- C payout record --institution U-OSAKA --paid-on 2026-07-31 --amount 100,000 --reference OUT-1 --format json
cp "$WORK/out" "$WORK/payout.json"
equals "balance after" "$(json "$WORK/out" 'd["balance_after_minor"]')" 11111
before=$(snapshot)
expect 0 "payout replay" -- C payout record --institution U-OSAKA --paid-on 2026-07-31 --amount 100000 --reference OUT-1 --format json
if cmp -s "$WORK/out" "$WORK/payout.json"; then ok; else bad "payout replay printed something else"; fi
if [ "$(snapshot)" = "$before" ]; then ok; else bad "a payout replay changed the database"; fi
refused "conflicting payout replay" "payout reference OUT-1 was already recorded with different content: amount 100,000 JPY recorded, 11,111 JPY given" -- \
  C payout record --institution U-OSAKA --paid-on 2026-07-31 --amount 11111 --reference OUT-1
expect 0 "payout show" -- C payout show OUT-1
contains "$WORK/out" "payout OUT-1: 100000 JPY to U-OSAKA on 2026-07-31; payable balance after it: 11111 JPY" "payout text"
expect 0 "payout list" -- C payout list --institution U-OSAKA --format json
equals "payout list" "$(json "$WORK/out" '[(p["reference"], p["amount_minor"]) for p in d]')" "[('OUT-1', 100000)]"
expect 0 "payout list csv" -- C payout list --format csv
contains "$WORK/out" "OUT-1,U-OSAKA,2026-07-31,100000," "payout csv row"
refused "payout list of an unknown institution" "unknown institution 'U-NOWHERE'" -- C payout list --institution U-NOWHERE
usage "payout list after an unknown payout" "--after" -- C payout list --after NOPE
expect 0 "payable list csv" -- C payable list --format csv
contains "$WORK/out" "U-OSAKA,Osaka University,111111,100000,11111" "payable csv row"
expect 0 "ledger check after payouts" -- C ledger check

# Reversal: the overpayment BANK-0002 (LIC-2) undone; its invoice reopens,
# U-TOKYO's 66,667 and the licensee's credit go back.
expect 0 "payment reverse" -- C payment reverse BANK-0002 --reversed-on 2026-07-20 --reason "wrong agreement" --format json
equals "reversal shown" "$(json "$WORK/out" 'd["reversal"]')" "{'reversed_on': '2026-07-20', 'reason': 'wrong agreement'}"
expect 0 "payable list after the reversal" -- C payable list --format json
equals "U-TOKYO payable after the reversal" "$(json "$WORK/out" '[b["balance_minor"] for b in d if b["institution"]=="U-TOKYO"]')" "[1341564]"
equals "LIC-2 credit back" "$(SQL "SELECT COALESCE(SUM(amount_minor), 0) FROM posting WHERE account = 'liabilities:licensee-credit:C-0002'")" 0
expect 0 "ledger check after the reversal" -- C ledger check
before=$(snapshot)
expect 0 "reversal replay" -- C payment reverse BANK-0002 --reversed-on 2026-07-20 --reason "wrong agreement"
contains "$WORK/err" "payment BANK-0002 was already reversed; nothing changed" "replay note"
contains "$WORK/out" "REVERSED on 2026-07-20: wrong agreement" "reversal in the text"
if [ "$(snapshot)" = "$before" ]; then ok; else bad "a reversal replay changed the database"; fi
refused "reversal with another date" "payment BANK-0002 was already reversed on 2026-07-20: date 2026-07-20 recorded, 2026-07-21 given" -- \
  C payment reverse BANK-0002 --reversed-on 2026-07-21 --reason "wrong agreement"
refused "reversal of money paid out" "cannot reverse payment BANK-0001: it credited liabilities:payable:U-OSAKA with 74,074 JPY, but that account now holds 11,111 JPY (paid out since)" -- \
  C payment reverse BANK-0001 --reversed-on 2026-07-20 --reason "bounced"
refused "reversal of an unknown payment" "unknown payment reference 'NOPE'" -- \
  C payment reverse NOPE --reversed-on 2026-07-20 --reason "bounced"
refused "reversal before the payment" "a reversal on 2026-07-01 is before payment WIRE-USD-1 was received (2026-07-10)" -- \
  C payment reverse WIRE-USD-1 --reversed-on 2026-07-01 --reason "bounced"
usage "reversal without a reason" "--reason is required" -- C payment reverse WIRE-USD-1 --reversed-on 2026-07-20

# Payout reversal: U-OSAKA is owed the 100,000 of OUT-1 again.
expect 0 "payout reverse" -- C payout reverse OUT-1 --reversed-on 2026-07-31 --reason "paid twice"
contains "$WORK/out" "REVERSED on 2026-07-31: paid twice" "payout reversal in the text"
expect 0 "payable list after the payout reversal" -- C payable list --format csv
contains "$WORK/out" "U-OSAKA,Osaka University,111111,0,111111" "payable csv row after the payout reversal"
refused "payout reversal of an unknown payout" "unknown payout reference 'OUT-9'" -- \
  C payout reverse OUT-9 --reversed-on 2026-07-21 --reason "x"
expect 0 "ledger check after the payout reversal" -- C ledger check

# Append-only in the database itself.
for sql in "UPDATE posting SET amount_minor = 0" "DELETE FROM posting" "UPDATE payment SET amount_minor = 1" \
           "DELETE FROM payment" "DELETE FROM payment_application" "UPDATE payout SET amount_minor = 1"; do
  if SQL "$sql" >/dev/null 2>&1; then bad "'$sql' was allowed"; else ok; fi
done

# Issue 18: the same agreement, amount and day under a new bank reference is a
# probable duplicate (a conflict: exit 65), recorded only when confirmed.
before=$(snapshot)
expect 65 "probable duplicate" -- C payment record --agreement LIC-1 --received-on 2026-07-10 --amount 1000000 \
  --currency JPY --reference BANK-DUP
contains "$WORK/err" "payment BANK-DUP looks like a duplicate of payment BANK-0001" "duplicate names the first"
if [ "$(snapshot)" = "$before" ]; then ok; else bad "a refused duplicate changed the database"; fi
expect 0 "confirmed duplicate" -- C payment record --agreement LIC-1 --received-on 2026-07-10 --amount 1000000 \
  --currency JPY --reference BANK-DUP --confirm-duplicate

# A closed month refuses payments dated in it.
SQL "INSERT INTO closed_month (month, closed_at) VALUES ('2026-07', '2026-08-01T00:00:00Z')" >/dev/null
refused "payment in a closed month" "2026-07 is closed" -- \
  C payment record --agreement LIC-1 --received-on 2026-07-31 --amount 1 --currency JPY --reference R-CLOSED

# The check catches an entry injected behind the services' back.
SQL "INSERT INTO journal_entry (posted_on, kind, reference, description, created_at)
     VALUES ('2026-08-02', 'manual', 'FIX-1', 'injected', '2026-08-02T00:00:00Z')" >/dev/null
ENTRY=$(SQL "SELECT MAX(id) FROM journal_entry")
SQL "INSERT INTO posting (entry_id, account, currency, amount_minor) VALUES ($ENTRY, 'assets:cash:JPY', 'JPY', 500)" >/dev/null
SQL "INSERT INTO posting (entry_id, account, currency, amount_minor) VALUES ($ENTRY, 'income:aggregator', 'JPY', -499)" >/dev/null
expect 65 "ledger check finds the violation" -- C ledger check
contains "$WORK/err" "ledger check failed: journal entry $ENTRY (manual FIX-1) does not balance in JPY: its debits exceed its credits by 1 JPY" "violation named"

finish
