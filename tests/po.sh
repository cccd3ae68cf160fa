#!/bin/sh
# Every message translated: the message ids xgettext finds in the sources
# now (the Makefile's pot), merged into po/zh_CN.po, must have no
# untranslated and no fuzzy entry, and msgfmt must find the formats sound
# (every %s of an id in its translation). A message marked in the code and
# not translated fails here.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$top" || exit 1
make -s build/itss.pot >"$tmp/make.out" 2>&1 || { cat "$tmp/make.out"; echo "FAIL po: xgettext"; exit 1; }
fail=0
for po in po/*.po; do
	msgmerge --quiet --no-wrap "$po" build/itss.pot -o "$tmp/merged.po" ||
		{ echo "FAIL po: msgmerge $po"; exit 1; }
	stats=$(msgfmt --check --statistics -o /dev/null "$tmp/merged.po" 2>&1) ||
		{ echo "FAIL po: msgfmt --check $po:"; echo "$stats"; fail=1; continue; }
	case $stats in
	*untranslated*|*fuzzy*)
		echo "FAIL po: $po is not complete: $stats"
		msgattrib --untranslated --only-fuzzy "$tmp/merged.po" 2>/dev/null | head -20
		msgattrib --untranslated "$tmp/merged.po" 2>/dev/null | grep '^msgid' | head -20
		fail=1 ;;
	*) echo "po: $po complete ($stats)" ;;
	esac
	# Nothing in the catalogue that the code no longer says.
	if grep -q '^#~' "$tmp/merged.po"; then
		echo "FAIL po: $po keeps messages the code no longer has (make po drops them):"
		grep -A1 '^#~ msgid' "$tmp/merged.po" | head -10
		fail=1
	fi
done
exit $fail
