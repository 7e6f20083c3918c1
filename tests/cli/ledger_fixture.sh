# Ledger fixtures of the CLI scripts (source after lib.sh): an agreement and
# an invoice written straight into the tables, so a script can test payment
# routing without the licensing commands that would normally write them.
# agreement REFERENCE CURRENCY POLICY PACKAGE(or NULL) PATENT…
agreement() {
  local ref="$1" cur="$2" policy="$3" package="$4"; shift 4
  [ "$package" = NULL ] || package="(SELECT id FROM package WHERE code = '$package')"
  SQL "INSERT INTO agreement (reference, licensee_id, package_id, exclusive, field, starts_on, ends_on,
       currency, upfront_minor, minimum_annual_minor, sublicense_share_bps, policy, terms, created_at)
       SELECT '$ref', id, $package, 0, 'all fields', '2026-04-01', '2031-03-31', '$cur', 0, 0, 0,
       '$policy', '{}', '2026-04-01T00:00:00Z' FROM institution WHERE code = 'C-0001'" >/dev/null
  for p in "$@"; do
    SQL "INSERT INTO agreement_patent (agreement_id, patent_id, weight) SELECT a.id, t.id, 1
         FROM agreement a, patent t WHERE a.reference = '$ref' AND t.application_number = '$p'" >/dev/null
  done
}
# invoice AGREEMENT AMOUNT_MINOR DATE [TYPE]
invoice() {
  local ref="$1" amount="$2" on="$3" type="${4:-running_royalty}"
  local neg=$((-amount))
  SQL "INSERT INTO journal_entry (posted_on, kind, reference, description, created_at)
       VALUES ('$on', 'invoice', '$ref/$type', 'invoice', '2026-01-01T00:00:00Z')" >/dev/null
  for leg in "assets:receivable:C-0001|$amount" "liabilities:undistributed|$neg"; do
    SQL "INSERT INTO posting (entry_id, account, currency, amount_minor, institution_id, agreement_id,
         income_type) SELECT (SELECT MAX(id) FROM journal_entry), '${leg%%|*}', a.currency, ${leg##*|},
         a.licensee_id, a.id, '$type' FROM agreement a WHERE a.reference = '$ref'" >/dev/null
  done
  local due; due=$(date -u -d "$on +30 days" +%F)
  SQL "INSERT INTO invoice (agreement_id, income_type, issued_on, currency, amount_minor, entry_id, due_on)
       SELECT a.id, '$type', '$on', a.currency, $amount, (SELECT MAX(id) FROM journal_entry), '$due'
       FROM agreement a WHERE a.reference = '$ref'" >/dev/null
}
