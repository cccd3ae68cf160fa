# tests/lib.sh - what the shell tests share, as git's t/test-lib.sh does:
# the binary under test (the script's first argument, made absolute), the
# source tree, a temporary directory removed on exit, and the checks.
#
#   . "$(dirname "$0")/lib.sh"
#
# ITSS     the itss binary          top   the source tree
# tmp      a fresh directory        pass, fail   counts so far
set -u
ITSS=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
fail=0
pass=0

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=1; }

# run NAME STATUS PATTERN CMD...: the command exits STATUS and its output
# (stdout and stderr, kept in $tmp/out) holds PATTERN (a fixed string;
# empty: anything).
run() {
	name=$1 want=$2 pattern=$3
	shift 3
	status=0
	"$@" >"$tmp/out" 2>&1 || status=$?
	if [ "$status" != "$want" ]; then
		bad "$name: exit $status, expected $want"; sed 's/^/    /' "$tmp/out" | head -40
	elif [ -n "$pattern" ] && ! grep -qF -- "$pattern" "$tmp/out"; then
		bad "$name: no '$pattern' in:"; sed 's/^/    /' "$tmp/out" | head -40
	else
		ok
	fi
}

# eq NAME GOT WANT
eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: '$2', expected '$3'"; fi; }

# js FILE EXPR: a fact from a JSON file, with SQLite's JSON functions
# (j is the document), as jq would give it.
js() { sqlite3 :memory: "SELECT $2 FROM (SELECT readfile('$1') AS j)"; }

# finish WHAT: the summary line, and the script's exit status.
finish() {
	echo "$1 tests: $pass passed$( [ $fail = 0 ] || echo ', some FAILED')"
	exit $fail
}
