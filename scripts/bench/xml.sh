# scripts/bench.sh xml: BENCH_XML_DOCS (default 100000) generated DOCDB
# exchange documents, shaped like tests/data/office's DOCDB samples, in one
# exch:exchange-documents file; `chizai patent import FILE.xml` into a fresh
# SQLite file against the floor of only parsing the same file with pugixml
# (every element and attribute visited), in the same run. Goal: import
# <= 2.5x the floor, peak RSS < 1 GB (README "Office XML: scripts/bench.sh xml").
bench_xml() {
  local n="${BENCH_XML_DOCS:-100000}" file="$DIR/docdb.xml" url="sqlite3://$DIR/xml.db"
  echo "== xml: $n DOCDB exchange documents (machine: $(nproc) cores)"
  "$BENCH_BIN/xml_bench" generate "$file" "$n" >"$DIR/xml_institutions.jsonl"
  echo "input: $file ($(( $(stat -c %s "$file") / 1048576 )) MiB)"
  timed "$BENCH_BIN/xml_bench" parse "$file"
  local floor="$WALL"
  echo "parse floor (pugixml, same file): $floor s wall, peak RSS $RSS_MB MB"
  rm -f "$DIR"/xml.db*
  "$CHIZAI" --db "$url" db migrate >/dev/null
  "$CHIZAI" --db "$url" institution import "$DIR/xml_institutions.jsonl" >/dev/null
  timed "$CHIZAI" --db "$url" patent import "$file"
  echo "import: $WALL s wall, peak RSS $RSS_MB MB; import / floor = $(awk -v a="$WALL" -v b="$floor" 'BEGIN{printf "%.1f", a/b}')x (goal <= 2.5x, RSS < 1024 MB)"
  timed "$CHIZAI" --db "$url" patent import "$file"
  echo "re-import (nothing changes): $WALL s wall, peak RSS $RSS_MB MB"
}
