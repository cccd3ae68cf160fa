#!/bin/sh
# Every key of a model, taken away in turn (renamed, so the file stays
# YAML): `itss model validate` must answer with located errors and exit 3,
# never crash. The models are the one-level fixture and the ITSS model's
# first 400 lines' worth of keys (levels, domains, items, clauses).
. "$(dirname "$0")/lib.sh"
for model in "$top/tests/data/models/db11-user.yaml" "$top/tests/data/models/engine.yaml"; do
	lines=$(grep -n '^ *-\{0,1\} *[a-z_]*:' "$model" | cut -d: -f1)
	for n in $lines; do
		sed "${n}s/\([a-z_]*\):/zz\1:/" "$model" >"$tmp/m.yaml"
		status=0
		"$ITSS" model validate "$tmp/m.yaml" >"$tmp/out" 2>&1 || status=$?
		if [ "$status" -ge 126 ]; then
			bad "$(basename "$model") line $n renamed: exit $status (a crash)"
			sed -n "${n}p" "$model"
		elif [ "$status" != 3 ]; then
			bad "$(basename "$model") line $n renamed: exit $status, expected 3"
		elif ! grep -q "m.yaml:[0-9]*:[0-9]*: error: " "$tmp/out"; then
			bad "$(basename "$model") line $n renamed: no located error"
		else
			ok
		fi
	done
done
finish model-keys
