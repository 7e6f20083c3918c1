#!/usr/bin/env bash
# The layering the README's "Layout" section states, read from the tree
# (ctest runs it as the test Boundaries):
#   - SOCI (and store/sql_util.h, which is SOCI) only inside src/store/;
#   - the SOCI session of a Database (store/session.h) used only in src/store/;
#   - no file in src/api/ over 500 lines;
#   - no test reads outside the repository (../shared).
# Prints each breach and exits 1; prints "boundaries hold" and exits 0.
set -u
cd "$(dirname "$0")/.."
fail=0
report() { echo "$1"; echo "$2" | sed 's/^/  /'; fail=1; }

soci=$(grep -rlE '#include\s*[<"](soci/|store/sql_util\.h|store/session\.h)' src --include='*.cpp' --include='*.h' | grep -v '^src/store/')
[ -z "$soci" ] || report "SOCI included outside src/store/:" "$soci"
calls=$(grep -rnE "(\.|->)sql\(\)|soci_session\(" src --include="*.cpp" --include="*.h" | grep -v "^src/store/")
[ -z "$calls" ] || report "the SOCI session (Database::sql, soci_session) used outside src/store/:" "$calls"
big=$(find src/api -name '*.cpp' -o -name '*.h' | xargs wc -l | awk '$2!="total" && $1>500 {print $2" ("$1" lines)"}')
[ -z "$big" ] || report "src/api files over 500 lines:" "$big"
out=$(grep -rlE '\.\./shared' tests 2>/dev/null)
[ -z "$out" ] || report "tests that read ../shared:" "$out"
[ $fail = 0 ] && echo "boundaries hold"
exit $fail
