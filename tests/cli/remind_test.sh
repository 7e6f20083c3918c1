#!/usr/bin/env bash
# End-to-end checks of `chizai docket remind` and `chizai user set-email` on
# one backend, against a real SMTP sink this script starts (Debian's
# python3-aiosmtpd, a Maildir): the messages delivered (recipients, the
# RFC 2047 subject, the tasks listed in the quoted-printable body, parsed
# with Python's email package), nothing delivered twice, a dry run that
# sends and records nothing, and a relay on a closed port: a clear error,
# exit 69, nothing recorded.
#   remind_test.sh CHIZAI_BIN sqlite|postgresql
source "$(dirname "$0")/lib.sh" "$1" "$2" remind
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
PY=/usr/bin/python3  # Debian's, with python3-aiosmtpd

# A free port: bound to 0, then released.
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PORT=$(free_port)
CLOSED=$(free_port)
SINK_PID=""
stop_sink() { if [ -n "$SINK_PID" ]; then kill "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null; SINK_PID=""; fi; }
trap 'stop_sink; cleanup' EXIT
mkdir -p "$WORK/mail/cur" "$WORK/mail/new" "$WORK/mail/tmp"  # a Maildir
"$PY" -m aiosmtpd -n -l "127.0.0.1:$PORT" -c aiosmtpd.handlers.Mailbox "$WORK/mail" >"$WORK/sink.log" 2>&1 &
SINK_PID=$!
"$PY" - "$PORT" <<'PY' || { echo "the SMTP sink did not start"; cat "$WORK/sink.log"; exit 1; }
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
PY

cat > "$WORK/chizai.properties" <<PROPS
docket.rules_dir = $SRC/config/docketing
docket.reminder_horizons = 90,30,7
smtp.host = 127.0.0.1
smtp.port = $PORT
smtp.from = docket@chizai.example.org
smtp.timeout_seconds = 5
PROPS
D() { C --config "$WORK/chizai.properties" "$@"; }
records() { SQL "SELECT COUNT(*) FROM docket_reminder"; }
# delivered: how many messages the sink holds.
delivered() { "$PY" -c 'import mailbox,sys; print(len(mailbox.Maildir(sys.argv[1], create=False)))' "$WORK/mail"; }
snapshot() { SQL "SELECT name, role, email FROM api_user ORDER BY name"; SQL "SELECT COUNT(*) FROM docket_reminder"; }

expect 0 "migrate" -- C db migrate
cat > "$WORK/institutions.jsonl" <<'JSONL'
{"code":"U-TOKYO","kind":"university","name_en":"The University of Tokyo","country":"JP"}
{"code":"U-KYOTO","kind":"university","name_en":"Kyoto University","country":"JP"}
JSONL
# Paris priority tasks (12 months from a first filing, no grace period):
#   JP2025000003A (U-TOKYO) due 2026-11-20: missed on 2027-01-07
#   JP2026000002A (U-KYOTO) due 2027-02-01: 25 days on 2027-01-07 -> 30
#   JP2026000001A (U-TOKYO) due 2027-03-01: 53 days -> 90
cat > "$WORK/patents.jsonl" <<'JSONL'
{"application_number":"JP2026000001A","filing_date":"2026-03-01","title":"Electrode","owners":[{"institution":"U-TOKYO","share":"1"}]}
{"application_number":"JP2026000002A","filing_date":"2026-02-01","title":"Separator","owners":[{"institution":"U-KYOTO","share":"1"}]}
{"application_number":"JP2025000003A","filing_date":"2025-11-20","title":"Cell","owners":[{"institution":"U-TOKYO","share":"1"}]}
JSONL
expect 0 "institution import" -- C institution import "$WORK/institutions.jsonl"
expect 0 "patent import" -- C patent import "$WORK/patents.jsonl"

# Users and their addresses.
expect 0 "user add with an address" -- C user add alice --role admin --email alice@agg.example.jp
expect 0 "user add" -- C user add tokyo-ip --role ip_manager --institution U-TOKYO
expect 0 "user add without an address" -- C user add kyoto --role institution_viewer --institution U-KYOTO
expect 0 "set-email" -- C user set-email tokyo-ip ip@u-tokyo.example.jp
contains "$WORK/out" "user tokyo-ip e-mail now ip@u-tokyo.example.jp" "set-email output"
refused "a malformed address" "email 'ip@u-tokyo' is not an e-mail address" -- C user set-email tokyo-ip ip@u-tokyo
refused "a header injection" "is not an e-mail address" -- C user set-email tokyo-ip $'a@b.example\r\nBcc: x@y.example'
refused "user add with a bad address" "is not an e-mail address" -- \
  C user add bad --role admin --email "Alice <alice@agg.example.jp>"
refused "set-email on an unknown user" "unknown user 'nobody'" -- C user set-email nobody a@b.example
expect 0 "user list json" -- C user list --format json
equals "addresses listed" "$(json "$WORK/out" "[(u['name'], u['email']) for u in d]")" \
  "[('alice', 'alice@agg.example.jp'), ('kyoto', None), ('tokyo-ip', 'ip@u-tokyo.example.jp')]"
expect 0 "audit" -- C audit list --entity-type user --format json
contains "$WORK/out" '"route": "chizai user set-email"' "set-email audited"

# The tasks as the docket has them (for the record in the log).
expect 0 "docket list" -- D docket list --to 2027-04-07
cat "$WORK/out"

# A dry run: the messages printed, nothing sent or recorded.
expect 0 "dry run" -- D docket remind --date 2027-01-07 --dry-run
contains "$WORK/out" "To: alice <alice@agg.example.jp>" "dry run: alice's message"
contains "$WORK/out" "To: tokyo-ip <ip@u-tokyo.example.jp>" "dry run: tokyo-ip's message"
lacks "$WORK/out" "To: kyoto" "no address, no message"
contains "$WORK/out" "(dry run): 2 users with an e-mail address, 2 messages to send, 5 tasks, 0 failed" "dry-run summary"
equals "dry run records nothing" "$(records)" "0"
equals "dry run sends nothing" "$(delivered)" "0"

# The real run: alice (admin) gets the three tasks, tokyo-ip the two of
# U-TOKYO's applications.
expect 0 "remind" -- D docket remind --date 2027-01-07
cat "$WORK/out"
contains "$WORK/out" "2 users with an e-mail address, 2 messages sent, 5 tasks, 0 failed" "summary"
equals "two messages delivered" "$(delivered)" "2"
equals "five reminders recorded" "$(records)" "5"
cat > "$WORK/read.py" <<'PY'
import email.header, email.utils, mailbox, re, sys
out = []
for m in mailbox.Maildir(sys.argv[1], create=False):
    subject = str(email.header.make_header(email.header.decode_header(m['Subject'])))
    body = m.get_payload(decode=True).decode(m.get_content_charset())
    assert m.get_content_type() == 'text/plain', m.get_content_type()
    assert m['Content-Transfer-Encoding'] == 'quoted-printable', m['Content-Transfer-Encoding']
    tasks = re.findall(r'^\d+\. (\S+)  (\S+)', body, re.M)
    horizons = re.findall(r'区分 / reminder: (\S+)', body)
    # The envelope (the sink's X-RcptTo) and the header name the same address.
    to = email.utils.parseaddr(m['To'])[1]
    assert m['X-RcptTo'] == to, (m['X-RcptTo'], to)
    out.append((to, m['From'], subject, tasks, horizons, 'last day of grace' in body))
for line in sorted(out):
    print(line)
PY
"$PY" "$WORK/read.py" "$WORK/mail" > "$WORK/mail.txt" 2>&1
cat "$WORK/mail.txt"
contains "$WORK/mail.txt" "('alice@agg.example.jp', 'docket@chizai.example.org', '[Chizai] 期限のお知らせ 3件 / Docket reminder: 3 tasks (2027-01-07)', [('JP2025000003A', 'paris_priority'), ('JP2026000002A', 'paris_priority'), ('JP2026000001A', 'paris_priority')], ['期限経過', '30日以内', '90日以内'], True)" "alice's message"
contains "$WORK/mail.txt" "('ip@u-tokyo.example.jp', 'docket@chizai.example.org', '[Chizai] 期限のお知らせ 2件 / Docket reminder: 2 tasks (2027-01-07)', [('JP2025000003A', 'paris_priority'), ('JP2026000001A', 'paris_priority')], ['期限経過', '90日以内'], True)" "tokyo-ip's message"

# Again the same day: nothing new, nothing delivered.
expect 0 "remind again" -- D docket remind --date 2027-01-07
contains "$WORK/out" "2 users with an e-mail address, 0 messages sent, 0 tasks, 0 failed" "nothing twice"
equals "still two messages" "$(delivered)" "2"
equals "still five reminders" "$(records)" "5"
SQL "SELECT u.name || '|' || r.task_key || '|' || r.horizon || '|' || r.digest_date FROM docket_reminder r JOIN api_user u ON u.id = r.user_id ORDER BY u.name, r.due" > "$WORK/rows.txt"
contains "$WORK/rows.txt" "alice|paris.priority|missed|2027-01-07" "missed recorded"
contains "$WORK/rows.txt" "tokyo-ip|paris.priority|90|2027-01-07" "90 recorded"

# A relay on a closed port: a clear error, exit 69, nothing recorded. On
# 2027-01-25 JP2026000002A (due 2027-02-01, 7 days) enters the 7-day horizon.
sed "s/^smtp.port = .*/smtp.port = $CLOSED/" "$WORK/chizai.properties" > "$WORK/closed.properties"
expect 69 "closed port" -- C --config "$WORK/closed.properties" docket remind --date 2027-01-25
contains "$WORK/out" "alice <alice@agg.example.jp>: 1 task, NOT sent (nothing recorded): the relay 127.0.0.1:$CLOSED did not accept" "failure reported"
contains "$WORK/err" "1 digest(s) not sent, nothing recorded for them (alice)" "failure summary"
equals "nothing recorded after the failure" "$(records)" "5"
# The next run with the relay up sends it.
expect 0 "remind after the failure" -- D docket remind --date 2027-01-25 --format json
equals "json summary" "$(json "$WORK/out" "(d['messages'], d['tasks'], d['failed'], d['digests'][0]['tasks'][0]['horizon'])")" \
  "(1, 1, 0, '7')"
equals "three messages" "$(delivered)" "3"

# Settings: refused before anything is sent, naming the key.
grep -v '^smtp.host' "$WORK/chizai.properties" > "$WORK/nohost.properties"
expect 65 "no relay" -- C --config "$WORK/nohost.properties" docket remind --date 2027-01-26
contains "$WORK/err" "smtp.host: no relay configured" "no relay message"
expect 0 "no relay needed for a dry run" -- C --config "$WORK/nohost.properties" docket remind --date 2027-01-26 --dry-run
printf 'docket.reminder_horizons = 30,x\n' >> "$WORK/nohost.properties"
expect 65 "bad horizons" -- C --config "$WORK/nohost.properties" docket remind --dry-run
contains "$WORK/err" "docket.reminder_horizons '30,x'" "bad horizons message"
expect 64 "bad date" -- D docket remind --date 2027-02-30
contains "$WORK/err" "(--date)" "bad date names the flag"

stop_sink
finish
