#!/bin/sh
# A large CSV register imported afresh, against what SQLite itself does
# with the same file (issue: robust and fast):
#
#   bench/csv.sh [ITSS] [ROWS] [DIR]
#
# DIR is made a repository whose evidence/register.csv holds ROWS records
# (default 200,000), each satisfying two requirements of the ITSS model,
# then, in one hyperfine run: `itss evidence import` with no index, and
# `sqlite3 .import` of the same file into a fresh table of a fresh
# database. Prints both and their ratio (target: within 3x).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ITSS=$(cd "$(dirname "${1:-$top/itss}")" && pwd)/$(basename "${1:-$top/itss}")
n=${2:-200000}
dir=${3:-/tmp/itss-csv-$n}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 2; }
if [ ! -f "$dir/evidence/register.csv" ]; then
	rm -rf "$dir"
	"$ITSS" init "$dir" --org 基准测试有限公司 >/dev/null
	# Two distinct requirements a record: the second is 1..nr-1 after the first.
	grep -o '^      - id: [0-9][0-9.]*[a-z]$' "$top/models/itss1-2023.yaml" |
		sed 's/.*id: //' >"$dir/.reqs.list"
	awk -v n="$n" -v out="$dir/evidence/register.csv" '
		{ req[nr++] = $0 }
		END {
			print "id,title,kind,satisfies,date,status,owner,approved_by,approved_on" > out
			for (i = 0; i < n; i++)
				printf "c%07d,服务台工单记录 %d,record,%s;%s,2025-%02d-%02d,approved,服务台,质量审核员 陈静,2025-%02d-%02d\n",
				    i, i, req[i % nr], req[(i % nr + 1 + i % (nr - 1)) % nr], i % 12 + 1,
				    i % 28 + 1, i % 12 + 1, i % 28 + 1 > out
		}' "$dir/.reqs.list"
	rm -f "$dir/.reqs.list"
fi
json=$dir/.csv.json
hyperfine -N -w 1 -r "${RUNS:-5}" --export-json "$json" \
    --prepare "rm -rf $dir/.itss" "$ITSS -C $dir evidence import" \
    --prepare "rm -f $dir/.bare.db" \
    "sqlite3 $dir/.bare.db '.import --csv $dir/evidence/register.csv t'" >/dev/null 2>&1
# The medians: this kind of machine has its slow seconds.
mean() { awk -v k="$1" -F'[:,]' '/"median"/ { if (n++ == k) { printf "%.4f", $2 } }' "$json"; }
t_itss=$(mean 0) t_sqlite=$(mean 1)
rm -f "$json" "$dir/.bare.db"
printf 'CSV register of %d rows: itss %.3f s, sqlite3 .import %.3f s: %s (target <= 3.0)\n' \
    "$n" "$t_itss" "$t_sqlite" "$(awk -v a="$t_itss" -v b="$t_sqlite" 'BEGIN { printf "%.2f", a / b }')"
