#!/bin/sh
# The README's console examples are true: each ```console block is run in
# a sandbox (a copy of the models, the example and the test data; today
# fixed at 2026-11-22), its commands in one shell, and each command's
# output (stdout and stderr) compared with the lines the README shows
# after it. In the README, a line "..." stands for any lines, "…" for any
# text within a line; the sandbox's path reads /tmp.
. "$(dirname "$0")/lib.sh"
export ITSS_TODAY=2026-11-22 ITSS_MODEL_PATH=
command -v jq >/dev/null || { echo "FAIL readme: jq is not installed (.ci/packages)"; exit 1; }
mkdir -p "$tmp/bin" "$tmp/root/tests"
ln -s "$ITSS" "$tmp/bin/itss"
cp -R "$top/models" "$top/examples" "$tmp/root/"
cp -R "$top/tests/data" "$tmp/root/tests/"
PATH=$tmp/bin:$PATH
export PATH

# Split the README into blocks: $tmp/b.N.cmds (one command a line) and
# $tmp/b.N.K.want (what command K shows).
awk -v dir="$tmp" '
	/^```console$/ { inb = 1; n++; k = 0; next }
	/^```/ && inb { inb = 0; next }
	inb && /^\$ / { k++; sub(/^\$ /, ""); print > (dir "/b." n ".cmds");
		printf "" > (dir "/b." n "." k ".want"); next }
	inb && k { print > (dir "/b." n "." k ".want") }
' "$top/README.md"

# Does the actual output ($1) match the wanted lines ($2)?
matches() {
	awk -v want="$2" '
		function glob(p, s,    r) {	# "…" is any text; the rest literal
			r = p; gsub(/[][\\.^$*+?(){}|\/]/, "\\\\&", r); gsub(/…/, ".*", r)
			return s ~ ("^" r "$")
		}
		BEGIN { while ((getline l < want) > 0) w[nw++] = l
			while (nw && w[nw - 1] == "") nw-- }	# the blank line after
		{ a[na++] = $0 }
		END {
			while (na && a[na - 1] == "") na--
			i = 0; j = 0
			while (i < nw) {
				if (w[i] == "...") {
					if (i + 1 == nw) exit 0
					while (j < na && !glob(w[i + 1], a[j])) j++
					if (j == na) exit 1
					i++; continue
				}
				if (j >= na || !glob(w[i], a[j])) {
					printf "    wanted: %s\n    got:    %s\n", w[i], j < na ? a[j] : "(end)" > "/dev/stderr"
					exit 1
				}
				i++; j++
			}
			if (j < na)
				printf "    wanted: (end)\n    got:    %s\n", a[j] > "/dev/stderr"
			exit j == na ? 0 : 1
		}' "$1"
}

n=1
while [ -f "$tmp/b.$n.cmds" ]; do
	mkdir -p "$tmp/run.$n"
	cp -R "$tmp/root/." "$tmp/run.$n/"
	# One shell for the block, so that cd carries on; a marker between
	# the commands' outputs.
	k=0
	: >"$tmp/b.$n.sh"
	while IFS= read -r c; do
		k=$((k + 1))
		printf 'echo "@@@ %d"\n%s 2>&1\n' "$k" "$c" >>"$tmp/b.$n.sh"
	done <"$tmp/b.$n.cmds"
	(cd "$tmp/run.$n" && sh "$tmp/b.$n.sh") 2>&1 |
		sed "s|$tmp/run.$n|/tmp|g" >"$tmp/b.$n.out"
	k=1
	while [ -f "$tmp/b.$n.$k.want" ]; do
		awk -v k="$k" '/^@@@ / { on = ($2 == k); next } on' "$tmp/b.$n.out" >"$tmp/got"
		if matches "$tmp/got" "$tmp/b.$n.$k.want" 2>"$tmp/why"; then
			ok
		else
			bad "readme block $n, '$(sed -n "${k}p" "$tmp/b.$n.cmds")':"
			cat "$tmp/why"
		fi
		k=$((k + 1))
	done
	n=$((n + 1))
done
[ "$pass" -ge 8 ] || bad "readme: only $pass commands checked"
finish readme
