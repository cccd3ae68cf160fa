#!/bin/sh
# The evidence repository and its index, end to end: init, import, the
# refusals (each must exit 3, name the problem and make its file invalid,
# the other files' records still counted), findings, rebuilding, the database's own refusals, list
# filters, and `evidence new`.
. "$(dirname "$0")/lib.sh"
export ITSS_TODAY=2026-01-15 ITSS_BUSY_TIMEOUT_MS=300

dump() { sqlite3 .itss/index.db .dump | sha256sum; }

# The ids of the records that count, as the index has them.
ids() { sqlite3 .itss/index.db 'SELECT id FROM records ORDER BY id' | tr '\n' ' '; }

# refused NAME PATTERN [GONE...]: import exits 3 with PATTERN and says a
# file is invalid; the records of every other file still count (the ids
# GONE, of a file the broken one made invalid too, excepted).
refused() {
	rf_name=$1 rf_pattern=$2
	shift 2
	rf_ids=$(ids)
	for g in "$@"; do rf_ids=$(printf '%s' "$rf_ids" | sed "s/\(^\| \)$g / /; s/^ //"); done
	run "$rf_name" 3 "$rf_pattern" "$ITSS" evidence import
	grep -q "invalid file.*records not counted" "$tmp/out" || bad "$rf_name: no invalid file told"
	eq "$rf_name-counted" "$(ids)" "$rf_ids"
}

record() {	# FILE ID REQ [EXTRA...]
	file=$1 id=$2 req=$3
	shift 3
	{
		printf 'id: %s\ntitle: 记录 %s\nkind: record\nsatisfies: [%s]\n' "$id" "$id" "$req"
		printf 'date: 2025-06-01\nstatus: approved\n'
		for x in "$@"; do printf '%s\n' "$x"; done
	} >"$file"
}

cd "$tmp" || exit 1

# -- init --
run init 0 "evidence repository ready" "$ITSS" init repo --org 示例公司 --target 三级
cd repo || exit 1
cp itss.yaml "$tmp/cfg"
run init-again 0 "already an evidence repository" "$ITSS" init .
cmp -s itss.yaml "$tmp/cfg" || bad "init-again changed itss.yaml"
[ "$(grep -c '^\.itss/$' .gitignore)" = 1 ] || bad "init-again: .gitignore lists .itss/ $(grep -c '^\.itss/$' .gitignore) times"
grep -q '^target: extended$' itss.yaml || bad "init: target 三级 not written as extended"
grep -q '^organisation: "示例公司"$' itss.yaml || bad "init: organisation"
run init-bad-level 2 "has no level '五级'" "$ITSS" init "$tmp/other" --target 五级
run init-bad-model 3 "no model 'nosuch'" "$ITSS" init "$tmp/other" --model nosuch
[ ! -e "$tmp/other" ] || bad "init with a bad level or model created the directory"

# -- a sound repository --
mkdir -p docs sub
printf 'the policy\n' >docs/policy.txt
printf 'tickets\n' >docs/tickets.csv
sha=$(sha256sum docs/policy.txt | cut -d' ' -f1)
cat >evidence/policy.yaml <<EOF2
id: inc-policy
title: 事件管理制度
kind: policy
satisfies: [6.4.3.a, 6.4.3.b]
date: 2025-03-01
valid_until: 2026-03-01
owner: 张三
status: approved
files:
  - {path: docs/policy.txt, sha256: $sha}
