#!/usr/bin/env python3
"""Write the bundled models of the two specifications from their text.

    tools/seed2model.py SEEDS_DIR MODELS_DIR

SEEDS_DIR holds the standards' text as extracted from their PDFs
(../shared/seeds/, copied to tests/data/seeds/); MODELS_DIR receives
db11-user.yaml and dgag038-2025.yaml. The requirements are read by
tools/seedparse.py (the reading itss-model(5) gives); everything else --
domains, items, the evidence each requirement expects, periodic clauses,
notes -- is decided here, each decision written out below, so that the
models can be made again from the same text and checked against it.
A development tool: the build and the tests do not run it.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seedparse  # noqa: E402

KINDS = [
    ('policy', '制度', 'A management system, policy, mechanism or rule set up (建立…制度、机制、体系、策略、准则).'),
    ('procedure', '过程规范', 'A defined process, activity set, specification or manual (建立…流程、活动、规范、手册).'),
    ('plan', '计划方案', 'A plan, scheme or contingency plan (制定、编制…计划、方案、规划、预案).'),
    ('record', '记录', 'A record that an activity was carried out: minutes, logs, tickets, ledgers, data (记录、工单、开展、实施).'),
    ('report', '报告', 'A report, statement or written summary (形成、编制、提交…报告、报表).'),
    ('tool', '工具', 'A tool, platform or system in use, with proof of its use (使用、采用…工具、平台、手段).'),
    ('organisation', '组织岗位', 'An organisation chart, post, role, team or person assigned (设置、成立、指定…岗位、团队、小组、专人).'),
    ('agreement', '协议', 'A signed agreement or contract (签订…协议、合同).'),
    ('metric', '指标', 'An indicator system, target, baseline or model (指标、基线、模型).'),
    ('register', '目录清单', 'A catalogue, list, ledger or library kept up to date (目录、清单、台账、知识库、备件库).'),
    ('evaluation', '评价记录', 'An evaluation: the period evaluated, who evaluated, and a score for each evaluation item it covers (考核评分表).'),
]

# The evidence a requirement expects, from its words: each rule a kind and
# a pattern of the verb with its object; the kinds in the order their
# words first occur, at most two; none matched: a record (the requirement
# asks for something done).
RULES = [
    ('policy', r'(建立|制定|完善|具备|形成)[^；。;，,]{0,24}(制度|机制|准则|政策|策略|体系)'),
    ('procedure', r'(建立|制定|梳理|编制)[^；。;，,]{0,24}(流程|活动|规范|手册)'),
    ('plan', r'(制定|编制|编写|策划|形成)[^；。;]{0,24}(计划|方案|规划|预案)'),
    ('report', r'(形成|编制|编写|提交|完成)[^；。;]{0,24}(报告|报表)'),
    ('register', r'(建立|形成|维护|更新)[^；。;，,]{0,16}(目录|清单|台账|台帐|知识库|备件库)'),
    ('record', r'(记录|工单|保留)'),
    ('tool', r'((使用|采用|利用|通过|配置|提供)[^；。;，,]{0,16}(工具|平台|手段))'),
    ('organisation', r'(设置|设立|成立|指定|配置|任命)[^；。;，,]{0,16}(岗位|团队|小组|专人|座席|人员|部门)'),
    ('agreement', r'签订[^；。;]{0,16}(协议|合同)'),
    ('metric', r'(指标|基线)'),
]


def expects(text):
    found = []
    for kind, pat in RULES:
        m = re.search(pat, text)
        if m:
            found.append((m.start(), kind))
    found.sort()
    kinds = []
    for _, k in found:
        if k not in kinds:
            kinds.append(k)
    return kinds[:2] or ['record']


# Periodic clauses: 定期 takes the model's default window (an evidence
# repository may set its own); 每年, 年度 fix one year.
def periodic(text):
    for word, window in (('每年', 'P1Y'), ('年度', 'P1Y'), ('定期', None)):
        # 不定期 (irregular) is the opposite of periodic.
        if word in text.replace('不定期', ''):
            return word, window
    return None, None


def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'


class Model:
    """domains: [(id, name, [(item id, item name, [clause prefixes])],
    [wide clause prefixes])]; the prefix '6.3' takes 6.3 and every clause
    under it."""

    def __init__(self, **kw):
        self.documents = {}
        self.evaluations = []       # [(id, name, [(name, content, posts)])]
        self.req_evaluations = {}   # requirement id -> [table ids]
        self.req_expects = {}       # requirement id -> kinds, overriding
        self.__dict__.update(kw)


def place(model, clauses):
    """Each clause with requirements to (domain index, item number or 0)."""
    table = []
    no = 0
    for d, (did, dname, items, wide) in enumerate(model.domains):
        for iid, iname, prefixes in items:
            no += 1
            table.extend((p, d, no) for p in prefixes)
        table.extend((p, d, 0) for p in wide)
    out = []
    for c in clauses:
        if not c.requirements():
            continue
        best = None
        for p, d, no in table:
            if c.number == p or c.number.startswith(p + '.'):
                if best is None or len(p) > len(best[0]):
                    best = (p, d, no)
        if best is None:
            raise SystemExit('%s: clause %s is in no domain' % (model.id, c.number))
        out.append((c, best[1], best[2]))
    return out


def write(model, clauses, path):
    placed = place(model, clauses)
    used = set()
    L = []
    L += ['# ' + x if x else '#' for x in model.header]
    L += ['', 'format: 1', 'id: ' + model.id, 'title: ' + model.title,
          'title_en: ' + q(model.title_en), 'standard: ' + q(model.standard)]
    for k in ('version', 'publisher'):
        if getattr(model, k, None):
            L.append('%s: %s' % (k, q(getattr(model, k))))
    if getattr(model, 'published', None):
        L.append('published: ' + model.published)
    L += ['', 'evidence_kinds:']
    for c, d, no in placed:
        for rid, text in c.requirements():
            used.update(model.req_expects.get(rid) or expects(text))
    for kid, name, desc in KINDS:
        if kid in used:
            L += ['  - id: ' + kid, '    name: ' + name, '    description: ' + q(desc)]
    L += ['', '# A specification: one level, met or not.', 'levels:',
          '  - id: conform', '    name: 符合',
          '    definition: ' + q(model.level_definition), '', 'domains:']
    no = 0
    for d, (did, dname, items, wide) in enumerate(model.domains):
        L += ['  - id: ' + did, '    number: %d' % (d + 1), '    name: ' + dname]
        if any(dd == d and n == 0 for _, dd, n in placed):
            L.append('    wide_levels: [conform]')
        L.append('    items:')
        for iid, iname, prefixes in items:
            no += 1
            L += ['      - number: %d' % no, '        id: ' + iid,
                  '        name: ' + iname, '        levels: [conform]']
    if model.evaluations:
        L += ['', '# Appendix B: the evaluation tables, as printed.', 'evaluations:']
        for tid, tname, items in model.evaluations:
            L += ['  - id: ' + q(tid), '    name: ' + q(tname), '    items:']
            for k, (iname, content, posts) in enumerate(items):
                L += ['      - number: %d' % (k + 1), '        name: ' + q(iname),
                      '        content: ' + q(content)]
                if posts:
                    L.append('        posts: [%s]' % ', '.join(posts))
    if model.related:
        L += ['', 'related_standards:'] + ['  - ' + q(s) for s in model.related]
    if model.notes:
        L += ['', 'notes:'] + ['  - ' + q(s) for s in model.notes]
    L += ['', 'clauses:']
    for c, d, no in placed:
        L += ['  - clause: ' + q(c.number), '    level: conform',
              '    domain: ' + model.domains[d][0]]
        if no:
            L.append('    item: %d' % no)
        heading = c.heading or next((h for n, h in reversed(c.parents) if h), None)
        if heading:
            L.append('    heading: ' + heading)
        if c.lead():
            L.append('    lead: ' + q(c.lead()))
        L.append('    requirements:')
        for rid, text in c.requirements():
            L += ['      - id: ' + rid, '        text: ' + q(text),
                  '        expects: [%s]' % ', '.join(model.req_expects.get(rid) or expects(text))]
            word, window = periodic(text)
            if word:
                L.append('        periodic: ' + word)
                if window:
                    L.append('        window: ' + window)
            if rid in model.req_notes:
                L.append('        note: ' + q(model.req_notes[rid]))
            if rid in model.req_evaluations:
                L.append('        evaluations: [%s]' % ', '.join(q(t) for t in model.req_evaluations[rid]))
            if rid in model.documents:
                table, names = model.documents[rid]
                L += ['        documents:', '          table: ' + q(table),
                      '          names:'] + ['            - ' + q(n) for n in names]
    open(path, 'w', encoding='utf-8').write('\n'.join(L) + '\n')
    return placed


COMMON_HEADER = [
    'Written by tools/seed2model.py from the standard\'s text, and checked',
    'against it by the tests. How the text is read into requirements, the',
    'same for both specifications (itss-model(5)):',
    '- every list item under a clause is one requirement, also where the list',
    '  has no labels (a, b, c by position) or is worded with 宜/可;',
    '- the sentences that introduce a list ("…至少应包括：") are the clause\'s',
    '  lead, not requirements;',
    '- a numbered clause with no list under it is one requirement, its whole',
    '  text, its id the clause number; so is a headed clause\'s paragraph;',
    '- chapters 1–3, notes, figures, tables, the appendices\' tables and the',
    '  bibliography are not requirements;',
    '- texts as printed: typos, mixed full- and half-width punctuation and',
    '  stray English words kept (a note says what was presumably meant);',
    '  a line the PDF extraction broke inside one list item is one item.',
    'Editorial decisions, each a matter of record:',
    '- One level, 符合 (conform): a specification is met or not.',
    '- Domains and items are the clauses an assessor takes one by one; a',
    '  chapter\'s or section\'s 一般要求 is a domain-wide clause of its domain.',
    '- `expects` from each requirement\'s verbs and objects: 建立…制度/机制/体系 →',
    '  policy, 建立…流程/活动/规范/手册 → procedure, 制定…计划/方案/预案 → plan,',
    '  形成/编制/提交…报告/报表 → report, 建立…目录/清单/台账/知识库 → register,',
    '  记录/工单/保留 → record, 使用/采用/通过…工具/平台/手段 → tool, 设置/成立/',
    '  指定…岗位/团队/小组/专人 → organisation, 签订…协议 → agreement,',
    '  指标/基线 → metric; at most two, in the order of their words; none: record.',
    '- `periodic`: 定期 takes the default window (P1Y; a repository may set its',
    '  own), 每年 and 年度 fix one year; 不定期 (irregular) is not periodic.',
]

DB11 = Model(
    id='db11-user',
    title='信息技术系统运行维护服务 用户单位实施规范',
    title_en='Operation and maintenance of information technology systems—User units implementation specification',
    standard='DB11/T XXXXX—XXXX',
    publisher='北京市市场监督管理局',
    level_definition='用户单位的信息技术系统运行维护服务符合本文件各章的要求。',
    header=['DB11/T 信息技术系统运行维护服务 用户单位实施规范 (Beijing local',
            'standard, the user organisation\'s side of O&M), as data.', '',
            'A DRAFT: its number is still DB11/T XXXXX—XXXX and its dates',
            'XXXX-XX-XX; requirements may change before it is published.', ''] + COMMON_HEADER +
           ['- Chapter 6 is three domains: 6.1–6.5 服务管理, 6.6 服务实现 (its 6.6.2 and',
            '  6.6.3.1–6.6.3.8 the items) and 6.7 服务价值; chapter 4 is one domain',
            '  with one item.'],
    domains=[
        ('model', '运行维护服务实施模型', [
            ('implementation-model', '运行维护服务实施模型', ['4'])], []),
        ('governance', '治理', [
            ('strategy', '组织战略', ['5.2']),
            ('management-policy', '管理方针', ['5.3']),
            ('structure', '组织架构', ['5.4']),
            ('culture', '组织文化', ['5.5']),
            ('stakeholders', '相关方要求', ['5.6'])], ['5.1']),
        ('service-management', '服务管理', [
            ('planning', '策划', ['6.1']),
            ('implementation', '实施', ['6.2']),
            ('measurement', '评测', ['6.3']),
            ('improvement', '改进', ['6.4']),
            ('demand', '服务需求', ['6.5'])], []),
        ('realisation', '服务实现', [
            ('assurance', '保障', ['6.6.2']),
            ('continuity', '业务连续性管理', ['6.6.3.1']),
            ('staff', '人员管理', ['6.6.3.2']),
            ('process', '过程管理', ['6.6.3.3']),
            ('operation', '操作管理', ['6.6.3.4']),
            ('handover', '运行维护交接管理', ['6.6.3.5']),
            ('security', '运行维护安全管理', ['6.6.3.6']),
            ('assets', '资产管理', ['6.6.3.7']),
            ('outsourcing', '外包管理', ['6.6.3.8'])], ['6.6.1']),
        ('value', '服务价值', [
            ('optimisation', '运行维护优化', ['6.7.2']),
            ('innovation', '服务创新', ['6.7.3']),
            ('transformation', '模式转变', ['6.7.4'])], ['6.7.1']),
        ('data', '运行维护数据管理', [
            ('modelling', '数据建模', ['7.2']),
            ('collection', '数据采集与加工', ['7.3']),
            ('data-management', '数据管理', ['7.4']),
            ('enablement', '数据赋能', ['7.5'])], ['7.1']),
    ],
    related=['GB/T 29264—2012 信息技术服务 分类与代码'],
    notes=['A draft of the Beijing local standard (DB 11/T XXXXX—XXXX), proposed by 北京市经济和信息化局.'],
    req_notes={
        '5.4.d': '"service 级别要求" as printed: presumably 服务级别要求.',
        '6.3.5.e': '"的的" as printed.',
        '6.6.3.3.g': '"发布方案 and 有效性" as printed: presumably 发布方案和有效性.',
        '6.6.3.5.a': '"资产管理制" as printed: presumably 资产管理制度.',
        '6.6.3.1.d': 'One item over a line the PDF extraction broke (…应具 / 有核心功能…).',
    },
)

DGAG = Model(
    id='dgag038-2025',
    title='数字政府统一基础运维规范 第5部分：信息基础设施服务实施',
    title_en='Specification for digital government unified basic operation maintenance—Part 5: Implementation for information infrastructure services',
    standard='T/DGAG 038—2025',
    version='2025',
    published='2025-12-12',
    publisher='广东省数字政务协会',
    level_definition='服务方的信息基础设施运行维护服务实施符合本文件各章的要求。',
    header=['T/DGAG 038—2025 数字政府统一基础运维规范 第5部分：信息基础设施服务实施',
            '(Guangzhou digital-government O&M, the provider\'s side), as data.', ''] + COMMON_HEADER +
           ['- Chapters 4 and 6 are one domain each, with one item; 5.1, 5.2, 7.2–7.5,',
            '  8.1 and 8.2 are domains, their sub-clauses the items; 7.1 概述 is the',
            '  domain 实施过程 with one item.',
            '- Appendix A (Table A.1, the 19 management policies a provider keeps) is',
            '  the named documents of 5.1.6 (服务管理制度目录内容见附录A): it is met when',
            '  each is covered by a policy record naming it (`documents:`).',
            '- Appendix B (Tables B.1, 15 staff evaluation items with the post',
            '  categories given on the first row of each group, and B.2, 19 overall',
            '  items) is the evaluation tables; 8.1.2 (评价内容) and 8.1.3 a) (定期评价)',
            '  are met when an evaluation record scores every item inside the window.'],
    domains=[
        ('overview', '实施概述', [('overview', '实施概述', ['4'])], []),
        ('organisation', '服务机构', [
            ('capability', '综合能力', ['5.1.1']),
            ('tools', '服务工具', ['5.1.2']),
            ('service-desk', '服务台', ['5.1.3']),
            ('spares', '备品备件库', ['5.1.4']),
            ('premises', '服务保障场所', ['5.1.5']),
            ('policies', '制度建设', ['5.1.6'])], []),
        ('staff', '人员', [
            ('staffing', '人员配置', ['5.2.1']),
            ('competence', '人员能力', ['5.2.2']),
            ('staff-management', '人员管理', ['5.2.3'])], []),
        ('technology', '实施技术', [('technology', '实施技术', ['6'])], []),
        ('process', '实施过程', [('process-overview', '概述', ['7.1'])], []),
        ('survey', '调研评估', [('survey', '调研评估', ['7.2'])], []),
        ('routine', '例行操作', [
            ('inspection-care', '日常检查和保养', ['7.3.1']),
            ('patrol-monitoring', '巡检和监控', ['7.3.2']),
            ('documents', '文档整理', ['7.3.3']),
            ('asset-ledger', '设备台账管理', ['7.3.4']),
            ('contingency', '应急预案制定和演练', ['7.3.5'])], []),
        ('response', '响应支持', [
            ('hotline', '热线支持', ['7.4.1']),
            ('emergency', '应急响应', ['7.4.2']),
            ('installation', '设备安装部署', ['7.4.3']),
            ('repair', '设备故障处理和维修', ['7.4.4']),
            ('software', '软件服务', ['7.4.5']),
            ('cabling', '网络布线', ['7.4.6']),
            ('backup', '数据备份', ['7.4.7']),
            ('meetings', '会议保障', ['7.4.8']),
            ('security', '网络安全协同', ['7.4.9']),
            ('temporary-spares', '临时备品备件', ['7.4.10']),
            ('consumables', '低值易耗品', ['7.4.11'])], []),
        ('optimisation', '优化改善', [
            ('performance', '性能检测及调优', ['7.5.1']),
            ('network', '网络优化', ['7.5.2']),
            ('training', '培训', ['7.5.3'])], []),
        ('evaluation', '评价', [
            ('evaluation-methods', '评价方式', ['8.1.1']),
            ('evaluation-content', '评价内容', ['8.1.2']),
            ('evaluation-cycle', '评价周期', ['8.1.3'])], []),
        ('improvement', '改进', [('improvement', '改进', ['8.2'])], []),
    ],
    related=['GB/T 22239—2019 信息安全技术 网络安全等级保护基本要求',
             'GB/T 28827.1—2022 信息技术服务 运行维护 第1部分：通用要求',
             'GB/T 35273—2020 信息安全技术 个人信息安全规范',
             'GB/T 39786—2021 信息安全技术 信息系统密码应用基本要求',
             'DB4401/T 294.1—2024 数字政府统一基础运维规范 第1部分：总则',
             'DB4401/T 294.2—2024 数字政府统一基础运维规范 第2部分：信息基础设施服务要求'],
    notes=['Published 2025-12-12, in force from 2026-01-01; part 5 of the seven parts of 数字政府统一基础运维规范.'],
    req_notes={
        '7.4.1.2': '"工单。并按照" as printed.',
    },
)


def table_rows(path, caption):
    """The rows of a table printed after caption: (number, name, ...)."""
    lines = open(path, encoding='utf-8').read().split('\n')
    i = lines.index(caption) + 1
    rows = []
    for l in lines[i:]:
        cells = l.split('\t')
        if cells[0] == '序号' or (not l.strip() and not rows):
            continue
        if not l.strip() or not cells[0].isdigit():
            break
        if int(cells[0]) != len(rows) + 1:
            raise SystemExit('%s: row %s out of order' % (caption, cells[0]))
        rows.append(cells)
    return rows


def main():
    seeds, out = sys.argv[1], sys.argv[2]
    stops = [r'^参 ?考 ?文 ?献', r'^附录 A']
    dgag_seed = os.path.join(seeds, '003_3ca4145964843a94.txt')
    a1 = table_rows(dgag_seed, '表 A.1 服务管理制度目录表')
    if len(a1) != 19:
        raise SystemExit('Table A.1 has %d rows, not 19' % len(a1))
    DGAG.documents['5.1.6'] = ('表 A.1 服务管理制度目录表', [r[1] for r in a1])
    # Appendix B: the post categories of B.1 are given on the first row of
    # each group of rows; the rows below it share them.
    b1 = table_rows(dgag_seed, '表 B.1 服务人员评价内容表')
    b2 = table_rows(dgag_seed, '表 B.2 整体评价内容表')
    if len(b1) != 15 or len(b2) != 19:
        raise SystemExit('Tables B.1 and B.2 have %d and %d rows, not 15 and 19' % (len(b1), len(b2)))
    items, posts = [], []
    for r in b1:
        if len(r) > 3 and r[3].strip():
            posts = r[3].strip().split('、')
        items.append((r[1], r[2], posts))
    DGAG.evaluations = [('B.1', '服务人员评价内容表', items),
                        ('B.2', '整体评价内容表', [(r[1], r[2], []) for r in b2])]
    for rid in ('8.1.2', '8.1.3.a'):
        DGAG.req_evaluations[rid] = ['B.1', 'B.2']
        DGAG.req_expects[rid] = ['evaluation']
    for model, seed in ((DB11, '000_00265e2dde3c1f84.txt'),
                        (DGAG, '003_3ca4145964843a94.txt')):
        clauses = seedparse.parse(os.path.join(seeds, seed), 4, stops)
        placed = write(model, clauses, os.path.join(out, model.id + '.yaml'))
        n = sum(len(c.requirements()) for c, _, _ in placed)
        print('%s: %d requirements %s' % (model.id, n, seedparse.counts(clauses)))


if __name__ == '__main__':
    main()
