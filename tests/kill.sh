#!/bin/sh
# Kill an import (SIGKILL) at many points of its run: every time the
# database must be intact (PRAGMA integrity_check, foreign_key_check) and
# hold all of the batch or none of it.
. "$(dirname "$0")/lib.sh"
points=${2:-20}

"$top/bench/gen-repo.sh" "$ITSS" "$tmp/repo" 20000 2000 16
cd "$tmp/repo" || exit 1
# The batch: records 10000-19999, in files 100-199, moved in and out.
mkdir "$tmp/parked"
for f in evidence/batch-001*.yaml; do mv "$f" "$tmp/parked/"; done
"$ITSS" evidence import >/dev/null || { echo "FAIL kill: base import"; exit 1; }

count() { sqlite3 .itss/index.db 'SELECT count(*) FROM records'; }
toggle() {
	if [ -n "$(ls "$tmp/parked")" ]; then
		mv "$tmp/parked"/*.yaml evidence/
	else
		for f in evidence/batch-001*.yaml; do mv "$f" "$tmp/parked/"; done
	fi
}
ms() { date +%s%3N; }

# How long an import of the batch takes, to spread the kills over it.
toggle
start=$(ms)
"$ITSS" evidence import >/dev/null
took=$(( $(ms) - start ))
[ "$took" -ge 20 ] || took=20
killed=0
k=1
while [ $k -le "$points" ]; do
	toggle
	before=$(count)
	delay=$(awk -v t="$took" -v k="$k" -v n="$points" 'BEGIN { printf "%.3f", t * k / n / 1000 }')
	"$ITSS" evidence import >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	check=$(sqlite3 .itss/index.db 'PRAGMA integrity_check; PRAGMA foreign_key_check;' 2>&1)
	after=$(count)
	if [ "$check" != ok ]; then
		echo "FAIL kill at ${delay}s: $check"; fail=1
	elif [ "$after" != 10000 ] && [ "$after" != 20000 ]; then
		echo "FAIL kill at ${delay}s: $after records: part of the batch"; fail=1
	fi
	# Settle: a full import reaches the state of the files.
	"$ITSS" evidence import >/dev/null 2>&1 || { echo "FAIL kill: import after a kill"; fail=1; }
	want=$([ -n "$(ls "$tmp/parked")" ] && echo 10000 || echo 20000)
	[ "$(count)" = "$want" ] || { echo "FAIL kill: $(count) records after settling, want $want"; fail=1; }
	k=$((k + 1))
done
# A kill that lands after the import finished tests nothing: most must land.
if [ $((killed * 2)) -lt "$points" ]; then
	echo "FAIL kill: only $killed of $points kills landed mid-import"; fail=1
fi
[ $fail = 0 ] && echo "kill: $points kills over a ${took} ms import ($killed mid-run): database intact, all or none of the batch each time"
exit $fail
