#!/bin/sh
# The index kept in step with the change (SPEC §2: the files are the
# truth): after each kind of change, the import that follows writes only
# what changed -- the summaries of the requirements it touched, the
# records of the files that changed, the groups of the records whose
# files changed -- and the index must then hold what a fresh import of the
# same files gives: summaries, fingerprint, records, findings and the
# assessment, byte for byte.
. "$(dirname "$0")/lib.sh"
export ITSS_TODAY=2025-12-31

cp -R "$top/examples/huaxin" "$tmp/repo"
cd "$tmp/repo" || exit 1
rm -rf .itss
"$ITSS" evidence import >/dev/null 2>&1

# What an index holds, to compare.
state() {
	sqlite3 "$1/.itss/index.db" "SELECT requirement, hex(data) FROM summaries ORDER BY 1;
	    SELECT value FROM meta WHERE key = 'fingerprint';
	    SELECT id, source, status, date, valid_until, bad FROM records ORDER BY id;
	    SELECT requirement, record, gkey FROM record_requirements ORDER BY 1, 2;
	    SELECT source, line, col, message FROM findings ORDER BY 1, 2, 3, 4;
	    SELECT path, sha256, state FROM files ORDER BY path;
	    SELECT length(data) FROM stat_cache;
	    SELECT id, line, col, hex(digest) FROM records ORDER BY id;
	    SELECT record, path, sha256, source, line, col FROM record_files ORDER BY 1, 2;
	    SELECT * FROM record_scores ORDER BY 1, 2, 3;" | sha256sum
	(cd "$1" && "$ITSS" assess --json 2>/dev/null) | sha256sum
}

# same NAME: import here, then the same files imported afresh elsewhere.
same() {
	"$ITSS" evidence import >"$tmp/out" 2>&1
	grep -q "index updated" "$tmp/out" || bad "$1: the index was not written (nothing was tested)"
	rm -rf "$tmp/fresh" && cp -R . "$tmp/fresh" && rm -rf "$tmp/fresh/.itss"
	(cd "$tmp/fresh" && "$ITSS" evidence import >/dev/null 2>&1)
	eq "$1" "$(state .)" "$(state "$tmp/fresh")"
	# The counts an unchanged import tells (kept by the write) are the rows.
	"$ITSS" evidence import >"$tmp/out" 2>&1
	eq "$1-count" "$(sed -n 's/.*removed; \([0-9]*\) records\{0,1\}, \([0-9]*\) judgement.*/\1 \2/p' "$tmp/out")" \
	    "$(sqlite3 .itss/index.db 'SELECT (SELECT count(*) FROM records) || " " || (SELECT count(*) FROM judgements)')"	# The source cache the write left is what the table gives: made again
	# from it (by the import that finds it missing), it is the same.
	c1=$(sqlite3 .itss/index.db "SELECT hex(data) FROM source_cache")
	[ -n "$c1" ] || bad "$1-source-cache: none"
	sqlite3 .itss/index.db "DELETE FROM source_cache"
	"$ITSS" evidence import >"$tmp/out" 2>&1
	grep -q "index unchanged" "$tmp/out" || bad "$1-source-cache: not the quick path"
	eq "$1-source-cache" "$(sqlite3 .itss/index.db "SELECT hex(data) FROM source_cache")" "$c1"
}

f46=evidence/8-emergency/46-emergency-monitoring.yaml
doc46=docs/46-emergency-monitoring/procedure-2025.md

# A file edited keeps the rows of its records that did not change (their
# rowids stay), moves them when lines above them came or went, and writes
# again only those that changed.
f01=evidence/1-capability/01-capability-planning.yaml
rowids() { sqlite3 .itss/index.db "SELECT id || ' ' || rowid FROM records WHERE source = '$f01' AND id <> '$1' ORDER BY id"; }
r0=$(rowids none)
[ "$(echo "$r0" | wc -l)" -ge 5 ] || bad "edit-kept: too few records to test ($r0)"
echo '# 一行注释' >>"$f01"
same edit-comment
eq edit-comment-kept "$(rowids none)" "$r0"
sed -i '1a # 上面多了一行' "$f01"
same edit-moved
eq edit-moved-kept "$(rowids none)" "$r0"
eq edit-moved-line "$(sqlite3 .itss/index.db "SELECT line FROM records WHERE id = '01-capability-planning-metric-2024'")" 3
sed -i '0,/title: 能力策划组织岗位/s//title: 能力策划组织与岗位/' "$f01"
same edit-one-title
eq edit-one-kept "$(rowids 01-capability-planning-organisation-2025)" "$(echo "$r0" | grep -v '^01-capability-planning-organisation-2025 ')"
[ "$(sqlite3 .itss/index.db "SELECT rowid FROM records WHERE id = '01-capability-planning-organisation-2025'")" != \
    "$(echo "$r0" | sed -n 's/^01-capability-planning-organisation-2025 //p')" ] || bad "edit-one: the changed record was not written again"
