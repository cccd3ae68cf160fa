#!/bin/sh
# Benchmark `itss assess --json` (issue: the assessor).
#
#   bench/assess.sh [ITSS] [DIR]
#
# On an index of one million evidence records (generated with
# bench/gen-repo.sh: 1,000,000 records citing 1,000 small files, imported
# once), times `itss assess --json` against a plain sqlite3 query that
# merely counts the evidence per requirement on the same database, and
# reports the peak memory of the assessment (GNU time).
# Target: within 1.5x of that query.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ITSS=$(cd "$(dirname "${1:-$top/itss}")" && pwd)/$(basename "${1:-$top/itss}")
dir=${2:-/tmp/itss-bench-1m}
if [ ! -f "$dir/.itss/index.db" ]; then
	echo "generating $dir (1,000,000 records) and importing it..."
	rm -rf "$dir"
	"$top/bench/gen-repo.sh" "$ITSS" "$dir" 1000000 1000 1
	(cd "$dir" && "$ITSS" evidence import)
fi
cd "$dir"
query="SELECT requirement, count(*) FROM record_requirements GROUP BY requirement"
if command -v hyperfine >/dev/null; then
	hyperfine -N -i -w 1 -r 5 "$ITSS assess --json" "sqlite3 .itss/index.db '$query'"
else
	for c in "$ITSS assess --json" "sqlite3 .itss/index.db '$query'"; do
		s=$(date +%s%N); sh -c "$c" >/dev/null || true; e=$(date +%s%N)
		echo "$c: $(( (e - s) / 1000000 )) ms"
	done
fi
/usr/bin/time -f 'assess: peak memory %M KiB, %e s' "$ITSS" assess --json >/dev/null || true
