#!/bin/sh
# Several models in one repository (itss.yaml's models:): records cite the
# first model's requirements plainly and another's as MODEL:ID, every
# command that assesses takes --model, check checks each model's target,
# report writes a workbook for each, and a change to any model is a model
# change for the index.
. "$(dirname "$0")/lib.sh"
export ITSS_TODAY=2026-06-30
"$ITSS" init "$tmp/r" >/dev/null || bad init
cd "$tmp/r" || exit 1
cat >itss.yaml <<'YAML'
organisation: 多标准测试
models: [itss1-2023, {id: dgag038-2025, target: conform}]
target: basic
YAML
cat >evidence/a.yaml <<'YAML'
- id: inc-1
  title: 事件与热线记录
  kind: record
  satisfies: [6.4.3.c, dgag038-2025:7.4.1.1, dgag038-2025:7.4.1.5]
  date: 2026-03-01
  status: approved
YAML
cat >judgements/j.yaml <<'YAML'
- requirement: dgag038-2025:7.4.1.2
  verdict: not_applicable
  reason: 热线工单由使用方平台创建。
YAML
run import 0 "1 record, 1 judgement" "$ITSS" evidence import
run unchanged 0 "(0 read)" "$ITSS" evidence import

# -- assess: the first model by default, another with --model --
"$ITSS" assess --json >"$tmp/a.json" 2>/dev/null
eq assess-default "$(js "$tmp/a.json" "json_extract(j, '\$.model')")" itss1-2023
st() { js "$1" "(SELECT json_extract(value, '\$.status') FROM json_each(json_extract(j, '\$.requirements')) WHERE json_extract(value, '\$.id') = '$2')"; }
eq assess-plain "$(st "$tmp/a.json" 6.4.3.c)" met
"$ITSS" assess --model dgag038-2025 --json >"$tmp/b.json" 2>/dev/null
eq assess-other "$(js "$tmp/b.json" "json_extract(j, '\$.model') || ' ' || json_extract(j, '\$.target')")" "dgag038-2025 conform"
eq assess-qualified "$(st "$tmp/b.json" 7.4.1.1),$(st "$tmp/b.json" 7.4.1.5)" met,met
eq assess-judged "$(st "$tmp/b.json" 7.4.1.2)" not_applicable
eq assess-not-crossed "$(st "$tmp/b.json" 7.4.1.3)" missing
run assess-unknown 2 "not assessed against model 'nope'; its models (itss.yaml): itss1-2023, dgag038-2025" "$ITSS" assess --model nope

# -- check: each model's target; --model one alone --
run check 1 "itss.yaml: error: model dgag038-2025: target 符合 not reached" "$ITSS" check
grep -q "1 other model short of its target" "$tmp/out" || bad "check: the other model is not counted"
run check-one 1 "target 符合 not reached" "$ITSS" check --model dgag038-2025
grep -q "other model" "$tmp/out" && bad "check-one: checked another model than asked"

# -- report: a workbook for each, or the one asked --
run report 0 "r-dgag038-2025.xlsx" "$ITSS" report -o r.xlsx
[ -f r.xlsx ] && [ -f r-dgag038-2025.xlsx ] || bad "report: not a workbook for each model"
unzip -p r-dgag038-2025.xlsx xl/worksheets/sheet2.xml | grep -q 'evidence-templates/dgag038-2025/' ||
	bad "report: the second workbook is not the second model's"
run report-one 0 "d.xlsx" "$ITSS" report --model dgag038-2025 -o d.xlsx
run report-target 2 "give --model with --target" "$ITSS" report --target basic

# -- saved assessments of each model: history names the model, diff keeps
# to one --
run save-first 1 "saved as" "$ITSS" assess --save
run save-other 1 "saved as" "$ITSS" assess --model dgag038-2025 --save
run history 0 "MODEL" "$ITSS" history
grep -q "dgag038-2025   —         符合" "$tmp/out" || bad "history: the other model's row is not its own"
grep -q "itss1-2023     —         基本级" "$tmp/out" || bad "history: the first model's row"
run diff-models 2 "are against different models" "$ITSS" diff 1 2

# -- evidence new: another model's template, cited with its id --
run new 0 "evidence/dgag038-2025-19-hotline-record-001.yaml" "$ITSS" evidence new --model dgag038-2025 --item 19
grep -q '^  - dgag038-2025:7.4.1.1$' evidence/dgag038-2025-19-hotline-record-001.yaml || bad "new: not cited as MODEL:ID"
run new-import 0 "2 records" "$ITSS" evidence import

# -- citing wrongly: errors at their place --
cat >evidence/bad.yaml <<'YAML'
- id: bad-1
  title: 错
  kind: record
  satisfies: [5.1.6, dgag:1, dgag038-2025:9.9]
  date: 2026-03-01
