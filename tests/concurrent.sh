#!/bin/sh
# Two imports at once: with the usual busy timeout the second waits for
# the first and both succeed; with a tiny one, the second fails with a
# clear message. Either way nothing is corrupted and the files win.
. "$(dirname "$0")/lib.sh"

"$top/bench/gen-repo.sh" "$ITSS" "$tmp/repo" 20000 2000 16
cd "$tmp/repo" || exit 1
"$ITSS" evidence import >/dev/null || { echo "FAIL concurrent: first import"; exit 1; }
intact() {
	c=$(sqlite3 .itss/index.db 'PRAGMA integrity_check; PRAGMA foreign_key_check;')
	[ "$c" = ok ] || { echo "FAIL concurrent ($1): $c"; fail=1; }
}
touch files/*	# every file changed: both imports have work to do

# Both wait their turn.
"$ITSS" evidence import >"$tmp/a" 2>&1 & a=$!
"$ITSS" evidence import >"$tmp/b" 2>&1 & b=$!
sa=0; sb=0
wait $a || sa=$?
wait $b || sb=$?
if [ $sa != 0 ] || [ $sb != 0 ]; then
	echo "FAIL concurrent: exit $sa and $sb"; cat "$tmp/a" "$tmp/b"; fail=1
fi
grep -q 'index updated' "$tmp/a" "$tmp/b" || { echo "FAIL concurrent: neither updated"; fail=1; }
intact waiting

# The lock held for certain (a sqlite3 shell inside BEGIN IMMEDIATE): an
# import with a 1 ms timeout must give up, exit 4, and say why.
touch files/*
(echo 'BEGIN IMMEDIATE;'; sleep 3; echo 'COMMIT;') | sqlite3 .itss/index.db &
holder=$!
sleep 1
st=0
ITSS_BUSY_TIMEOUT_MS=1 "$ITSS" evidence import >"$tmp/a" 2>&1 || st=$?
wait $holder
[ $st = 4 ] || { echo "FAIL concurrent: exit $st with the lock held, expected 4"; cat "$tmp/a"; fail=1; }
grep -q 'locked by another itss process' "$tmp/a" ||
	{ echo "FAIL concurrent: no clear message with the lock held"; cat "$tmp/a"; fail=1; }
intact held

# One gives up at once, clearly.
touch files/*
ITSS_BUSY_TIMEOUT_MS=1 "$ITSS" evidence import >"$tmp/a" 2>&1 & a=$!
ITSS_BUSY_TIMEOUT_MS=1 "$ITSS" evidence import >"$tmp/b" 2>&1 & b=$!
sa=0; sb=0
wait $a || sa=$?
wait $b || sb=$?
for s in $sa $sb; do
	case $s in 0|4) ;; *) echo "FAIL concurrent: exit $s"; fail=1 ;; esac
done
if [ $sa = 4 ] || [ $sb = 4 ]; then
	grep -q 'locked by another itss process' "$tmp/a" "$tmp/b" ||
		{ echo "FAIL concurrent: no clear message"; cat "$tmp/a" "$tmp/b"; fail=1; }
fi
intact "giving up"

# The index agrees with the files.
out=$("$ITSS" evidence import)
case "$out" in
*"index unchanged"*|*"index updated"*) ;;
*) echo "FAIL concurrent: $out"; fail=1 ;;
esac
[ "$(sqlite3 .itss/index.db 'SELECT count(*) FROM records')" = 20000 ] || { echo "FAIL concurrent: record count"; fail=1; }
[ $fail = 0 ] && echo "concurrent: two imports at once: both finished (exit $sa/$sb when one may give up), index intact"
exit $fail
