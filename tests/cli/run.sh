#!/bin/sh
# Command-line tests: run each case against the itss binary given as $1 and
# compare stdout, stderr and the exit status with the expected files.
#
# A case is a directory tests/cli/NAME/ holding:
#   cmd              one shell command line; $ITSS is the binary; run from
#                    the repository root
#   expected.out     stdout
#   expected.err     stderr
#   expected.status  the exit status
# In the outputs, the binary's directory reads @BINDIR@.
#
# `tests/cli/run.sh ./itss --update NAME` rewrites a case's expected files
# from what the binary does now: read the diff before committing it.
set -u
ITSS=$1
shift
update=
if [ "${1:-}" = --update ]; then
	update=1
	shift
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
bindir=$(cd "$(dirname "$ITSS")" && pwd)
ITSS=$bindir/$(basename "$ITSS")
export ITSS
cd "$root" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0
fail=0
for dir in tests/cli/*/; do
	name=$(basename "$dir")
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	fi
	# A case the harness cannot run is a failure, not a silent skip.
	for f in cmd expected.out expected.err expected.status; do
		if [ ! -f "$dir/$f" ] && { [ -z "$update" ] || [ "$f" = cmd ]; }; then
			echo "FAIL $name: no $f"
			fail=$((fail + 1))
			continue 2
		fi
	done
	status=0
	sh -c "$(cat "$dir/cmd")" >"$tmp/out" 2>"$tmp/err" || status=$?
	for f in out err; do
		sed -e "s|$bindir|@BINDIR@|g" -e "s|$root|@ROOT@|g" "$tmp/$f" >"$tmp/$f.n"
	done
	if [ -n "$update" ]; then
		cp "$tmp/out.n" "$dir/expected.out"
		cp "$tmp/err.n" "$dir/expected.err"
		echo "$status" >"$dir/expected.status"
		echo "updated $name"
		continue
	fi
	ok=1
	if ! diff -u "$dir/expected.out" "$tmp/out.n" >"$tmp/diff"; then
		ok=0
		echo "FAIL $name: stdout differs"
		cat "$tmp/diff"
	fi
	if ! diff -u "$dir/expected.err" "$tmp/err.n" >"$tmp/diff"; then
		ok=0
		echo "FAIL $name: stderr differs"
		cat "$tmp/diff"
	fi
	want=$(cat "$dir/expected.status")
	if [ "$status" != "$want" ]; then
		ok=0
		echo "FAIL $name: exit status $status, expected $want"
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
[ -n "$update" ] && exit 0
echo "command-line tests: $pass passed, $fail failed"
[ $fail = 0 ]