YAML
run bad-plain 3 "evidence/bad.yaml:4:15: error: unknown requirement '5.1.6' in model 'itss1-2023', the repository's first; write dgag038-2025:5.1.6" "$ITSS" evidence import
grep -qF "evidence/bad.yaml:4:22: error: unknown model 'dgag' in 'dgag:1': the repository's models are itss1-2023, dgag038-2025" "$tmp/out" || bad "bad-model: not said"
grep -qF "evidence/bad.yaml:4:30: error: unknown requirement '9.9' in model 'dgag038-2025'" "$tmp/out" || bad "bad-id: not said"
rm evidence/bad.yaml

# -- a change to the second model is a model change --
mkdir -p "$tmp/mp"
{ cat "$top/models/dgag038-2025.yaml"; echo "# changed"; } >"$tmp/mp/dgag038-2025.yaml"
ITSS_MODEL_PATH=$tmp/mp run model-changed 0 "(5 read)" "$ITSS" evidence import
ITSS_MODEL_PATH=$tmp/mp run model-same 0 "(0 read)" "$ITSS" evidence import

# -- a crosswalk (models/crosswalks/): one piece of evidence, several
# standards; equal and superset-of pairs count, the others only relate --
run xw-valid 0 "valid crosswalk 'dgag038-2025_itss1-2023': 36 pairs" "$ITSS" model validate "$top/models/crosswalks/dgag038-2025_itss1-2023.yaml"
cat >evidence/x.yaml <<'YAML'
- id: emg-rep
  title: 应急事件报告
  kind: report
  satisfies: [7.8.3.c]
  date: 2026-03-01
  status: approved
- id: sec-pol
  title: 信息安全管理制度
  kind: policy
  satisfies: [dgag038-2025:5.1.6]
  documents: [信息安全管理制度]
  date: 2026-03-01
  status: approved
- id: rec-e1
  title: 应急处理全过程记录
  kind: record
  satisfies: [dgag038-2025:7.4.2.5]
  date: 2026-03-02
  status: approved
- id: rec-e2
  title: 应急预案检验记录
  kind: record
  satisfies: [7.8.2.b]
  date: 2026-03-03
  status: approved
- id: rec-e3
  title: 应急处置过程记录
  kind: record
  satisfies: [6.8.2.b]
  date: 2026-03-04
  status: approved
YAML
"$ITSS" evidence import >/dev/null 2>&1
"$ITSS" assess --json >"$tmp/a.json" 2>/dev/null
"$ITSS" assess --model dgag038-2025 --json >"$tmp/b.json" 2>/dev/null
why() { js "$1" "(SELECT json_extract(value, '\$.reason') FROM json_each(json_extract(j, '\$.requirements')) WHERE json_extract(value, '\$.id') = '$2')"; }
ev() { js "$1" "(SELECT group_concat(e.value) FROM json_each(json_extract(j, '\$.requirements')) r, json_each(json_extract(r.value, '\$.evidence')) e WHERE json_extract(r.value, '\$.id') = '$2')"; }
case $(why "$tmp/a.json" 6.4.4.a) in "met: policy by sec-pol (via crosswalk from dgag038-2025 5.1.6 信息安全管理制度)"*) ok ;; *) bad "xw-document-equal: $(why "$tmp/a.json" 6.4.4.a)" ;; esac
case $(why "$tmp/b.json" 7.4.4.7) in "met: record by inc-1 (via crosswalk from itss1-2023 6.4.3.c)"*) ok ;; *) bad "xw-subset-of: $(why "$tmp/b.json" 7.4.4.7)" ;; esac
case $(why "$tmp/a.json" 6.8.2.b) in met:*) ok ;; *) bad "xw-superset-of: $(why "$tmp/a.json" 6.8.2.b)" ;; esac
# superset-of counts one way only: rec-e3 (ITSS 6.8.2.b, the later) is not DGAG 7.4.2.5's.
eq xw-one-way "$(ev "$tmp/b.json" 7.4.2.5)" rec-e1
case $(why "$tmp/b.json" 7.4.2.6) in "partial: report by emg-rep (via crosswalk from itss1-2023 7.8.3.c)"*) ok ;; *) bad "xw-equal: $(why "$tmp/b.json" 7.4.2.6)" ;; esac
# intersects: listed, never counted.
case $(why "$tmp/b.json" 7.3.5.1.3) in "missing: no record cites it"*"; related through a crosswalk, for the assessor to judge: rec-e2 (itss1-2023 7.8.2.b, intersects)") ok ;; *) bad "xw-intersects: $(why "$tmp/b.json" 7.3.5.1.3)" ;; esac
eq xw-related-json "$(js "$tmp/b.json" "(SELECT json_extract(value, '\$.related[0]') FROM json_each(json_extract(j, '\$.requirements')) WHERE json_extract(value, '\$.id') = '7.3.5.1.3')")" "rec-e2 (itss1-2023 7.8.2.b, intersects)"
# A crosswalk on the model path that is broken stops the repository that uses it.
mkdir -p "$tmp/xp/crosswalks"
sed 's/relationship: equal/relationship: same/' "$top/models/crosswalks/dgag038-2025_itss1-2023.yaml" >"$tmp/xp/crosswalks/broken.yaml"
sed -i 's/^id: .*/id: broken/' "$tmp/xp/crosswalks/broken.yaml"
ITSS_MODEL_PATH=$tmp/xp run xw-broken 3 "relationship 'same': say equal, subset-of, superset-of or intersects" "$ITSS" assess
rm evidence/x.yaml
"$ITSS" evidence import >/dev/null 2>&1

