#!/bin/sh
# `make install` with PREFIX and DESTDIR: the binary, the man pages and the
# models land where they should, and the installed binary finds its models
# without a source tree beside it.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/src"
cp -R "$root/Makefile" "$root/src" "$root/include" "$root/models" "$root/man" \
	"$root/po" "$root/tools" "$tmp/src/"
make -s -C "$tmp/src" PREFIX=/opt/itss DESTDIR="$tmp/stage" install >/dev/null
for f in bin/itss share/locale/zh_CN/LC_MESSAGES/itss.mo share/itss/models/itss1-2023.yaml share/man/man1/itss.1 share/man/man5/itss-model.5 share/man/man5/itss-evidence.5; do
	[ -f "$tmp/stage/opt/itss/$f" ] || { echo "FAIL install: $f missing"; exit 1; }
done
# Without DESTDIR the same build installs into PREFIX: move the staged tree
# there, as a package manager would, and run it from a directory without
# models/ beside it.
mkdir -p "$tmp/root"
make -s -C "$tmp/src" PREFIX="$tmp/root/opt" install >/dev/null
out=$(cd / && ITSS_MODEL_PATH= "$tmp/root/opt/bin/itss" model show itss1-2023 | head -n 1)
case "$out" in
"itss1-2023  "*) echo "ok   install: PREFIX, DESTDIR, and the installed binary finds its models" ;;
*) echo "FAIL install: installed binary printed '$out'"; exit 1 ;;
esac
# And its message catalogue, with no source tree beside it.
out=$(cd / && LC_ALL=C.UTF-8 LANGUAGE=zh_CN "$tmp/root/opt/bin/itss" --help | head -n 1)
case "$out" in
"用法："*) echo "ok   install: the installed binary finds its Chinese catalogue" ;;
*) echo "FAIL install: installed binary's help in Chinese printed '$out'"; exit 1 ;;
esac
