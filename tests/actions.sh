#!/bin/sh
# Corrective actions (actions/): itss actions, their refusals, what check
# and assess say of them. On a copy of the example, which has two: one
# verified, one overdue at 2025-12-31.
. "$(dirname "$0")/lib.sh"

cp -R "$top/examples/huaxin" "$tmp/r" && rm -rf "$tmp/r/.itss" "$tmp/r/assessments"
cd "$tmp/r" || exit 1
D="--as-of 2025-12-31"
"$ITSS" evidence import >/dev/null 2>&1 || bad "import"

# -- the list --
run list 0 "2 actions: 1 open, 1 overdue" "$ITSS" actions $D
grep -q "^CA-2025-01  verified  2025-09-30  过程负责人  6.4.3.c  抽查" "$tmp/out" || bad "list: CA-2025-01's row"
grep -q "^CA-2025-02  OVERDUE   2025-11-30" "$tmp/out" || bad "list: CA-2025-02 not overdue"
run list-before-due 0 "2 actions: 1 open, 0 overdue" "$ITSS" actions --as-of 2025-11-01
run open 0 "1 action of 2: 1 open, 1 overdue" "$ITSS" actions --open $D
run overdue 0 "CA-2025-02" "$ITSS" actions --overdue $D
grep -q CA-2025-01 "$tmp/out" && bad "overdue: lists the verified one"
run owner-none 0 "0 actions of 2" "$ITSS" actions --owner 无此人 $D
run zh 0 "已逾期" env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$ITSS" actions $D
grep -q "已验证" "$tmp/out" || bad "zh: the status is not Chinese"
"$ITSS" actions --json $D >"$tmp/a.json" || bad "json: exit"
eq json-n "$(js "$tmp/a.json" "json_array_length(j, '\$.actions')")" 2
eq json-overdue "$(js "$tmp/a.json" "json_extract(j, '\$.actions[1].id') || ' ' || json_extract(j, '\$.actions[1].overdue')")" "CA-2025-02 1"
eq json-verified "$(js "$tmp/a.json" "json_extract(j, '\$.actions[0].verified_by') || ' ' || json_extract(j, '\$.actions[0].evidence[0]')")" "内审组 周敏 17-incident-management-record-2025"
run usage 2 "" "$ITSS" actions --nope
run operand 2 "" "$ITSS" actions extra
run help 0 "usage: itss actions" "$ITSS" actions --help

# -- beside each gap: assess, and its JSON --
run assess 1 "    → action CA-2025-02 (OVERDUE, due 2025-11-30)" "$ITSS" assess $D
"$ITSS" assess --json $D >"$tmp/g.json"
eq assess-json "$(js "$tmp/g.json" "(SELECT json_extract(value, '\$.actions[0].id') FROM json_each(j, '\$.gaps') WHERE json_extract(value, '\$.requirement') = '8.4.4.c')")" CA-2025-02
"$ITSS" assess --save $D >/dev/null 2>&1
eq saved-no-actions "$(grep -c '"actions"' assessments/*.json)" 0
rm -rf assessments

# -- check: overdue fails, due soon warns --
run check-overdue 1 "actions/2025-midyear.yaml:13:3: error: corrective action CA-2025-02 was due on 2025-11-30 and is in_progress, not verified" "$ITSS" check $D
run check-soon 1 "actions/2025-midyear.yaml:13:3: warning: corrective action CA-2025-02 is due on 2025-11-30, within 30 days" "$ITSS" check --as-of 2025-11-15
grep -q "CA-2025-02 was due" "$tmp/out" && bad "check-soon: not overdue yet"
run check-far 1 "" "$ITSS" check --as-of 2025-10-01
grep -q "CA-2025-02" "$tmp/out" && bad "check-far: CA-2025-02 named two months ahead"

# -- a verified action whose evidence no longer counts --
cp evidence/4-process/17-incident-management.yaml "$tmp/keep.yaml"
awk '/^- id: 17-incident-management-record-2025/ { f = 1 } f && /^  status:/ { sub(/approved/, "draft"); f = 0 } { print }' "$tmp/keep.yaml" >evidence/4-process/17-incident-management.yaml
"$ITSS" evidence import >/dev/null 2>&1
run check-evidence-gone 1 "error: corrective action CA-2025-01 is verified with 17-incident-management-record-2025, which does not count for 6.4.3.c" "$ITSS" check $D
cp "$tmp/keep.yaml" evidence/4-process/17-incident-management.yaml
"$ITSS" evidence import >/dev/null 2>&1
run check-evidence-back 1 "" "$ITSS" check $D
grep -q "CA-2025-01" "$tmp/out" && bad "check-evidence-back: CA-2025-01 still named"