# -- itss.yaml: the models, refused when wrong --
cp itss.yaml "$tmp/good.yaml"
conf() { printf 'organisation: x\n%s\n' "$1" >itss.yaml; }
conf 'model: itss1-2023
models: [itss1-2023]'
run conf-both 3 "give 'model' or 'models', not both" "$ITSS" assess
conf 'models: []'
run conf-empty 3 "'models' must name at least one model" "$ITSS" assess
conf 'models: [itss1-2023, dgag038-2025, dgag038-2025]'
run conf-twice 3 "model 'dgag038-2025' is named twice" "$ITSS" assess
conf 'models: [itss1-2023, {id: dgag038-2025, target: 基本级}]'
run conf-target 3 "model 'dgag038-2025' has no level '基本级'" "$ITSS" assess
conf 'models: [itss1-2023, nope-2099]'
run conf-unknown 3 "nope-2099" "$ITSS" assess
cp "$tmp/good.yaml" itss.yaml
run restored 1 "" "$ITSS" assess

# -- corrective actions answering another model's requirements: check
# holds each against that model's assessment, its dates told once --
mkdir -p actions
cat >actions/a.yaml <<'YAML'
- {id: CA-1, requirements: [dgag038-2025:7.4.1.1], nonconformity: 热线记录缺失,
   action: 补记录, owner: 甲, due: 2026-05-01, status: verified,
   verified_by: 乙, verified_on: 2026-05-02, evidence: [inc-1]}
- {id: CA-2, requirements: [dgag038-2025:7.4.1.3], nonconformity: 缺,
   action: 补, owner: 甲, due: 2026-05-01, status: verified,
   verified_by: 乙, verified_on: 2026-05-02, evidence: [inc-1]}
- {id: CA-3, requirements: [dgag038-2025:7.4.1.5], nonconformity: 缺,
   action: 补, owner: 甲, due: 2026-06-01, status: open}
YAML
cat >judgements/n.yaml <<'YAML'
- {requirement: "dgag038-2025:7.4.1.4", verdict: nonconform, reason: 未执行, by: 审核员, date: 2026-06-01}
YAML
run actions-other 1 "corrective action CA-2 is verified with inc-1, which does not count for dgag038-2025:7.4.1.3 (any more)" "$ITSS" check
grep -q "CA-1 is verified" "$tmp/out" && bad "actions-other: CA-1's evidence counts for dgag038-2025:7.4.1.1"
eq actions-other-once "$(grep -c "CA-3 was due on 2026-06-01" "$tmp/out")" 1
grep -q "dgag038-2025:7.4.1.4 is judged nonconform and no corrective action answers it" "$tmp/out" || bad "actions-other: the unanswered nonconformity not said"
run actions-model 1 "CA-2 is verified with inc-1, which does not count for dgag038-2025:7.4.1.3" "$ITSS" check --model dgag038-2025
eq actions-model-once "$(grep -c "CA-2 is verified" "$tmp/out")" 1
rm -rf actions judgements/n.yaml

# -- the second example (examples/guangkuan) holds what it says --
cp -R "$top/examples/guangkuan" "$tmp/gk"
cd "$tmp/gk" || exit 1
rm -rf .itss
run example-import 0 "18 records, 1 judgement; 16 cited files" "$ITSS" evidence import
"$ITSS" assess --json >"$tmp/g.json" 2>/dev/null
gst() { js "$tmp/g.json" "(SELECT json_extract(value, '\$.status') FROM json_each(json_extract(j, '\$.requirements')) WHERE json_extract(value, '\$.id') = '$1')"; }
eq example-first-model "$(js "$tmp/g.json" "json_extract(j, '\$.model')")" dgag038-2025
eq example-appendix-a "$(gst 5.1.6)" met
eq example-appendix-b "$(gst 8.1.2) $(gst 8.1.3.a)" "met met"
eq example-crossed "$(gst 7.4.4.7) $(gst 7.2.4)" "met met"
run example-check 1 "B.2-5 巡检服务及报告 scored 56" "$ITSS" check
grep -q "model itss1-2023: target 基本级 not reached" "$tmp/out" || bad "example-check: the second model is not checked"
run example-show-other 0 "itss1-2023:6.4.4.a  基本级, 信息安全管理" "$ITSS" evidence show itss-security-policy
run example-show-names 0 "names:" "$ITSS" evidence show pol-it-fault-process
grep -q "^  IT故障管理流程$" "$tmp/out" || bad "example-show-names: the document named is not shown"

finish models