# One record taken out of the file, another put in.
awk 'BEGIN{skip=0} /^- id: 01-capability-planning-metric-2024$/{skip=1;next} /^- id:/{skip=0} !skip' "$f01" >"$f01.tmp" && mv "$f01.tmp" "$f01"
printf -- '- id: 01-capability-planning-extra\n  title: 增补\n  kind: record\n  satisfies: [6.1.1.d]\n  date: 2025-06-01\n  status: approved\n' >>"$f01"
same edit-out-and-in
eq edit-out-gone "$(sqlite3 .itss/index.db "SELECT count(*) FROM records WHERE id = '01-capability-planning-metric-2024'")" 0
# A record cut from one file and pasted into another, both edited at once.
f02=evidence/1-capability/02-capability-implementation.yaml
awk '/^- id: 01-capability-planning-organisation-2025$/{m=1} /^- id:/ && !/organisation-2025$/{m=0} m' "$f01" >"$tmp/moved"
[ -s "$tmp/moved" ] || bad "edit-moved-across: nothing to move (nothing tested)"
awk '/^- id: 01-capability-planning-organisation-2025$/{m=1;next} /^- id:/{m=0} !m' "$f01" >"$f01.tmp" && mv "$f01.tmp" "$f01"
cat "$tmp/moved" >>"$f02"
same edit-moved-across
eq edit-moved-across-source "$(sqlite3 .itss/index.db "SELECT source FROM records WHERE id = '01-capability-planning-organisation-2025'")" "$f02"
# A CSV register the same way: one row changed, the others kept.
csv=evidence/service-desk-register.csv
crow() { sqlite3 .itss/index.db "SELECT id || ' ' || rowid FROM records WHERE source = '$csv' AND id <> '$1' ORDER BY id"; }
c0=$(crow none)
[ "$(echo "$c0" | wc -l)" -ge 2 ] || bad "csv-kept: too few rows to test"
first=$(sed -n 2p "$csv" | cut -d, -f1)
sed -i '2s/服务台月度统计/服务台月度统计报告/' "$csv"
same csv-one-row
eq csv-one-kept "$(crow "$first")" "$(echo "$c0" | grep -v "^$first ")"

# A register added whose rows hold more requirements and cited files
# than a write puts in one statement (import_records.c): the new index
# takes them many to a statement, this one a row at a time. Past two
# chunks of records, so that the new index's are prepared on a second
# thread, in both of its chunks, one of them refilled.
find docs -name '*.md' | sort | head -n 8 >"$tmp/docs.list"
awk -v out=evidence/batch-register.csv '
	{ doc[n++] = $0 }
	END {
		print "id,title,kind,satisfies,date,status,owner,files" > out
		for (i = 0; i < 2100; i++)
			printf "batch-%04d,批量登记 %d,record,6.6.1.a;7.6.2.c;6.1.4.b;6.4.2.a;6.1.1.a,2025-%02d-01,approved,服务台,%s;%s;%s;%s\n",
			    i, i, i % 12 + 1, doc[i % n], doc[(i + 1) % n], doc[(i + 2) % n], doc[(i + 3) % n] > out
	}' "$tmp/docs.list"
