#!/bin/sh
# How the import scales (issue: robust and fast), each figure a ratio in
# one hyperfine run with its baseline:
#
#   bench/scale.sh [ITSS] [RECORDS] [DIR]
#
# A repository of RECORDS records (default 100,000), 100 to a YAML file,
# citing 1,000 files of 1 KiB, made a git work tree, then:
#   fresh      a fresh import (no index)              per record, for linearity
#   touch1%    1% of the record files touched, import  against a fresh import
#              (their bytes as indexed: hashed, not parsed)
#   edit1%     1% of the record files changed (a line added: every record
#              in them read again, and kept), import  against a fresh import
#   change1%   1% of the record files with one record changed in each (its
#              title), import                      against a fresh import
#   model      the model changed (its stamp in the index removed), import
#                                                      against a fresh import
#   unchanged  nothing changed, import                 against git status --porcelain
#   list       evidence list                           against sqlite3's bare select
# and the peak memory of the fresh import and of the list (GNU time).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ITSS=$(cd "$(dirname "${1:-$top/itss}")" && pwd)/$(basename "${1:-$top/itss}")
n=${2:-100000}
dir=${3:-/tmp/itss-scale-$n}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 2; }
if [ ! -f "$dir/itss.yaml" ]; then
	echo "generating $dir ($n records)..."
	"$top/bench/gen-repo.sh" "$ITSS" "$dir" "$n" 1000 1
	(cd "$dir" && git init -q && git add -A && git -c user.name=bench \
	    -c user.email=bench@example.org commit -qm bench)
fi
cd "$dir"
nfiles=$(ls evidence | wc -l)
touch_n=$((nfiles / 100))
[ "$touch_n" -gt 0 ] || touch_n=1
json=$dir/.scale.json
mean() {	# the median of benchmark $1 (0-based) in the last run, in s
	# (the median: this kind of machine has its slow seconds)
	awk -v k="$1" -F'[:,]' '/"median"/ { if (n++ == k) { printf "%.4f", $2 } }' "$json"
}
runs=${RUNS:-5}
"$ITSS" evidence import >/dev/null 2>&1 || true
hyperfine -N -w 1 -r "$runs" --export-json "$json" \
    --prepare "rm -rf $dir/.itss" "$ITSS evidence import" \
    --prepare "sh -c 'ls $dir/evidence | head -n $touch_n | sed s,^,$dir/evidence/, | xargs touch'" \
    "$ITSS evidence import" \
    --prepare "sh -c 'for f in \$(ls $dir/evidence | head -n $touch_n); do echo \"# \$(date +%s%N)\" >>$dir/evidence/\$f; done'" \
    "$ITSS evidence import" \
    --prepare "sh -c 'for f in \$(ls $dir/evidence | head -n $touch_n); do sed -i \"0,/title: /s/title: /title: 改/\" $dir/evidence/\$f; done'" \
    "$ITSS evidence import" \
    --prepare "sqlite3 $dir/.itss/index.db \"DELETE FROM meta WHERE key = 'model_sha256'\"" \
    "$ITSS evidence import" >/dev/null 2>&1
t_fresh=$(mean 0) t_touch=$(mean 1) t_edit=$(mean 2) t_change=$(mean 3)
t_model=$(mean 4)
"$ITSS" evidence import >/dev/null 2>&1 || true
# The files the runs above changed, committed: git status against a clean
# tree, as it runs in the repositories it is compared for.
git add -A && git -c user.name=bench -c user.email=bench@example.org \
    commit -qm "bench edits" || true
git status --porcelain >/dev/null
hyperfine -N -w 5 -r 40 --export-json "$json" \
    "$ITSS evidence import" "git status --porcelain" >/dev/null 2>&1
t_same=$(mean 0) t_git=$(mean 1)
hyperfine -w 1 -r "$runs" --export-json "$json" \
    "$ITSS evidence list >/dev/null" \
    "sqlite3 $dir/.itss/index.db 'SELECT * FROM records ORDER BY date, id' >/dev/null" >/dev/null 2>&1
t_list=$(mean 0) t_select=$(mean 1)
rm -rf .itss
/usr/bin/time -o "$dir/.mem" -f %M "$ITSS" evidence import >/dev/null 2>&1 || true
m_fresh=$(tail -n 1 "$dir/.mem")
/usr/bin/time -o "$dir/.mem" -f %M "$ITSS" evidence list >/dev/null 2>&1 || true
m_list=$(tail -n 1 "$dir/.mem")
rm -f "$dir/.mem"
rm -f "$json"
r() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
printf 'records %d in %d files\n' "$n" "$nfiles"
printf 'fresh import      %8.3f s   %.2f us a record; peak %d MB\n' "$t_fresh" \
    "$(awk -v t="$t_fresh" -v n="$n" 'BEGIN { print t / n * 1e6 }')" $((m_fresh / 1024))
printf 'touch 1%% (%d)    %8.3f s   %s of fresh (target <= 0.05)\n' "$touch_n" "$t_touch" "$(r "$t_touch" "$t_fresh")"
printf 'edit 1%% (%d)     %8.3f s   %s of fresh (target <= 0.05)\n' "$touch_n" "$t_edit" "$(r "$t_edit" "$t_fresh")"
printf 'change 1%% (%d)   %8.3f s   %s of fresh\n' "$touch_n" "$t_change" "$(r "$t_change" "$t_fresh")"
printf 'model changed     %8.3f s   %s of fresh (target <= 1.0)\n' "$t_model" "$(r "$t_model" "$t_fresh")"
printf 'unchanged         %8.4f s   git status %.4f s: %s (target <= 1.0)\n' "$t_same" "$t_git" "$(r "$t_same" "$t_git")"
printf 'evidence list     %8.3f s   bare select %.3f s: %s (target <= 2.0); peak %d MB\n' "$t_list" "$t_select" "$(r "$t_list" "$t_select")" $((m_list / 1024))