EOF2
mkdir -p evidence/2025
record evidence/2025/tickets.yaml inc-records 6.4.3.c 'files: [docs/tickets.csv]' 'owner: 李四'
printf 'id,title,kind,satisfies,date,status,files\nsla,服务级别协议,agreement,6.4.1.c,2025-01-10,approved,docs/policy.txt\n' >evidence/register.csv
printf 'requirement: 7.6.3.a\nverdict: not_applicable\nreason: 本组织不保有备件\n' >judgements/spare.yaml
run import 0 "3 records, 1 judgement; 2 cited files (2 hashed" "$ITSS" evidence import
run import-unchanged 0 "(0 read), 0 removed; 3 records, 1 judgement; 2 cited files (0 hashed, 0.0 MiB); index unchanged" "$ITSS" evidence import
before=$(dump)
"$ITSS" evidence import >/dev/null 2>&1
[ "$(dump)" = "$before" ] || bad "an import with nothing changed changed the index"
touch docs/tickets.csv
run import-touched 0 "(1 hashed" "$ITSS" evidence import
# A cited file deleted after a clean import: the quick check notices.
mv docs/tickets.csv "$tmp/tickets.csv"
run deleted-after 0 "file 'docs/tickets.csv' is missing" "$ITSS" evidence import
mv "$tmp/tickets.csv" docs/tickets.csv
run restored 0 "index updated" "$ITSS" evidence import
grep -q 'is missing' "$tmp/out" && bad "restored: still reported missing"
# A directory on a cited path replaced by a link: the full path refuses it.
mv docs "$tmp/docs-real" && ln -s "$tmp/docs-real" docs
# Every record that cites through it: all three files.
refused dir-became-link "a symbolic link leads outside the repository" inc-policy inc-records sla
rm docs && mv "$tmp/docs-real" docs
run dir-restored 0 "3 records" "$ITSS" evidence import
eq dir-restored-ids "$(ids)" "inc-policy inc-records sla "

# -- list and show --
run list-all 0 "inc-policy" "$ITSS" evidence list
run list-item 0 "inc-records" "$ITSS" evidence list --item 事件管理
"$ITSS" evidence list --item 17 | grep -q sla && bad "list --item 17 shows the SLA record"
run list-req 0 "sla" "$ITSS" evidence list --requirement 6.4.1.c
run list-kind 0 "no records match" "$ITSS" evidence list --kind report
run list-owner 0 "inc-records" "$ITSS" evidence list --owner 李四
run list-expiring 0 "inc-policy" "$ITSS" evidence list --expiring-before 2026-06-01
"$ITSS" evidence list --expiring-before 2026-01-01 | grep -q inc-policy && bad "list --expiring-before 2026-01-01 shows a record valid until 2026-03-01"
run list-bad-item 2 "has no item '99'" "$ITSS" evidence list --item 99
run list-bad-date 2 "must be a date" "$ITSS" evidence list --expiring-before soon
run show 0 "sha256 $sha" "$ITSS" evidence show inc-policy
run show-text 0 "建立事件管理过程制度及事件记录模板；" "$ITSS" evidence show inc-policy
run show-missing 3 "no evidence record 'nope'" "$ITSS" evidence show nope

# -- refusals: exit 3, named, the file invalid, the rest counted --
record evidence/x.yaml x1 6.4.3.c 'files: [../outside.txt]'
refused dotdot "evidence/x.yaml:7:9: error: file '../outside.txt': a '..' component"
record evidence/x.yaml x1 6.4.3.c 'files: [/etc/passwd]'
refused absolute "file '/etc/passwd': an absolute path"
ln -s /etc/passwd docs/out
record evidence/x.yaml x1 6.4.3.c 'files: [docs/out]'
refused symlink-out "record 'x1' cites 'docs/out': a symbolic link leads outside the repository"
mkdir -p .git && printf '[core]\n' >.git/config && ln -s ../.git/config docs/git
record evidence/x.yaml x1 6.4.3.c 'files: [docs/git]'
refused symlink-git "record 'x1' cites 'docs/git': a symbolic link leads into .git"
ln -s ../docs sub/link
record evidence/x.yaml x1 6.4.3.c 'files: [sub/link/policy.txt]'
before=$(dump)
run symlink-inside 0 "index updated" "$ITSS" evidence import
mkfifo docs/fifo
record evidence/x.yaml x1 6.4.3.c 'files: [docs/fifo]'
fifo_ids=$(ids | sed 's/x1 //')
status=0
timeout 10 "$ITSS" evidence import >"$tmp/out" 2>&1 || status=$?
[ "$status" = 3 ] && grep -qF "record 'x1' cites 'docs/fifo': a FIFO, not a regular file" "$tmp/out" || { bad "fifo: exit $status"; cat "$tmp/out"; }
eq fifo-counted "$(ids)" "$fifo_ids"
record evidence/x.yaml x1 6.4.3.c 'files: [docs]'
refused directory "record 'x1' cites 'docs': a directory, not a file"
# A device node, where this machine lets us make one.
if mknod docs/null c 1 3 2>/dev/null; then
	record evidence/x.yaml x1 6.4.3.c 'files: [docs/null]'
	refused device "record 'x1' cites 'docs/null': a device, not a regular file"
	rm -f docs/null
