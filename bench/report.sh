#!/bin/sh
# Benchmark `itss report` (issue: the workbook).
#
#   bench/report.sh [ITSS] [DIR]
#
# On the index of one million evidence records that bench/assess.sh uses
# (bench/gen-repo.sh: 1,000,000 records citing 1,000 files; generated and
# imported when missing), times the whole workbook against
# bench/xlsx-baseline.c: the least a program can do to write the same
# register cells with libxlsxwriter in constant-memory mode, reading them
# ready-made from a file that one sqlite3 query dumped beforehand (the
# query is not timed). Best of three runs each, then the peak memory of
# the report (GNU time). Targets: within 1.3x of the baseline, under
# 100 MB.
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
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# shellcheck disable=SC2046
${CC:-cc} -O2 -Wall -Wextra -Werror -o "$work/xlsx-baseline" \
    "$top/bench/xlsx-baseline.c" $(pkg-config --cflags --libs xlsxwriter)
cd "$dir"
"$ITSS" evidence import >/dev/null
echo "dumping the register's cells for the baseline..."
sqlite3 -separator "$(printf '\037')" -newline "$(printf '\036')" \
    .itss/index.db "SELECT r.id, r.title, r.kind,
	date(r.date * 86400, 'unixepoch'),
	coalesce(date(r.valid_until * 86400, 'unixepoch'), '—'),
	coalesce(r.owner, ''), r.status,
	(SELECT group_concat(rf.path || ' [' || coalesce(f.state, 'missing') ||
	    '] ' || coalesce(f.sha256, ''), char(10))
	 FROM record_files rf LEFT JOIN files f ON f.path = rf.path
	 WHERE rf.record = r.id),
	(SELECT group_concat(requirement, ', ') FROM record_requirements q
	 WHERE q.record = r.id),
	r.source
    FROM records r ORDER BY r.id" >"$work/cells"
ms() { date +%s%N | cut -c1-13; }
best() {	# best of 3 runs of "$@", in ms
	b=
	for i in 1 2 3; do
		s=$(ms); "$@" >/dev/null 2>&1; e=$(ms)
		t=$((e - s))
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}
r=$(best "$ITSS" report -o "$work/report.xlsx")
x=$(best "$work/xlsx-baseline" "$work/cells" "$work/baseline.xlsx")
echo "itss report:      $r ms ($(stat -c %s "$work/report.xlsx") bytes)"
echo "xlsx-baseline:    $x ms ($(stat -c %s "$work/baseline.xlsx") bytes)"
awk -v r="$r" -v x="$x" 'BEGIN { printf "ratio:            %.2fx (target 1.3x)\n", r / x }'
/usr/bin/time -f 'itss report:      peak memory %M KiB' \
    "$ITSS" report -o "$work/report.xlsx" >/dev/null
