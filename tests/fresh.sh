#!/bin/sh
# A new index is built aside (.itss/index.db.new) and linked into place
# whole once its first import has committed (store.c): afterwards it is an
# index like any other (WAL mode, nothing left aside); a kill while it is
# built leaves no index.db or a whole one; two builders take turns; one
# that cannot get its turn says why; a failed first import leaves none.
. "$(dirname "$0")/lib.sh"

"$top/bench/gen-repo.sh" "$ITSS" "$tmp/repo" 20000 2000 16
cd "$tmp/repo" || exit 1
rm -rf .itss
count() { sqlite3 .itss/index.db 'SELECT count(*) FROM records'; }
intact() {
	c=$(sqlite3 .itss/index.db 'PRAGMA integrity_check; PRAGMA foreign_key_check;' 2>&1)
	eq "$1: integrity" "$c" ok
}

run "first import" 0 "index updated" "$ITSS" evidence import
eq "in place: records" "$(count)" 20000
eq "in place: WAL mode" "$(sqlite3 .itss/index.db 'PRAGMA journal_mode')" wal
eq "in place: nothing left aside" "$(ls .itss | grep -c '\.new')" 0
intact "in place"
run "then current" 0 "index unchanged" "$ITSS" evidence import
# The same rows as an index written in place, through the WAL: a model
# change writes everything again into the index that is there.
sqlite3 .itss/index.db "SELECT id, source, line, title, digest FROM records ORDER BY id" >"$tmp/aside"
sqlite3 .itss/index.db "DELETE FROM meta WHERE key = 'model_sha256'"
run "rewritten in place" 0 "index updated" "$ITSS" evidence import
sqlite3 .itss/index.db "SELECT id, source, line, title, digest FROM records ORDER BY id" >"$tmp/inplace"
if cmp -s "$tmp/aside" "$tmp/inplace"; then ok; else bad "built aside: rows differ from those written in place"; fi

# Killed while it is built: no index.db, or a whole one; the next import
# makes it, and removes what the killed one left aside.
start=$(date +%s%3N)
rm -rf .itss
"$ITSS" evidence import >/dev/null
took=$(( $(date +%s%3N) - start ))
[ "$took" -ge 20 ] || took=20
k=1 none=0
while [ $k -le 8 ]; do
	rm -rf .itss
	delay=$(awk -v t="$took" -v k="$k" 'BEGIN { printf "%.3f", t * k / 10 / 1000 }')
	"$ITSS" evidence import >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ -f .itss/index.db ]; then
		intact "killed at ${delay}s"
		eq "killed at ${delay}s: all or none" "$(count)" 20000
	else
		none=$((none + 1))
	fi
	run "after a kill at ${delay}s" 0 "" "$ITSS" evidence import
	eq "after a kill at ${delay}s: records" "$(count)" 20000
	eq "after a kill at ${delay}s: nothing left aside" "$(ls .itss | grep -c '\.new')" 0
	k=$((k + 1))
done
# A kill that lands after the build tests nothing: some must land in it.
[ $none -ge 2 ] && ok || bad "kill: only $none of 8 kills landed while the index was built"

# Killed while a new model's index is built aside: the old one stays,
# whole, until the new one is renamed over it.
"$ITSS" evidence import >/dev/null 2>&1
k=1 mid=0
while [ $k -le 6 ]; do
	sqlite3 .itss/index.db "DELETE FROM meta WHERE key = 'model_sha256'"
	delay=$(awk -v t="$took" -v k="$k" 'BEGIN { printf "%.3f", t * k / 8 / 1000 }')
	"$ITSS" evidence import >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null && mid=$((mid + 1))
	wait "$pid" 2>/dev/null
	if [ -f .itss/index.db ]; then
		intact "aside, killed at ${delay}s"
		eq "aside, killed at ${delay}s: records" "$(count)" 20000
	else
		bad "aside, killed at ${delay}s: no index.db"
	fi
	run "aside, after a kill at ${delay}s" 0 "" "$ITSS" evidence import
	eq "aside, after a kill at ${delay}s: records" "$(count)" 20000
	k=$((k + 1))
done
[ $mid -ge 2 ] && ok || bad "aside kill: only $mid of 6 kills landed mid-import"

# Two first imports at once: one builds, the other waits and finds it.
rm -rf .itss
"$ITSS" evidence import >"$tmp/a" 2>&1 & a=$!
"$ITSS" evidence import >"$tmp/b" 2>&1 & b=$!
sa=0; sb=0
wait $a || sa=$?
wait $b || sb=$?
eq "two at once: exits" "$sa $sb" "0 0"
eq "two at once: records" "$(count)" 20000
eq "two at once: nothing left aside" "$(ls .itss | grep -c '\.new')" 0
intact "two at once"

# Another builder that does not finish: this one gives up, exit 4, says
# why, and makes nothing.
rm -rf .itss && mkdir .itss
flock .itss sleep 3 &
holder=$!
sleep 0.5
run "builder waited for" 4 "another itss is making the index here" \
    env ITSS_BUSY_TIMEOUT_MS=200 "$ITSS" evidence import
wait $holder
[ -e .itss/index.db ] && bad "builder waited for: an index.db was made" || ok

# A failed first import (a broken model) leaves no index.
rm -rf .itss
cp "$top/tests/data/models/db11-user.yaml" m.yaml
sed -i 's/^  - id: conform/  - idx: conform/' m.yaml
cp itss.yaml "$tmp/itss.yaml"
sed -i 's/^model: .*/model: m.yaml/; s/^target: .*/target: conform/' itss.yaml
run "failed first import" 3 "a level has no 'id'" "$ITSS" evidence import
[ -e .itss/index.db ] && bad "failed first import: an index.db was left" || ok
eq "failed first import: nothing left aside" "$(ls .itss | grep -c '\.new')" 0
cp "$tmp/itss.yaml" itss.yaml

# The gate (.itss/lock) held shared, as by a process between taking it and
# taking .itss/: a new model's index is written in place, not aside. Held
# alone, as by a builder: a command opening the index waits, then says so.
"$ITSS" evidence import >/dev/null 2>&1
sqlite3 .itss/index.db "DELETE FROM meta WHERE key = 'model_sha256'"
ino0=$(stat -c %i .itss/index.db)
flock -s .itss/lock sleep 2 & holder=$!
sleep 0.3
run "gate shared: model changed" 0 "index updated" "$ITSS" evidence import
wait $holder
eq "gate shared: written in place" "$(stat -c %i .itss/index.db)" "$ino0"
flock .itss/lock sleep 2 & holder=$!
sleep 0.3
run "gate held alone" 4 "another itss is making the index here" \
    env ITSS_BUSY_TIMEOUT_MS=200 "$ITSS" evidence import
wait $holder
run "gate let go" 0 "index unchanged" "$ITSS" evidence import

# What a killed build left aside does not stop the next.
rm -rf .itss && mkdir .itss && echo "half a database" >.itss/index.db.new
run "after a build left aside" 0 "index updated" "$ITSS" evidence import
eq "after a build left aside: records" "$(count)" 20000

[ $fail = 0 ] && echo "fresh: a new index built aside: $pass checks ($none of 8 kills landed mid-build, $mid of 6 mid-rebuild)"
exit $fail
