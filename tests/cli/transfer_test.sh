#!/usr/bin/env bash
# End-to-end checks of dated ownership transfers through the chizai binary,
# on one backend: patent transfer (refusals naming what is wrong, nothing
# written), patent owners, the routing of payments by the day received,
# patent show's owner of record and beneficiaries, patent list --role, and
# the change history.
#   transfer_test.sh CHIZAI_BIN sqlite|postgresql
# Agreements and invoices are written with SQL, as in payment_test.sh.
source "$(dirname "$0")/lib.sh" "$1" "$2" transfer
# What a refusal must leave unchanged: every table this slice writes.
snapshot() {
  SQL "SELECT COUNT(*) FROM change_log" > "$WORK/snap"
  for t in journal_entry posting payment owner_period owner_period_share owner_period_consent patent_owner patent; do
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

# LIC-1 on the three patents; one invoice the two payments below settle.
# Each payment of 1,000,000 JPY: aggregator 1/3, each patent 2/9 (222,222).
agreement LIC-1 JPY default NULL JP2020000001A JP2020000002A JP2020000003A
invoice LIC-1 2000000 2026-07-01

# Refusals: each names what is wrong and writes nothing.
refuse() { # DESCRIPTION MESSAGE -- COMMAND…
  local what="$1" message="$2"; shift 2
  local before; before=$(snapshot)
  expect 65 "$what" "$@"
  contains "$WORK/err" "$message" "$what message"
  if [ "$(snapshot)" = "$before" ]; then ok; else bad "$what changed the database"; fi
}
refuse "transfer without consent" "lowers or removes the share of U-HOKKAIDO, whose consent is not given" -- \
  C patent transfer "特願2020-000003" --date 2026-08-01 --owner U-NAGOYA:1
refuse "shares not summing to 1" "the shares sum to 3/4, not 1" -- \
  C patent transfer JP2020000003A --date 2026-08-01 --owner U-NAGOYA:3/4 --consent U-HOKKAIDO
refuse "unknown institution" "unknown institution code 'U-NOWHERE'" -- \
  C patent transfer JP2020000003A --date 2026-08-01 --owner U-NOWHERE:1 --consent U-HOKKAIDO --consent U-NAGOYA
refuse "before filing" "before the filing date 2020-03-01" -- \
  C patent transfer JP2020000003A --date 2019-08-01 --owner U-NAGOYA:1 --consent U-HOKKAIDO
usage "no owner" "--owner" -- C patent transfer JP2020000003A --date 2026-08-01
usage "bad share" "--owner" -- C patent transfer JP2020000003A --date 2026-08-01 --owner U-NAGOYA:x

# The transfer: U-NAGOYA alone from 2026-08-01, with U-HOKKAIDO's consent.
expect 0 "transfer" -- C patent transfer JP2020000003A --date 2026-08-01 --owner U-NAGOYA:1 \
  --consent U-HOKKAIDO --reason "U-HOKKAIDO sold its half"
contains "$WORK/out" "JP2020000003A transferred on 2026-08-01: U-NAGOYA 1/2, U-HOKKAIDO 1/2 -> U-NAGOYA 1" "transfer output"
contains "$WORK/out" "consents: U-HOKKAIDO" "consents shown"
expect 0 "owners" -- C patent owners JP2020000003A
contains "$WORK/out" "2020-03-01  2026-07-31  first" "first period until the day before"
contains "$WORK/out" "2026-08-01              transfer  U-NAGOYA 1" "transfer period"
contains "$WORK/out" "owner_of_record: U-NAGOYA 1" "owner of record today"

# A payment received before the date pays the former owners; one from the date the new owner.
expect 0 "payment before" -- C payment record --agreement LIC-1 --received-on 2026-07-10 --amount 1000000 \
  --currency JPY --reference BANK-0001 --format json
equals "U-HOKKAIDO before" "$(json "$WORK/out" "[l['amount_minor'] for l in d['lines'] if l['institution']=='U-HOKKAIDO']")" "[111111]"
equals "U-NAGOYA before" "$(json "$WORK/out" "[l['amount_minor'] for l in d['lines'] if l['institution']=='U-NAGOYA']")" "[111111]"
expect 0 "payment after" -- C payment record --agreement LIC-1 --received-on 2026-08-10 --amount 1000000 \
  --currency JPY --reference BANK-0002 --format json
equals "U-NAGOYA after" "$(json "$WORK/out" "[l['amount_minor'] for l in d['lines'] if l['institution']=='U-NAGOYA']")" "[222222]"
equals "U-HOKKAIDO after" "$(json "$WORK/out" "[l['amount_minor'] for l in d['lines'] if l['institution']=='U-HOKKAIDO']")" "[]"

# Income routed on 2026-08-10: a transfer dated on or before it would move it.
refuse "transfer before routed income" "already routed to its owners on 2026-08-10 (payment BANK-0002)" -- \
  C patent transfer JP2020000001A --date 2026-08-10 --owner U-KYOTO:1 --consent U-TOKYO
refuse "owners edited after a transfer" "changed by a transfer on 2026-08-01" -- \
  C patent update JP2020000003A --owner U-HOKKAIDO:1

# Assignment: the aggregator is owner of record, the originating owners beneficiaries.
expect 0 "assign" -- C aggregate JP2020000001A --mode assignment --date 2026-09-01 --reason core
expect 0 "show" -- C patent show JP2020000001A
contains "$WORK/out" "owner_of_record: AGG-JST 1" "owner of record after the assignment"
contains "$WORK/out" "beneficiaries: U-TOKYO 1" "beneficiaries after the assignment"
expect 0 "show json" -- C patent show JP2020000001A --format json
equals "json owners_of_record" "$(json "$WORK/out" "d['owners_of_record']")" "[{'institution': 'AGG-JST', 'share': '1'}]"
equals "json beneficiaries" "$(json "$WORK/out" "d['beneficiaries']")" "[{'institution': 'U-TOKYO', 'share': '1'}]"
expect 0 "list owner" -- C patent list --institution AGG-JST --role owner --format csv
contains "$WORK/out" "JP2020000001A" "aggregator lists its assigned patent"
expect 0 "list beneficiary" -- C patent list --institution U-TOKYO --role beneficiary --format csv
contains "$WORK/out" "JP2020000001A" "university lists it as beneficiary"
expect 0 "list owner U-TOKYO" -- C patent list --institution U-TOKYO --role owner --format csv
lacks "$WORK/out" "JP2020000001A" "university is no longer owner of record"
usage "role without institution" "--role" -- C patent list --role owner
refuse "transfer of an assigned patent" "was assigned to the aggregator AGG-JST on 2026-09-01" -- \
  C patent transfer JP2020000001A --date 2026-10-01 --owner U-KYOTO:1 --consent U-TOKYO

# The change history has the transfer.
expect 0 "history" -- C history --key "特願2020-000003" --format json
contains "$WORK/out" '"action": "patent.transfer",' "transfer in the history"
contains "$WORK/out" 'U-HOKKAIDO sold its half' "reason in the history"
expect 0 "ledger check" -- C ledger check

finish
