#!/bin/sh
# Hostile inputs: `itss model validate` must answer each with a located
# error, exit 3, and take under a second (the issue's bound). libyaml on
# its own takes minutes on the deep file and explodes on the bomb.
. "$(dirname "$0")/lib.sh"

# Milliseconds since the epoch (GNU date).
now() { date +%s%3N; }

check() {	# name file expected-status expected-stderr-pattern
	name=$1 file=$2 want=$3 pattern=$4
	start=$(now)
	status=0
	"$ITSS" model validate "$file" >"$tmp/out" 2>"$tmp/err" || status=$?
	ms=$(( $(now) - start ))
	if [ "$status" != "$want" ]; then
		echo "FAIL $name: exit status $status, expected $want"; fail=1
	elif ! grep -q -- "$pattern" "$tmp/err"; then
		echo "FAIL $name: stderr lacks '$pattern':"; cat "$tmp/err"; fail=1
	elif [ "$ms" -ge "${ITSS_LIMIT_MS:-1000}" ]; then
		echo "FAIL $name: took $ms ms"; fail=1
	else
		echo "ok   $name: $ms ms: $(head -n 1 "$tmp/err" | cut -c1-110)"
	fi
}

# 400 KB of flow nesting, on one line and one bracket per line.
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "["; for (i = 0; i < 200000; i++) printf "]"; print "" }' >"$tmp/deep-flow.yaml"
check deep-flow "$tmp/deep-flow.yaml" 3 "deep-flow.yaml:1:65: error: nesting deeper than 64 levels"
awk 'BEGIN { printf "clauses: [\n"; for (i = 0; i < 200000; i++) printf " [\n"; }' >"$tmp/deep-lines.yaml"
check deep-lines "$tmp/deep-lines.yaml" 3 "deep-lines.yaml:64:2: error: nesting deeper than 64 levels"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "{a: "; printf "1"; for (i = 0; i < 100000; i++) printf "}"; print "" }' >"$tmp/deep-map.yaml"
check deep-map "$tmp/deep-map.yaml" 3 "error: nesting deeper than 64 levels"

# The billion laughs: nine levels of nine aliases.
{
	printf 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
	prev=a
	for n in b c d e f g h i; do
		printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $n $n $prev $prev $prev $prev $prev $prev $prev $prev $prev
		prev=$n
	done
} >"$tmp/laughs.yaml"
check billion-laughs "$tmp/laughs.yaml" 3 "laughs.yaml:1:4: error: anchors are not accepted"

# A mapping of 100,000 keys with one duplicate at the end: found, fast.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "k%d: v\n", i; print "k7: again" }' >"$tmp/many-keys.yaml"
check many-keys "$tmp/many-keys.yaml" 3 "many-keys.yaml:100001:1: error: duplicate key 'k7' (first at line 8, column 1)"

# Over the size limit (16 MiB): refused before parsing.
head -c 17000000 /dev/zero | tr '\0' 'a' >"$tmp/huge.yaml"
check huge "$tmp/huge.yaml" 3 "huge.yaml: error: the file is over the limit"

[ $fail = 0 ] && echo "limits: all passed"
exit $fail
