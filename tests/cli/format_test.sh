#!/usr/bin/env bash
# Every command that takes --format declares the formats it renders and
# refuses any other with exit 64 naming them: the commands are found by
# walking `chizai --help` down every sub-command (so a new one is checked
# without editing this file), and each is given every format it does not
# list. The refusal comes while the command line is parsed: the database
# (left unmigrated here) is never opened, so nothing runs.
#   format_test.sh CHIZAI_BIN sqlite
source "$(dirname "$0")/lib.sh" "$1" "$2" formats

# The sub-command names listed under "Subcommands:" in a help text.
subcommands() {
  awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }'
}

# Every command path under chizai, one per line ("patent show").
walk() {
  local path="$1" sub
  # shellcheck disable=SC2086
  for sub in $("$BIN" $path --help 2>/dev/null | subcommands); do
    echo "${path:+$path }$sub"
    walk "${path:+$path }$sub"
  done
}

commands=0
while read -r path; do
  # shellcheck disable=SC2086
  line=$("$BIN" $path --help 2>/dev/null | grep -E '^ +--format' || true)
  [ -n "$line" ] || continue
  commands=$((commands + 1))
  # "  --format TEXT:{table, json} Output format: table, json"
  allowed=$(sed -nE 's/.*--format [A-Z]+:\{([^}]*)\}.*/\1/p' <<<"$line")
  if [ -z "$allowed" ]; then
    bad "$path: --format declares no formats (add it with add_format_option): $line"
    continue
  fi
  for format in table json csv html markdown hledger xml; do
    case ", $allowed, " in *", $format, "*) continue ;; esac
    # shellcheck disable=SC2086
    expect 64 "$path --format $format" -- "$BIN" --db "$DB" $path --format "$format"
    contains "$WORK/err" "--format: '$format' is not supported by $path: use $allowed" "$path --format $format message"
  done
done < <(walk "")

# The walk found the commands (not a help format it could not read), those
# the README names among them.
if [ "$commands" -ge 50 ]; then ok; else bad "only $commands commands with --format found"; fi
expect 64 "patent show csv" -- "$BIN" --db "$DB" patent show JP2019100001A --format csv
contains "$WORK/err" "chizai: --format: 'csv' is not supported by patent show: use table, json" "patent show csv"
expect 64 "family show csv" -- "$BIN" --db "$DB" family show JP2019100001A --format csv
expect 64 "institution show csv" -- "$BIN" --db "$DB" institution show U-TOKYO --format csv
# Nothing was opened: the database file was never created.
if [ -e "$WORK/formats.db" ]; then bad "a refused --format opened the database"; else ok; fi
echo "$commands commands take --format"
finish