else
	echo "note: mknod not permitted here; the device case was not run"
fi
# An id used twice: neither file counts (whichever came first).
record evidence/x.yaml inc-policy 6.4.3.c
refused duplicate-id "evidence/x.yaml:1:1: error: record id 'inc-policy' is also used at evidence/policy.yaml:1:1" inc-policy
grep -qF "evidence/policy.yaml:1:1: error: record id 'inc-policy' is also used at evidence/x.yaml:1:1" "$tmp/out" || bad "duplicate-id: the first file not made invalid"
# Told again while nothing changes; gone with the other file.
refused duplicate-id-again "record id 'inc-policy' is also used"
rm evidence/x.yaml
run duplicate-gone 0 "index updated" "$ITSS" evidence import
eq duplicate-gone-ids "$(ids)" "inc-policy inc-records sla "
record evidence/x.yaml x1 6.4.3.q
refused unknown-requirement "evidence/x.yaml:4:13: error: unknown requirement '6.4.3.q'"
sed 's/^kind: record/kind: memo/' evidence/x.yaml >evidence/y.yaml && rm evidence/x.yaml
record evidence/y.yaml x1 6.4.3.c && sed -i 's/^kind: record/kind: memo/' evidence/y.yaml
refused unknown-kind "evidence/y.yaml:3:7: error: unknown kind 'memo'"
rm evidence/y.yaml
record evidence/x.yaml x1 6.4.3.c && sed -i 's/^date: .*/date: 2025-02-29/' evidence/x.yaml
refused bad-date "evidence/x.yaml:5:7: error: 'date' must be a date written YYYY-MM-DD, not '2025-02-29'"
# A date that is a mapping (found by fuzz_evidence: it crashed the reader).
record evidence/x.yaml x1 6.4.3.c && sed -i 's/^date: .*/date:\n  sha256: abc/' evidence/x.yaml
refused date-mapping "evidence/x.yaml:6:3: error: 'date' must be a single value, not a mapping"
rm evidence/x.yaml
printf 'id,title,kind,satisfies,date\nc9,"open,record,6.4.3.c,2025-01-01\n' >evidence/bad.csv
refused bad-csv "evidence/bad.csv:2: error: malformed CSV: a quoted field is not closed"
printf 'id,title,kind,satisfies,date\nc9,T,record,6.4.3.c\n' >evidence/bad.csv
refused csv-short-row "evidence/bad.csv:2: error: this row has 4 fields, the header 5"
rm evidence/bad.csv
printf 'requirement: 7.6.3.a\nverdict: conform\nreason: x\nby: a\ndate: 2025-01-01\n' >judgements/again.yaml
refused duplicate-judgement "judgements/again.yaml:1:1: error: requirement 7.6.3.a also has a judgement at judgements/spare.yaml:1:1"
eq duplicate-judgement-none "$(sqlite3 .itss/index.db 'SELECT count(*) FROM judgements')" 0
rm judgements/again.yaml
run judgement-back 0 "1 judgement;" "$ITSS" evidence import
# A judgement on a whole item: by number or name, at some levels or all;
# once per item, beside its requirements' own.
printf 'item: 备件库\nlevels: [协同级, quantitative]\nverdict: not_applicable\nreason: 不保有备件\n' >judgements/item.yaml
run item-judgement 0 "2 judgements;" "$ITSS" evidence import
eq item-judgement-kept "$(sqlite3 .itss/index.db "SELECT requirement, levels FROM judgements WHERE requirement LIKE 'item:%'")" "item:30|collaborative,quantitative"
printf 'item: 30\nverdict: conform\nreason: x\nby: a\ndate: 2025-01-01\n' >judgements/item2.yaml
refused item-judged-twice "judgements/item2.yaml:1:1: error: item 30 also has a judgement at judgements/item.yaml:1:1"
rm judgements/item2.yaml
printf 'item: 99\nverdict: not_applicable\nreason: x\n' >judgements/item2.yaml
refused item-unknown "judgements/item2.yaml:1:7: error: model itss1-2023 has no item '99'"
printf 'item: 30\nrequirement: 7.6.3.a\nverdict: not_applicable\nreason: x\n' >judgements/item2.yaml
refused item-and-requirement "judgements/item2.yaml:1:7: error: a judgement names 'requirement' or 'item', not both"
printf 'item: 30\nlevels: [top]\nverdict: not_applicable\nreason: x\n' >judgements/item2.yaml
refused item-unknown-level "judgements/item2.yaml:2:10: error: model itss1-2023 has no level 'top'"
printf 'requirement: 7.6.3.b\nlevels: [basic]\nverdict: not_applicable\nreason: x\n' >judgements/item2.yaml
refused levels-without-item "judgements/item2.yaml:2:9: error: 'levels' goes with 'item'"
printf 'verdict: not_applicable\nreason: x\n' >judgements/item2.yaml
refused judgement-names-nothing "judgements/item2.yaml:1:1: error: a judgement needs 'requirement' (one requirement id) or 'item'"
rm judgements/item2.yaml judgements/item.yaml
run item-judgement-gone 0 "1 judgement;" "$ITSS" evidence import
ln -s ../docs/policy.txt evidence/link.yaml
refused linked-record "evidence/link.yaml: error: a symbolic link"
rm evidence/link.yaml
# evidence/ itself a link: not followed, said so.
mv evidence "$tmp/evidence-real" && ln -s "$tmp/evidence-real" evidence
run evidence-linked 3 "evidence: error: not a directory (a symbolic link is not followed" "$ITSS" evidence import
rm evidence && mv "$tmp/evidence-real" evidence
# Several problems at once: all reported.
record evidence/x.yaml x1 6.4.3.q 'files: [../a, docs/fifo]'
record evidence/z.yaml x2 6.4.3.c && sed -i 's/^kind: record/kind: memo/' evidence/z.yaml
refused all-at-once "unknown kind 'memo'"
grep -qF "unknown requirement '6.4.3.q'" "$tmp/out" && grep -qF "'..' component" "$tmp/out" &&
	grep -qF "a FIFO" "$tmp/out" || bad "all-at-once: not every problem reported"
