#!/bin/sh
# The full path (a new index, a new model) reads, checks and writes a
# batch of sources at a time (import_stream.c), so that an import holds
# one batch of records, not the repository's. Whatever the batches, the
# same files give the same import: the same errors and findings in the
# same order, the same index -- ids used twice across batches (the first
# use's file made invalid after it was written, an id of it used again
# later, an id of a file made invalid by a refused file), findings from
# early and late batches; and a batch's records are let go once written.
. "$(dirname "$0")/lib.sh"
export ITSS_TODAY=2025-12-31

cp -R "$top/examples/huaxin" "$tmp/repo"
cd "$tmp/repo" || exit 1
rm -rf .itss
rec() {
	printf -- '- id: %s\n  title: 记录 %s\n  kind: record\n  satisfies: [6.4.3.c]\n  date: 2025-06-01\n  status: approved\n' "$1" "$1"
	[ -z "${2:-}" ] || printf '  files: [%s]\n' "$2"
}
# Sorted by path, 0-* come before the example's files, 9-* after them.
{ rec dup-x; rec dup-y; } >evidence/0-a.yaml
rec dup-x >evidence/9-b.yaml
{ rec dup-x; rec dup-y; rec c-ok; } >evidence/9-c.yaml
ln -s /etc/passwd docs/out.md
{ rec ref-z docs/out.md; rec ref-w; } >evidence/0-r.yaml
rec ref-z >evidence/9-d.yaml
rec m-2 docs/missing-2.md >evidence/0-m.yaml
rec m-1 docs/missing-1.md >evidence/9-m.yaml

state() {
	sqlite3 .itss/index.db "SELECT source, line, col, message, cited FROM source_errors ORDER BY rowid;
	    SELECT source, line, col, message, path FROM findings ORDER BY rowid;
	    SELECT requirement, hex(data) FROM summaries ORDER BY 1;
	    SELECT value FROM meta WHERE key IN ('fingerprint', 'records') ORDER BY key;
	    SELECT id, source, line, bad, hex(digest) FROM records ORDER BY id;
	    SELECT requirement, record, gkey FROM record_requirements ORDER BY 1, 2;
	    SELECT record, path, sha256 FROM record_files ORDER BY 1, 2;
	    SELECT path, invalid FROM sources ORDER BY 1;
	    SELECT path, sha256, state FROM files ORDER BY 1;
	    PRAGMA foreign_key_check;" | sha256sum
	"$ITSS" assess --json 2>/dev/null | sha256sum
}

# One batch (the default, for a repository this small).
rm -rf .itss
run "one batch" 3 "5 invalid files" "$ITSS" evidence import
cp "$tmp/out" "$tmp/one.out"
one=$(state)
# What it says, first: the checks across the files.
grep -qF "evidence/0-a.yaml:1:3: error: record id 'dup-x' is also used at evidence/9-b.yaml:1:3" "$tmp/one.out" &&
    grep -qF "evidence/9-c.yaml:1:3: error: record id 'dup-x' is also used at evidence/0-a.yaml:1:3" "$tmp/one.out" &&
    grep -qF "evidence/9-c.yaml:7:3: error: record id 'dup-y' is also used at evidence/0-a.yaml:7:3" "$tmp/one.out" &&
    grep -qF "evidence/9-d.yaml:1:3: error: record id 'ref-z' is also used at evidence/0-r.yaml:1:3" "$tmp/one.out" &&
    grep -qF "evidence/0-r.yaml:7:11: error: record 'ref-z' cites 'docs/out.md'" "$tmp/one.out" ||
    { bad "one batch: the errors are not those expected:"; sed 's/^/    /' "$tmp/one.out"; }
eq "one batch: findings in order of their files" \
    "$(grep -o "file 'docs/missing-[12].md'" "$tmp/one.out" | tr '\n' ' ')" \
    "file 'docs/missing-1.md' file 'docs/missing-2.md' "
eq "one batch: valid ones count" "$(sqlite3 .itss/index.db "SELECT group_concat(id, ' ') FROM (SELECT id FROM records WHERE id IN ('c-ok', 'm-1', 'm-2', 'dup-x', 'dup-y', 'ref-z', 'ref-w') ORDER BY id)")" "m-1 m-2"

# Every source a batch of its own, and batches of a few sources: the same.
for bytes in 1 6000 40000; do
	rm -rf .itss
	ITSS_IMPORT_BATCH_BYTES=$bytes run "batches of $bytes bytes" 3 "5 invalid files" "$ITSS" evidence import
	if cmp -s "$tmp/out" "$tmp/one.out"; then ok; else
		bad "batches of $bytes bytes: told otherwise than one batch:"; diff "$tmp/one.out" "$tmp/out" | sed 's/^/    /'
	fi
	eq "batches of $bytes bytes: the index" "$(state)" "$one"
done

# A new model over an index that is there: the same, in batches.
sqlite3 .itss/index.db "DELETE FROM meta WHERE key = 'model_sha256'"
ITSS_IMPORT_BATCH_BYTES=1 run "model changed, batches" 3 "5 invalid files" "$ITSS" evidence import
eq "model changed, batches: the index" "$(state)" "$one"
# Then fixed, one file at a time, by the other path: as a fresh import.
rm evidence/9-b.yaml evidence/9-c.yaml evidence/9-d.yaml docs/out.md
run "fixed" 0 "index updated" "$ITSS" evidence import
fixed=$(state)
rm -rf .itss
ITSS_IMPORT_BATCH_BYTES=1 run "fixed, fresh in batches" 0 "index updated" "$ITSS" evidence import
eq "fixed, fresh in batches: the index" "$(state)" "$fixed"

# A batch's records let go once written: the peak memory of a fresh
# import of 200,000 records in batches of 1 MiB against one batch, whose
# records (some 370 bytes each) are all held until they are written. Not
# under the sanitizers, whose quarantine keeps what is freed.
case $ITSS in
*/san/*) ;;
*)
	if [ -x /usr/bin/time ]; then
		"$top/bench/gen-repo.sh" "$ITSS" "$tmp/big" 200000 1000 1 >/dev/null 2>&1
		cd "$tmp/big" || exit 1
		peak() {
			rm -rf .itss
			ITSS_IMPORT_BATCH_BYTES=$1 /usr/bin/time -o "$tmp/mem" -f %M "$ITSS" evidence import >/dev/null 2>&1
			cat "$tmp/mem"
		}
		whole=$(peak 4000000000) batched=$(peak 1048576)
		eq "200,000 records: all written" "$(sqlite3 .itss/index.db 'SELECT count(*) FROM records')" 200000
		if [ "$batched" -le $((whole - 25000)) ]; then ok; else
			bad "200,000 records: peak $batched KiB in batches, $whole KiB in one: the batches' records are not let go"
		fi
		echo "  peak memory, 200,000 records: $batched KiB in batches of 1 MiB, $whole KiB in one batch"
	else
		bad "no /usr/bin/time (Debian package time) to measure the peak memory"
	fi
	;;
esac

finish stream