# -- a nonconform judgement with no action warns; with one, not --
printf 'requirement: 8.7.8.c\nverdict: nonconform\nreason: 未开展调研评估\nby: 内审组 周敏\ndate: 2025-12-01\n' >judgements/survey.yaml
"$ITSS" evidence import >/dev/null 2>&1
run nonconform-unanswered 1 "warning: 8.7.8.c is judged nonconform and no corrective action answers it" "$ITSS" check $D
cat >actions/survey.yaml <<'EOF'
id: CA-2025-03
requirements: 8.7.8.c
nonconformity: 未开展调研评估。
action: 组织一次调研评估。
owner: 交付负责人
due: 2026-03-31
status: open
EOF
run nonconform-answered 1 "" "$ITSS" check $D
grep -q "no corrective action answers" "$tmp/out" && bad "nonconform-answered: still warned"
rm judgements/survey.yaml actions/survey.yaml
"$ITSS" evidence import >/dev/null 2>&1

# -- refused, each error where it is; the other files still listed --
refuse() {	# NAME PATTERN TEXT: actions/bad.yaml holding TEXT is refused
	printf '%b' "$3" >actions/bad.yaml
	run "$1" 3 "$2" "$ITSS" actions $D
	grep -q "CA-2025-01" "$tmp/out" || bad "$1: the good file is not listed"
	run "$1-check" 1 "$2" "$ITSS" check $D
}
refuse self-verified "actions/bad.yaml:8:14: error: '甲' owns this action and cannot verify it" \
	'id: X1\nrequirements: [8.4.4.c]\nnonconformity: n\naction: a\nowner: 甲\ndue: 2026-01-01\nstatus: verified\nverified_by: 甲\nverified_on: 2026-01-02\nevidence: [r1]\n'
refuse verified-incomplete "actions/bad.yaml:1:1: error: a verified action needs 'verified_by', 'verified_on' and 'evidence'" \
	'id: X1\nrequirements: [8.4.4.c]\nnonconformity: n\naction: a\nowner: 甲\ndue: 2026-01-01\nstatus: verified\n'
refuse unknown-requirement "actions/bad.yaml:2:16: error: unknown requirement '8.4.4.q'" \
	'id: X1\nrequirements: [8.4.4.q]\nnonconformity: n\naction: a\nowner: 甲\ndue: 2026-01-01\nstatus: open\n'
refuse bad-status "actions/bad.yaml:7:9: error: status must be open, in_progress, done, verified or cancelled" \
	'id: X1\nrequirements: [8.4.4.c]\nnonconformity: n\naction: a\nowner: 甲\ndue: 2026-01-01\nstatus: closed\n'
refuse bad-due "actions/bad.yaml:6:6: error: 'due' must be a date" \
	'id: X1\nrequirements: [8.4.4.c]\nnonconformity: n\naction: a\nowner: 甲\ndue: 2026-02-30\nstatus: open\n'
refuse verifier-not-verified "actions/bad.yaml:8:14: error: the action is open, not verified" \
	'id: X1\nrequirements: [8.4.4.c]\nnonconformity: n\naction: a\nowner: 甲\ndue: 2026-01-01\nstatus: open\nverified_by: 乙\n'
refuse no-owner "actions/bad.yaml:1:1: error: missing key 'owner'" \
	'id: X1\nrequirements: [8.4.4.c]\nnonconformity: n\naction: a\ndue: 2026-01-01\nstatus: open\n'
refuse duplicate-id "actions/bad.yaml:1:1: error: action id 'CA-2025-01' is already used at actions/2025-midyear.yaml:2:3" \
	'id: CA-2025-01\nrequirements: [8.4.4.c]\nnonconformity: n\naction: a\nowner: 甲\ndue: 2026-01-01\nstatus: open\n'
rm actions/bad.yaml
# A link out of the repository is not followed.
ln -s /etc/passwd actions/link.yaml
run linked 3 "actions/link.yaml: error:" "$ITSS" actions $D
rm actions/link.yaml

# -- none at all --
rm -r actions
run none 0 "no corrective actions" "$ITSS" actions $D
"$ITSS" actions --json $D >"$tmp/n.json"
eq none-json "$(js "$tmp/n.json" "json_array_length(j, '\$.actions')")" 0

finish actions