rm evidence/x.yaml evidence/z.yaml docs/fifo

# -- findings: reported, kept, exit 0 --
record evidence/f.yaml f1 6.4.3.c 'files:' '  - docs/gone.pdf' \
	'  - {path: docs/policy.txt, sha256: 0000000000000000000000000000000000000000000000000000000000000000}'
run missing-and-altered 0 "evidence/f.yaml:8:5: warning: record 'f1': file 'docs/gone.pdf' is missing" "$ITSS" evidence import
grep -qF "evidence/f.yaml:9:12: warning: record 'f1': file 'docs/policy.txt' is altered" "$tmp/out" || bad "altered: not reported"
# An import with nothing changed tells the same findings again.
run findings-again 0 "index unchanged" "$ITSS" evidence import
grep -qF "evidence/f.yaml:8:5: warning: record 'f1': file 'docs/gone.pdf' is missing" "$tmp/out" &&
	grep -qF "file 'docs/policy.txt' is altered" "$tmp/out" || bad "findings-again: findings not told again"
run show-findings 0 "missing  docs/gone.pdf" "$ITSS" evidence show f1
grep -qF "altered  docs/policy.txt" "$tmp/out" || bad "show: altered file not shown"
run list-flag 0 "approved!" "$ITSS" evidence list --requirement 6.4.3.c
printf 'changed\n' >docs/policy.txt
run policy-changed 0 "file 'docs/policy.txt' is altered" "$ITSS" evidence import
printf 'the policy\n' >docs/policy.txt
rm evidence/f.yaml

