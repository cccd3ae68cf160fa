#!/bin/sh
# Generate a synthetic evidence repository.
#
#   bench/gen-repo.sh ITSS DIR RECORDS FILES KIB
#
# DIR is made an evidence repository (by ITSS, the itss binary) holding
# FILES files of KIB KiB of random bytes under files/, and RECORDS evidence
# records, 100 to a YAML file under evidence/, record i citing file
# i mod FILES and two requirements of the ITSS model. Defaults for the
# benchmark: 10,000 records, 10,000 files of 105 KiB (1 GiB in all).
set -eu
ITSS=$1 dir=$2 records=${3:-10000} files=${4:-10000} kib=${5:-105}
top=$(cd "$(dirname "$0")/.." && pwd)
"$ITSS" init "$dir" --org 基准测试有限公司 >/dev/null
mkdir -p "$dir/files"
# One stream of random bytes, cut into files: far faster than a process each.
head -c $((files * kib * 1024)) /dev/urandom |
	split -b "${kib}K" -a 6 -d - "$dir/files/f"
ls "$dir/files" >"$dir/.files.list"
grep -o '^      - id: [0-9][0-9.]*[a-z]$' "$top/models/itss1-2023.yaml" |
	sed 's/.*id: //' >"$dir/.reqs.list"
awk -v out="$dir/evidence" -v n="$records" '
	FILENAME ~ /reqs/ { req[nr++] = $0; next }
	{ file[nf++] = $0 }
	END {
		kinds[0] = "record"; kinds[1] = "report"; kinds[2] = "policy"; kinds[3] = "plan"
		for (i = 0; i < n; i++) {
			if (i % 100 == 0) {
				if (f) close(f)
				f = sprintf("%s/batch-%05d.yaml", out, i / 100)
			}
			printf "- id: r%06d\n  title: 运维记录 %d\n  kind: %s\n", i, i, kinds[i % 4] > f
			printf "  satisfies: [%s, %s]\n", req[i % nr], req[(i % nr + 1 + (i * 7) % (nr - 1)) % nr] > f
			printf "  date: 2025-%02d-%02d\n  status: approved\n", i % 12 + 1, i % 28 + 1 > f
			printf "  files: [files/%s]\n", file[i % nf] > f
		}
	}' "$dir/.reqs.list" "$dir/.files.list"
rm -f "$dir/.files.list" "$dir/.reqs.list"