same batched
eq batched-rows "$(sqlite3 .itss/index.db "SELECT count(*) FROM record_requirements WHERE record LIKE 'batch-%'") $(sqlite3 .itss/index.db "SELECT count(*) FROM record_files WHERE record LIKE 'batch-%'")" "10500 8400"
rm evidence/batch-register.csv
same batched-gone
# A file touched (checked out again, a cache restored): hashed, and its
# bytes as indexed, so its records stay and only its stamp is written.
touch "$f46"
run touched-restamped 0 "(1 read, 1 of them as indexed)" "$ITSS" evidence import
grep -q "index updated" "$tmp/out" || bad "touched-restamped: the new stamp was not written"
run touched-stamp-kept 0 "(0 read)" "$ITSS" evidence import
touch "$f46"
same touched
sed -i '0,/status: approved/s//status: draft/' "$f46"
same status-changed
mv "$doc46" "$tmp/doc46"
same file-missing
printf 'altered\n' >"$doc46"
same file-altered
mv "$tmp/doc46" "$doc46"
same file-restored
printf -- '- id: new-1\n  title: 新记录\n  kind: record\n  satisfies: [6.4.3.c, 8.8.4.b]\n  date: 2025-06-01\n  status: approved\n  files: [%s]\n' "$doc46" >evidence/new.yaml
same record-added
printf -- '- id: new-1\n  title: 新记录\n  kind: report\n  satisfies: [6.4.3.c]\n  date: 2025-06-02\n  status: approved\n' >evidence/new.yaml
same record-changed
rm evidence/new.yaml
same record-removed
# Records alike share a group, named by its first id: the first leaving,
# and a new first coming, must rename it.
alike() { printf -- '- id: %s\n  title: 同类\n  kind: record\n  satisfies: [6.4.3.c]\n  date: 2025-06-01\n  status: approved\n' "$1" >"evidence/$2.yaml"; }
alike aaa-1 pair-a; alike aaa-2 pair-b
same alike-added
rm evidence/pair-a.yaml
same first-left
alike aaa-0 pair-c
same new-first
rm evidence/pair-b.yaml evidence/pair-c.yaml
same alike-gone
sed -i "0,/date: '2025-03-15'/s//date: '2025-13-15'/" "$f46"
same file-invalid
# An invalid file, touched, is parsed again (its errors are told again),
# never taken as indexed.
touch "$f46"
run invalid-touched 3 "2025-13-15" "$ITSS" evidence import
grep -qF "as indexed" "$tmp/out" && bad "invalid-touched: an invalid file taken as indexed"
sed -i "0,/date: '2025-13-15'/s//date: '2025-03-15'/" "$f46"
same file-fixed
rm "$f46"
same file-removed
# A model changed: everything read again, in bulk.
mkdir -p "$tmp/models"
{ cat "$top/models/itss1-2023.yaml"; echo "# changed"; } >"$tmp/models/itss1-2023.yaml"
touch evidence/*/*.yaml	# a new model parses them again, whatever their bytes
ITSS_MODEL_PATH=$tmp/models "$ITSS" evidence import >"$tmp/out" 2>&1
grep -q "index updated" "$tmp/out" || bad "model-changed: the index was not written"
grep -qF "as indexed" "$tmp/out" && bad "model-changed: files taken as indexed under a new model"
rm -rf "$tmp/fresh" && cp -R . "$tmp/fresh" && rm -rf "$tmp/fresh/.itss"
(cd "$tmp/fresh" && ITSS_MODEL_PATH=$tmp/models "$ITSS" evidence import >/dev/null 2>&1)
eq model-changed-summaries "$(sqlite3 .itss/index.db 'SELECT requirement, hex(data) FROM summaries ORDER BY 1' | sha256sum)" \
    "$(sqlite3 "$tmp/fresh/.itss/index.db" 'SELECT requirement, hex(data) FROM summaries ORDER BY 1' | sha256sum)"
# Both written without foreign-key checks (import.c): SQLite's own check
# finds every key whole, and the rows there (so the check had some).
for db in .itss/index.db "$tmp/fresh/.itss/index.db"; do
	eq "model-changed-keys $db" "$(sqlite3 "$db" 'PRAGMA foreign_key_check' 2>&1)" ""
	eq "model-changed-keyed $db" "$(sqlite3 "$db" 'SELECT count(*) > 0 FROM record_requirements JOIN records ON id = record JOIN sources ON path = source')" 1
done
# The same model again: known by its bytes, nothing read (and not parsed).
ITSS_MODEL_PATH=$tmp/models run model-same 0 "(0 read)" "$ITSS" evidence import
grep -q "index unchanged" "$tmp/out" || bad "model-same: the index was written again"
# And back to the bundled model: a change again, with every file as
# indexed. Nothing else has the index open, so it is built aside (a new
# file), the tables it does not write again copied over.
ino() { stat -c %i .itss/index.db; }
ino0=$(ino)
sqlite3 .itss/index.db "INSERT INTO meta VALUES ('kept-aside', 'yes')"
run model-back 0 "index updated" "$ITSS" evidence import
grep -q " 0 removed;" "$tmp/out" || bad "model-back: files counted removed: $(cat "$tmp/out")"
[ "$(ino)" != "$ino0" ] && ok || bad "model-back: the index was not built aside"
eq model-back-kept "$(sqlite3 .itss/index.db "SELECT value FROM meta WHERE key = 'kept-aside'")" yes
eq model-back-wal "$(sqlite3 .itss/index.db 'PRAGMA journal_mode')" wal
[ -e .itss/index.db.new ] && bad "model-back: left .itss/index.db.new" || ok
# In the order of their paths, as a fresh import writes them (the walk's
# order is another).
eq model-back-order "$(sqlite3 .itss/index.db 'SELECT id FROM records ORDER BY rowid' | sha256sum)" \
    "$(sqlite3 "$tmp/fresh/.itss/index.db" 'SELECT id FROM records ORDER BY rowid' | sha256sum)"
sqlite3 .itss/index.db 'SELECT * FROM records ORDER BY id' >"$tmp/aside"
# With the index open elsewhere (its lock on .itss/ shared), the same
# change is written in place, to the same rows.
sqlite3 .itss/index.db "DELETE FROM meta WHERE key = 'model_sha256'"
ino0=$(ino)
flock -s .itss sleep 2 & holder=$!
sleep 0.3
run model-in-place 0 "index updated" "$ITSS" evidence import
wait $holder
eq model-in-place-inode "$(ino)" "$ino0"
sqlite3 .itss/index.db 'SELECT * FROM records ORDER BY id' >"$tmp/inplace"
cmp -s "$tmp/aside" "$tmp/inplace" && ok || bad "model-in-place: rows differ from those built aside"
eq model-changed-history "$(sqlite3 .itss/index.db 'SELECT count(*) FROM sources')" "$(sqlite3 "$tmp/fresh/.itss/index.db" 'SELECT count(*) FROM sources')"

# A source cache that is not sound is not believed: the table is read,
# and the cache made again.
c1=$(sqlite3 .itss/index.db "SELECT hex(data) FROM source_cache")
for bad_cache in "x'00'" "x'0100000005000000'" "substr(data, 1, length(data) - 1)" "data || x'00'"; do
	sqlite3 .itss/index.db "UPDATE source_cache SET data = $bad_cache"
	run "source-cache-unsound $bad_cache" 0 "index unchanged" "$ITSS" evidence import
	eq "source-cache-remade $bad_cache" "$(sqlite3 .itss/index.db "SELECT hex(data) FROM source_cache")" "$c1"
done
# One that lies (its paths changed) makes the import compare the walk with
# the table itself, as a change would, and is made again from it.
sqlite3 .itss/index.db "UPDATE source_cache SET data = replace(data, CAST('evidence' AS BLOB), CAST('evidencf' AS BLOB))"
[ "$(sqlite3 .itss/index.db "SELECT hex(data) FROM source_cache")" != "$c1" ] || bad "source-cache-lies: the lie was not told (nothing tested)"
run source-cache-lies 0 "index unchanged" "$ITSS" evidence import
eq source-cache-lies-remade "$(sqlite3 .itss/index.db "SELECT hex(data) FROM source_cache")" "$c1"

# The walk cache (.itss/walk): a directory listed under a stamp is not
# listed again while its stamp stays; one modified in the last two seconds
# is not kept at all.
mkdir evidence/just-made && alike just-made just-made/just-made
run walk-cache-racy 0 "index updated" "$ITSS" evidence import
grep -aq "evidence/just-made" .itss/walk && bad "walk-cache: a directory just modified was kept"
rm -r evidence/just-made
find evidence judgements -type d -exec touch -d '1 hour ago' {} +
run walk-cache-made 0 "" "$ITSS" evidence import
grep -aq "evidence/1-capability" .itss/walk || bad "walk-cache: not made"
# Believed for a directory of the same stamp: a cache that leaves a file
# out of one (no one but a hand in .itss/ can) leaves it out of the walk.
cp .itss/walk "$tmp/walk"
sed -i 's/01-capability-planning\.yaml/01-capability-planning\.yamX/' .itss/walk
run walk-cache-believed 0 "" "$ITSS" evidence import
grep -q "1 removed" "$tmp/out" || bad "walk-cache-believed: the cache was not used (nothing tested)"
cp "$tmp/walk" .itss/walk
touch evidence/1-capability	# a new stamp: listed again
run walk-cache-relisted 0 "" "$ITSS" evidence import
grep -q "0 removed" "$tmp/out" || bad "walk-cache-relisted: the file was not found again"
# A file added, even with the directory's modification time set back: its
# change time tells.
find evidence judgements -type d -exec touch -d '1 hour ago' {} +
"$ITSS" evidence import >/dev/null 2>&1
alike walk-new walk-new
touch -d '1 hour ago' evidence
run walk-cache-new-file 0 "index updated" "$ITSS" evidence import
eq walk-cache-new-counted "$(sqlite3 .itss/index.db "SELECT count(*) FROM records WHERE id = 'walk-new'")" 1
rm evidence/walk-new.yaml
run walk-cache-file-gone 0 "1 removed" "$ITSS" evidence import
# Not sound: not believed, made again.
for junk in "" "itss walk 1" "itss walk 1
xxxxxxxx" "not a cache at all"; do
	printf '%s' "$junk" >.itss/walk
	run "walk-cache-unsound $junk" 0 "index unchanged" "$ITSS" evidence import
done
head -c 12 .itss/walk | grep -q "itss walk 1" || bad "walk-cache: not made again"

# The model file known by its stat, recorded beside its hash: an import
# with nothing changed neither reads nor hashes it (libcrypto, which
# hashes, is not even loaded: ld.so's LD_DEBUG=files names what it loads).
model_file() { sqlite3 .itss/index.db "SELECT value FROM meta WHERE key = 'model_file'"; }
export ITSS_MODEL_PATH=$tmp/models
run model-file 0 "index updated" "$ITSS" evidence import
case $(model_file) in "$tmp/models/itss1-2023.yaml"*) ok ;; *) bad "model-file: not recorded: '$(model_file)'" ;; esac
LD_DEBUG=files "$ITSS" evidence import >"$tmp/out" 2>"$tmp/ld"
grep -q "index unchanged" "$tmp/out" || bad "model-file-same: the index was written again"
grep -q "libcrypto" "$tmp/ld" && bad "model-file-same: libcrypto loaded to import nothing changed"
grep -q "libsqlite3" "$tmp/ld" || bad "model-file-same: LD_DEBUG=files names no library (nothing was tested)"
# Touched, the same bytes: hashed, known as the index's, its new stat kept.
before=$(model_file)
touch -d '2001-02-03 04:05:06' "$tmp/models/itss1-2023.yaml"
LD_DEBUG=files "$ITSS" evidence import >"$tmp/out" 2>"$tmp/ld"
grep -q "index unchanged" "$tmp/out" || bad "model-file-touched: the index was written again"
grep -q "libcrypto" "$tmp/ld" || bad "model-file-touched: not hashed"
[ "$(model_file)" != "$before" ] || bad "model-file-touched: the new stat was not kept"
run model-file-touched-again 0 "index unchanged" "$ITSS" evidence import
# Other bytes of the same size under the same modification time: the
# change time (which no one sets back) still tells.
cp -p "$tmp/models/itss1-2023.yaml" "$tmp/ref"
sed -i 's/^# changed$/# chang3d/' "$tmp/models/itss1-2023.yaml"
touch -r "$tmp/ref" "$tmp/models/itss1-2023.yaml"
eq model-file-size "$(wc -c <"$tmp/models/itss1-2023.yaml")" "$(wc -c <"$tmp/ref")"
run model-file-same-mtime 0 "index updated" "$ITSS" evidence import
# An index without the model's hash has no model to compare, whatever
# the file's stat.
sqlite3 .itss/index.db "DELETE FROM meta WHERE key = 'model_sha256'"
run model-file-no-hash 0 "index updated" "$ITSS" evidence import
ITSS_MODEL_PATH=

finish incremental