# -- the index: rebuilt when deleted; refusals of its own --
rm -rf .itss
run rebuild 0 "3 records, 1 judgement" "$ITSS" evidence import
sqlite3 .itss/index.db 'PRAGMA user_version = 99'
run newer-schema 4 "made by a newer itss (schema 99" "$ITSS" evidence import
sqlite3 .itss/index.db 'PRAGMA user_version = 1; PRAGMA application_id = 1234'
run foreign-db 4 "not an itss index" "$ITSS" evidence import
rm -rf .itss
run rebuild-again 0 "index updated" "$ITSS" evidence import
# Locked by another process: a clear message, after the busy timeout.
(sqlite3 .itss/index.db 'BEGIN IMMEDIATE; SELECT 1;' '.shell sleep 2' 'COMMIT;' >/dev/null 2>&1 &)
sleep 0.5
touch evidence/policy.yaml
run locked 4 "the index is locked by another itss process" "$ITSS" evidence import
sleep 2
run unlocked 0 "index updated" "$ITSS" evidence import

# -- evidence new --
run new 0 "evidence/17-incident-management-record-001.yaml" "$ITSS" evidence new --item 17
grep -q '^date: 2026-01-15$' evidence/17-incident-management-record-001.yaml || bad "new: not today's date"
run new-import 0 "4 records" "$ITSS" evidence import
# A file in the way (not yet imported) is never overwritten.
printf 'id: mine\n' >"$tmp/mine"
cp "$tmp/mine" evidence/17-incident-management-record-002.yaml
# The half-written file is invalid, told, and not replaced: the new one
# takes the next name.
run new-in-the-way 0 "evidence/17-incident-management-record-002.yaml:1:1: error: the record has no 'title'" "$ITSS" evidence new --item 17
grep -qF "1 invalid file: its records do not count" "$tmp/out" || bad "new-in-the-way: no banner"
grep -qx "evidence/17-incident-management-record-003.yaml" "$tmp/out" || bad "new-in-the-way: not the next name"
cmp -s "$tmp/mine" evidence/17-incident-management-record-002.yaml || bad "new overwrote a file"
rm evidence/17-incident-management-record-002.yaml evidence/17-incident-management-record-003.yaml
run new-next 0 "evidence/17-incident-management-record-002.yaml" "$ITSS" evidence new --item 17
run new-kind 0 "evidence/17-incident-management-policy-001.yaml" "$ITSS" evidence new --item 17 --kind policy
run new-req 0 "evidence/9.4.a-metric-001.yaml" "$ITSS" evidence new --requirement 9.4.a
run new-no-kind 2 "no requirement of item 17 expects a agreement" "$ITSS" evidence new --item 17 --kind agreement
run new-both 2 "needs one of --item or --requirement" "$ITSS" evidence new --item 17 --requirement 9.4.a
run new-req-kind 2 "requirement 8.4.4.a does not expect a policy; it expects: procedure" "$ITSS" evidence new --requirement 8.4.4.a --kind policy
run new-req-item 0 "evidence/17-incident-management-procedure-001.yaml" "$ITSS" evidence new --requirement 8.4.4.a
run after-new 0 "8 records" "$ITSS" evidence import
run list-unknown-kind 2 "model 'itss1-2023' has no evidence kind 'memo'" "$ITSS" evidence list --kind memo
# Templates: an edited one is kept (and named) unless --force.
run template 0 "216 templates for 48 items" "$ITSS" evidence template "$tmp/tpl"
echo '# mine' >>"$tmp/tpl/17-incident-management/record.yaml"
run template-kept 0 "kept $tmp/tpl/17-incident-management/record.yaml: it differs" "$ITSS" evidence template "$tmp/tpl"
eq template-kept-text "$(tail -n 1 "$tmp/tpl/17-incident-management/record.yaml")" "# mine"
run template-force 0 "216 templates" "$ITSS" evidence template --force "$tmp/tpl"
eq template-forced "$(grep -c '^# mine$' "$tmp/tpl/17-incident-management/record.yaml")" 0

