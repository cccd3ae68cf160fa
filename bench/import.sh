#!/bin/sh
# Benchmark `itss evidence import` (issue: the evidence index).
#
#   bench/import.sh [ITSS] [DIR]
#
# Generates (or reuses) a repository of 10,000 records citing 10,000 files,
# 1 GiB in all, makes it a git work tree, and times, with warm caches, the
# best of five runs of:
#   - a fresh import (no index)      against  sha256sum over the same files
#   - a re-import with nothing changed against git status on the same tree
# Targets: fresh within 1.2x of sha256sum; unchanged within 1.5x of git status.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ITSS=$(cd "$(dirname "${1:-$top/itss}")" && pwd)/$(basename "${1:-$top/itss}")
dir=${2:-/tmp/itss-bench-repo}
if [ ! -f "$dir/itss.yaml" ]; then
	echo "generating $dir (1 GiB)..."
	"$top/bench/gen-repo.sh" "$ITSS" "$dir"
	(cd "$dir" && git init -q && git add -A && git -c user.name=bench \
	    -c user.email=bench@example.org commit -qm bench)
fi
cd "$dir"
ms() { date +%s%N | cut -c1-13; }
best() {	# best of 5 runs of "$@", in ms
	b=
	for i in 1 2 3 4 5; do
		s=$(ms); "$@" >/dev/null 2>&1; e=$(ms)
		t=$((e - s))
		[ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
	done
	echo "$b"
}
fresh() { rm -rf .itss; "$ITSS" evidence import; }
hashall() { find files -type f -print0 | xargs -0 sha256sum; }
# Warm the page cache, and the index for the unchanged case.
hashall >/dev/null; git status >/dev/null; "$ITSS" evidence import >/dev/null
size=$(du -sh files | cut -f1)
n=$(find files -type f | wc -l)
t_sha=$(best hashall)
t_fresh=$(best fresh)
t_git=$(best git status)
t_same=$(best "$ITSS" evidence import)
# hyperfine (Debian's package), when present, for the short runs: the shell
# loop above adds several milliseconds of its own to each.
if command -v hyperfine >/dev/null; then
	hyperfine -N -w 3 -r 30 --export-json "$dir/.bench.json" \
	    "$ITSS evidence import" "git status" >/dev/null 2>&1 &&
	t_same=$(awk -F'[:,]' '/"mean"/ { v[n++] = $2 } END { printf "%d", v[0] * 1000 }' "$dir/.bench.json") &&
	t_git=$(awk -F'[:,]' '/"mean"/ { v[n++] = $2 } END { printf "%d", v[1] * 1000 }' "$dir/.bench.json")
	rm -f "$dir/.bench.json"
fi
printf 'files: %s in %s\n' "$n" "$size"
printf 'fresh import      %6d ms   sha256sum  %6d ms   ratio %s (target <= 1.2)\n' \
    "$t_fresh" "$t_sha" "$(awk -v a="$t_fresh" -v b="$t_sha" 'BEGIN { printf "%.2f", a / b }')"
printf 'unchanged import  %6d ms   git status %6d ms   ratio %s (target <= 1.5)\n' \
    "$t_same" "$t_git" "$(awk -v a="$t_same" -v b="$t_git" 'BEGIN { printf "%.2f", a / b }')"