# -- text from evidence reaches the terminal visible, never as escapes --
printf 'id: esc1\ntitle: "bad\\e]0;PWN\\a \\e[2J \\u202e txt"\nkind: record\nsatisfies: [6.1.1.a]\ndate: 2025-01-01\nowner: "x\\e[31m"\n' >evidence/esc.yaml
run esc-list 0 'bad\x1b]0;PWN\x07 \x1b[2J \u202e txt' "$ITSS" evidence list
eq esc-list-raw "$(grep -c "$(printf '\033')" "$tmp/out")" 0
run esc-show 0 'owner:       x\x1b[31m' "$ITSS" evidence show esc1
eq esc-show-raw "$(grep -c "$(printf '\033')" "$tmp/out")" 0
run esc-error 3 "no evidence record 'a\x1b[2Jb'" "$ITSS" evidence show "$(printf 'a\033[2Jb')"
eq esc-error-raw "$(grep -c "$(printf '\033')" "$tmp/out")" 0
rm evidence/esc.yaml

# -- itss.yaml's model: a file in the repository, never one out of it --
mkdir "$tmp/mp" && (cd "$tmp/mp" && "$ITSS" init . --model "$top/tests/data/models/db11-user.yaml" --target conform >/dev/null 2>&1)
cp "$top/tests/data/models/db11-user.yaml" "$tmp/outmodel.yaml"
cp "$top/tests/data/models/db11-user.yaml" "$tmp/mp/m.yaml"
( cd "$tmp/mp" || exit 1
sed -i 's|^model: .*|model: m.yaml|' itss.yaml
run model-inside 0 "no records match" "$ITSS" evidence list
sed -i 's|^model: .*|model: ../outmodel.yaml|' itss.yaml
run model-dotdot 3 "itss.yaml: error: model '../outmodel.yaml': a '..' component" "$ITSS" evidence list
ln -s ../outmodel.yaml out.yaml
sed -i 's|^model: .*|model: out.yaml|' itss.yaml
run model-link-out 3 "model 'out.yaml': a symbolic link leads outside the repository" "$ITSS" evidence list
sed -i 's|^model: .*|model: /etc/passwd|' itss.yaml
run model-absolute 3 "model '/etc/passwd': an absolute path" "$ITSS" evidence list
echo "$pass $fail" >"$tmp/mp.counts" )
read -r pass fail <"$tmp/mp.counts"

# -- a repository that cannot be written: read as it is, or said stale --
mkdir -p "$tmp/rw" "$tmp/ro"
( cd "$tmp/rw" && "$ITSS" init r >/dev/null && cd r &&
  record evidence/a.yaml ro1 6.1.1.a && "$ITSS" evidence import >/dev/null ) || bad "ro: set-up"
if mount --bind "$tmp/rw" "$tmp/ro" 2>/dev/null && mount -o remount,bind,ro "$tmp/ro" 2>/dev/null &&
    mount | grep -q " $tmp/ro .*(ro,"; then
	( cd "$tmp/ro/r" || exit 1
	  run ro-list 0 "ro1" "$ITSS" evidence list
	  run ro-assess 1 "level reached" "$ITSS" assess
	  printf '# changed\n' >>"$tmp/rw/r/evidence/a.yaml"
	  run ro-stale 4 "the index is stale (evidence or cited files changed since it was written) and .itss/ cannot be written here" "$ITSS" evidence list
	  echo "$pass $fail" >"$tmp/ro.counts" )
	read -r pass fail <"$tmp/ro.counts"
	umount "$tmp/ro"
else
	umount "$tmp/ro" 2>/dev/null
	echo "note: cannot make a read-only bind mount here (not root?); the read-only index is not tested"
fi

# -- a full disk under the index is named as such, not "disk I/O error" --
mkdir "$tmp/full"
if mount -t tmpfs -o size=8m tmpfs "$tmp/full" 2>/dev/null && mount | grep -q " $tmp/full "; then
	( cd "$tmp/full" && "$ITSS" init r >/dev/null && cd r &&
	  record evidence/a.yaml f1 6.1.1.a && "$ITSS" evidence import >/dev/null ) ||
		bad "full: set-up"
	dd if=/dev/zero of="$tmp/full/fill" bs=4k 2>/dev/null
	# Reading needs no space (the WAL is kept between runs); writing is
	# refused with its cause.
	( cd "$tmp/full/r" && run full-disk-read 0 "f1" "$ITSS" evidence list
	  touch -d '2030-01-01' evidence/a.yaml	# changed: the index must be written
	  run full-disk 4 "no space left on the device holding .itss/" "$ITSS" evidence list
	  echo "$pass $fail" >"$tmp/full.counts" )
	read -r pass fail <"$tmp/full.counts"
	umount "$tmp/full"
else
	echo "note: cannot mount a small tmpfs here (not root?); the full-disk message is not tested"
fi

# -- registers the way Chinese spreadsheets write them --
"$ITSS" init "$tmp/zh" >/dev/null || bad "zh-init"
cd "$tmp/zh" || exit 1
mkdir -p docs && echo 文件 >docs/a.md
printf '编号,标题,类别,满足要求,日期,有效期至,负责人,状态,文件（状态、SHA-256）,记录文件\n' >evidence/reg.csv
printf 'z1,事件记录,记录,"6.4.3.c, 7.4.4.e",2026/3/1,—,张三,已批准,docs/a.md [ok] 00ff,evidence/x.yaml\n' >>evidence/reg.csv
printf 'z2,制度,制度,6.4.3.a、6.4.4.a,2026年3月2日,2027-3-1,,已过期,,\n' >>evidence/reg.csv
printf 'z3,草稿,记录,6.4.3.c，6.5.1.a,2026.3.3,,,草稿,,\n' >>evidence/reg.csv
run zh-import 0 "3 records" "$ITSS" evidence import
eq zh-values "$(sqlite3 .itss/index.db "SELECT group_concat(id || ' ' || kind || ' ' || date || ' ' || ifnull(valid_until, '-') || ' ' || status, '; ') FROM (SELECT * FROM records ORDER BY id)")" "z1 record 20513 - approved; z2 policy 20514 20878 approved; z3 record 20515 - draft"
eq zh-lists "$(sqlite3 .itss/index.db "SELECT group_concat(record || ':' || requirement, ' ') FROM (SELECT * FROM record_requirements ORDER BY 1, 2)")" "z1:6.4.3.c z1:7.4.4.e z2:6.4.3.a z2:6.4.4.a z3:6.4.3.c z3:6.5.1.a"
eq zh-file "$(sqlite3 .itss/index.db "SELECT path || ' ' || ifnull(sha256, 'unpinned') FROM record_files")" "docs/a.md unpinned"
# GB18030, as Chinese Excel saves "CSV": read as such, and said so.
sed 's/^z\([0-9]\),/g\1,/' evidence/reg.csv | iconv -f UTF-8 -t GB18030 >evidence/reg-gb.csv
run zh-gb18030 0 "evidence/reg-gb.csv: warning: read as GB18030" "$ITSS" evidence import
grep -q "6 records" "$tmp/out" || bad "zh-gb18030: its records are not counted"
# Neither UTF-8 nor GB18030: refused, located, as before.
printf 'id,title,kind,satisfies,date\nb1,\377\377,record,6.4.3.c,2026-03-01\n' >evidence/bad.csv
run zh-neither 3 "evidence/bad.csv:2: error: invalid UTF-8" "$ITSS" evidence import
rm evidence/bad.csv
# A date nobody could mean, and a status in no language: refused in place.
printf 'id,title,kind,satisfies,date,status\nb2,x,record,6.4.3.c,2026/13/1,已审核\n' >evidence/bad2.csv
run zh-refused 3 "evidence/bad2.csv:2:5: error: 'date' must be a date" "$ITSS" evidence import
grep -qF "status must be draft, approved, superseded or rejected (草稿, 已批准, 已替代, 已驳回), not '已审核'" "$tmp/out" || bad "zh-refused: the status"
rm evidence/bad2.csv

# -- outside a repository --
cd "$tmp" || exit 1
run no-repo 3 "not in an evidence repository" "$ITSS" evidence list

finish evidence
