/*
 * test_model.c - the model loader and validator, and the bundled ITSS model
 * checked against facts of T/CESA 1299—2023 written out here by hand.
 */
#include <stdlib.h>

#include "helpers.h"

#include "itss/crosswalk.h"
#include "itss/model.h"

/* ---- the bundled model ---- */

static struct itss_model *itss;

static int
load_itss(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	int rc = itss_model_load(&itss, "../models/itss1-2023.yaml", &d);
	size_t i;

	(void)state;
	for (i = 0; i < d.n; i++)
		print_error("%u:%u: %s\n", d.v[i].line, d.v[i].col, d.v[i].message);
	itss_diags_release(&d);
	return rc;
}

static int
free_itss(void **state)
{
	(void)state;
	itss_model_free(itss);
	return 0;
}

static void
test_itss_levels(void **state)
{
	static const char *const ids[] = { "basic", "extended", "collaborative",
		"quantitative", "leading" };
	static const char *const names[] = { "基本级", "拓展级", "协同级",
		"量化级", "引领级" };
	static const char *const grades[] = { "四级", "三级", "二级", "一级", NULL };
	size_t i;

	(void)state;
	assert_string_equal(itss->id, "itss1-2023");
	assert_string_equal(itss->standard, "T/CESA 1299—2023");
	assert_int_equal(itss->nlevels, 5);
	for (i = 0; i < 5; i++) {
		assert_string_equal(itss->levels[i].id, ids[i]);
		assert_string_equal(itss->levels[i].name, names[i]);
		assert_int_equal(itss->levels[i].rank, i + 1);
		if (grades[i])
			assert_string_equal(itss->levels[i].grade, grades[i]);
		else
			assert_null(itss->levels[i].grade);
		assert_non_null(itss->levels[i].definition);
	}
	/* A level by id, name, grade or the standard's full name. */
	assert_ptr_equal(itss_model_level(itss, "四级"), &itss->levels[0]);
	assert_ptr_equal(itss_model_level(itss, "基本级（四级）"), &itss->levels[0]);
	assert_ptr_equal(itss_model_level(itss, "协同级"), &itss->levels[2]);
	assert_ptr_equal(itss_model_level(itss, "一级"), &itss->levels[3]);
	assert_ptr_equal(itss_model_level(itss, "leading"), &itss->levels[4]);
	assert_null(itss_model_level(itss, "五级"));
	/* §5.2.4.2 lists five characteristics a)–e) of 协同级. */
	assert_int_equal(itss->levels[2].ncharacteristics, 5);
}

/* Table 1: the 8 domains and 48 items. */
static void
test_itss_table1(void **state)
{
	static const char *const domains[][2] = {
		{ "capability", "能力管理" }, { "quality", "质量管理" },
		{ "personnel", "人员" }, { "process", "过程" },
		{ "technology", "技术" }, { "resource", "资源" },
		{ "delivery", "交付" }, { "emergency", "应急" },
	};
	static const unsigned per_domain[] = { 4, 3, 6, 11, 3, 6, 8, 7 };
	static const char *const items[] = {
		"能力策划", "能力实施", "能力检查", "能力改进",
		"质量策划", "质量评测", "质量改进",
		"人员能力规划", "岗位结构", "人员储备", "人员培训", "绩效管理",
		"能力评价",
		"过程框架设计", "服务级别管理", "服务报告", "事件管理", "问题管理",
		"变更管理", "发布管理", "配置管理", "服务可用性和连续性管理",
		"系统容量管理", "信息安全管理",
		"技术管理", "技术研发", "技术应用",
		"运行维护工具", "服务台", "备件库", "最终软件库", "服务数据",
		"服务知识",
		"交付策划", "交付实施", "交付检查", "交付改进", "例行操作",
		"响应支持", "优化改善", "调研评估",
		"应急响应制度", "风险评估", "应急预案", "应急演练", "应急事件监测",
		"应急处置", "应急总结与改进",
	};
	static const char *const groups[] = { "服务管理", "服务管理", "能力要素",
		"能力要素", "服务保障", "服务保障", "服务保障", "服务保障" };
	size_t i, no = 0;

	(void)state;
	assert_int_equal(itss->ndomains, 8);
	assert_int_equal(itss->nitems, 48);
	for (i = 0; i < 8; i++) {
		const struct itss_domain *dm = &itss->domains[i];
		assert_string_equal(dm->id, domains[i][0]);
		assert_string_equal(dm->name, domains[i][1]);
		assert_int_equal(dm->nitems, per_domain[i]);
		assert_int_equal(dm->first_item, no);
		assert_non_null(dm->group);
		assert_string_equal(dm->group->name, groups[i]);
		no += dm->nitems;
	}
	for (i = 0; i < 48; i++) {
		assert_int_equal(itss->items[i].no, i + 1);
		assert_string_equal(itss->items[i].name, items[i]);
	}
}

/* The names the standard spells differently, and its misprint. */
static void
test_itss_aliases(void **state)
{
	(void)state;
	assert_int_equal(itss_model_item(itss, "人员能力策划")->no, 8);
	assert_int_equal(itss_model_item(itss, "人员能力规划")->no, 8);
	assert_int_equal(itss_model_item(itss, "服务报告管理")->no, 16);
	assert_int_equal(itss_model_item(itss, "应急组织与制度")->no, 42);
	assert_int_equal(itss_model_item(itss, "应急响应制度")->no, 42);
	assert_int_equal(itss_model_item(itss, "风评评估")->no, 43);
	assert_int_equal(itss_model_item(itss, "风险评估")->no, 43);
	assert_int_equal(itss_model_item(itss, "17")->no, 17);
	assert_int_equal(itss_model_item(itss, "incident-management")->no, 17);
	assert_null(itss_model_item(itss, "49"));
	assert_null(itss_model_item(itss, "0"));
}

/*
 * Appendix A, Table A.1, as printed: a row per item, a column per level.
 * The plain text shows each merged (domain-wide) cell as one mark on one
 * row: 量化级 of 过程 on item 19, 引领级 of each domain on its first item.
 */
static const char *const table_a1[48] = {
	"XXXXX", "XXXX.", "XXXX.", "XXXX.",
	".XXXX", "XXXX.", ".XXX.",
	".XXXX", "XXXX.", ".XXX.", ".XXX.", "XXXX.", ".XXX.",
	".XX.X", "XXX..", "XXX..", "XXX..", ".XX..", ".XXX.", ".XX..", ".XX..",
	".XX..", ".XX..", "XXX..",
	".XXXX", "XXXX.", ".XXX.",
	".XXXX", "XXXX.", ".XXX.", ".XXX.", ".XXX.", ".XXX.",
	"XXXXX", "XXXX.", "XXXX.", "XXXX.", ".XXX.", "XXXX.", "..XX.", "..XX.",
	"XXXXX", "..XX.", ".XXX.", "..XX.", "..XX.", "XXXX.", ".XXX.",
};

static void
test_itss_appendix_a(void **state)
{
	size_t i, l;

	(void)state;
	for (i = 0; i < 8; i++) {
		unsigned want = 1u << 4;		/* 引领级: 10.1–10.8 */
		if (!strcmp(itss->domains[i].id, "process"))
			want |= 1u << 3;		/* 量化级: 9.4 */
		assert_int_equal(itss->domains[i].wide_levels, want);
	}
	for (i = 0; i < 48; i++) {
		const struct itss_item *it = &itss->items[i];
		unsigned wide = itss->domains[it->domain].wide_levels, printed = 0;
		for (l = 0; l < 5; l++)
			if (table_a1[i][l] == 'X')
				printed |= 1u << l;
		/* The item's own marks are the printed ones but the merged cells. */
		if ((printed & ~wide) != it->own_levels)
			fail_msg("item %zu: own levels %#x, Table A.1 %#x", i + 1,
			    it->own_levels, printed & ~wide);
		/* Assessed at: own levels and the whole domain's merged cells. */
		assert_int_equal(it->levels, it->own_levels | wide);
	}
	/* 过程框架设计 is assessed at 拓展级 and above, through 9.4 and 10.4. */
	assert_int_equal(itss->items[13].levels, 0x1e);
	/* 优化改善 first at 协同级. */
	assert_int_equal(itss->items[39].levels, 0x1c);
}

static void
test_itss_requirements(void **state)
{
	static const size_t per_level[] = { 44, 136, 199, 111, 29 };
	size_t count[5] = { 0 }, i, wide = 0;
	const struct itss_requirement *r;

	(void)state;
	assert_int_equal(itss->nrequirements, 519);
	assert_int_equal(itss->nclauses, 157);
	for (i = 0; i < itss->nrequirements; i++) {
		r = &itss->requirements[i];
		count[r->level]++;
		wide += !r->item;
		assert_non_null(r->text);
		assert_non_null(r->lead);
	}
	for (i = 0; i < 5; i++)
		assert_int_equal(count[i], per_level[i]);
	/* 9.4 a)–c) and 10.1–10.8 (5+4+3+2+3+2+3+7) are domain-wide. */
	assert_int_equal(wide, 3 + 29);

	r = itss_model_requirement(itss, "6.1.1.a");
	assert_non_null(r);
	assert_string_equal(r->text, "依据运维项目的服务范围、服务内容、服务级别要求，"
	    "识别并实施运维服务所需要的能力项；");
	assert_int_equal(r->item, 1);
	assert_string_equal(itss->levels[r->level].id, "basic");

	r = itss_model_requirement(itss, "7.4.4.e");
	assert_string_equal(r->text, "采用工具管理事件，保留记录。");
	assert_int_equal(r->item, 17);
	assert_int_equal(r->nexpects, 2);

	/* 8.8.3 a) holds its sub-points 1)–9); there is no 8.8.3 a1. */
	r = itss_model_requirement(itss, "8.8.3.a");
	assert_non_null(strstr(r->text, "内容包括：\n1) 预案的编制目的、依据和适用范围；"));
	assert_non_null(strstr(r->text, "\n9) 应急响应的保障措施。"));
	assert_int_equal(r->item, 44);
	assert_non_null(itss_model_requirement(itss, "8.8.3.d"));
	assert_null(itss_model_requirement(itss, "8.8.3.e"));

	r = itss_model_requirement(itss, "9.4.b");
	assert_int_equal(r->item, 0);
	assert_string_equal(itss->domains[r->domain].id, "process");
	assert_string_equal(itss->levels[r->level].id, "quantitative");

	r = itss_model_requirement(itss, "10.8.g");
	assert_string_equal(r->text, "根据动态监测应急事件的处理过程，自动调整应急事件的级别。");
	assert_int_equal(r->item, 0);
	assert_null(itss_model_requirement(itss, "10.8.h"));
	assert_null(itss_model_requirement(itss, "9.4.1.a"));

	/* Clause headings that differ from Table 1 map to the items. */
	assert_int_equal(itss_model_requirement(itss, "6.8.1.a")->item, 42);
	assert_int_equal(itss_model_requirement(itss, "8.8.2.a")->item, 43);
	assert_int_equal(itss_model_requirement(itss, "7.3.1.a")->item, 8);
	assert_int_equal(itss_model_requirement(itss, "6.4.2.a")->item, 16);
}

static void
test_itss_periodic(void **state)
{
	const struct itss_requirement *r;
	struct itss_window w;

	(void)state;
	/* 每年: a window of one year of its own. */
	r = itss_model_requirement(itss, "8.8.1.e");
	assert_string_equal(r->periodic, "每年");
	assert_int_equal(r->window.years, 1);
	r = itss_model_requirement(itss, "7.6.3.d");
	assert_string_equal(r->periodic, "至少每年");
	/* 定期: the model's default window. */
	r = itss_model_requirement(itss, "6.1.3.b");
	assert_string_equal(r->periodic, "定期");
	assert_int_equal(r->window.years, 0);
	w = itss_requirement_window(itss, r, NULL);
	assert_int_equal(w.years, 1);
	/* Not periodic: 周期 in 7.7.5 a) is a plan's content, not a period. */
	r = itss_model_requirement(itss, "7.7.5.a");
	assert_null(r->periodic);
	w = itss_requirement_window(itss, r, NULL);
	assert_int_equal(w.years + w.months + w.days, 0);
}

/*
 * Every requirement's text as printed in the standard, from the copy kept
 * in tests/data/seeds/: never skipped.
 */
static void
test_itss_text_word_for_word(void **state)
{
	char *seed = NULL;
	size_t len, i;

	(void)state;
	assert_int_equal(itss_read_file(&seed, &len,
	    "data/seeds/002_75f57313b1268de3.txt", 1 << 24), 0);
	for (i = 0; i < itss->nrequirements; i++) {
		const struct itss_requirement *r = &itss->requirements[i];
		char letter = r->id[strlen(r->id) - 1];
		char *line = itss_xasprintf("- %c) %s", letter, r->text);
		char *nl = strchr(line, '\n');

		/* Sub-points are separate lines in the seed: compare the first. */
		if (nl)
			*nl = '\0';
		if (!strstr(seed, line))
			fail_msg("%s is not word for word: %s", r->id, line);
		free(line);
		if (r->lead && !strstr(seed, r->lead))
			fail_msg("the lead of clause %s is not in the text", r->clause);
	}
	free(seed);
}

/* ---- a model without levels: one level ---- */

static void
test_one_level_model(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_model *m;

	(void)state;
	assert_int_equal(itss_model_load(&m, "data/models/db11-user.yaml", &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(m->nlevels, 1);
	assert_string_equal(m->levels[0].id, "conform");
	assert_int_equal(m->ndomains, 2);
	assert_int_equal(m->nitems, 4);
	assert_int_equal(m->nrequirements, 6);
	assert_null(m->domains[0].group);
	assert_int_equal(m->items[3].levels, 1);
	assert_int_equal(itss_model_item(m, "内审")->no, 4);
	assert_int_equal(itss_model_requirement(m, "6.3.3.a")->window.years, 1);
	itss_model_free(m);
	itss_diags_release(&d);
}

/* ---- the validator: a small valid model, and one mutation per refusal ---- */

static const char base[] =
    "format: 1\n"				/* 1 */
    "id: mini\n"
    "title: Mini\n"
    "evidence_kinds:\n"
    "  - id: policy\n"				/* 5 */
    "    name: 制度\n"
    "  - id: record\n"
    "    name: 记录\n"
    "levels:\n"
    "  - id: low\n"				/* 10 */
    "    name: 低级\n"
    "  - id: high\n"
    "    name: 高级\n"
    "domains:\n"
    "  - id: alpha\n"				/* 15 */
    "    number: 1\n"
    "    name: 甲\n"
    "    wide_levels: [high]\n"
    "    items:\n"
    "      - number: 1\n"			/* 20 */
    "        id: one\n"
    "        name: 项一\n"
    "        levels: [low]\n"
    "      - number: 2\n"
    "        id: two\n"				/* 25 */
    "        name: 项二\n"
    "        aliases: [项贰]\n"
    "        levels: [low]\n"
    "clauses:\n"
    "  - clause: \"1.1\"\n"			/* 30 */
    "    level: low\n"
    "    domain: alpha\n"
    "    item: 1\n"
    "    heading: 项一\n"
    "    requirements:\n"			/* 35 */
    "      - id: 1.1.a\n"
    "        text: 建立制度；\n"
    "        expects: [policy]\n"
    "      - id: 1.1.b\n"
    "        text: 定期保留记录。\n"		/* 40 */
    "        expects: [record]\n"
    "        periodic: 定期\n"
    "  - clause: \"1.2\"\n"
    "    level: low\n"
    "    domain: alpha\n"			/* 45 */
    "    item: 2\n"
    "    requirements:\n"
    "      - id: 1.2.a\n"
    "        text: 保留记录。\n"
    "  - clause: \"2.1\"\n"			/* 50 */
    "    level: high\n"
    "    domain: alpha\n"
    "    requirements:\n"
    "      - id: 2.1.a\n"
    "        text: 每年评估。\n"		/* 55 */
    "        periodic: 每年\n"
    "        window: P1Y\n";

/* text with the first occurrence of from replaced by to; text is freed. */
static char *
replace(char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	struct itss_strbuf sb = ITSS_STRBUF_INIT;

	if (!at)
		fail_msg("mutation '%s' does not apply", from);
	itss_strbuf_add(&sb, text, (size_t)(at - text));
	itss_strbuf_addstr(&sb, to);
	itss_strbuf_addstr(&sb, at + strlen(from));
	free(text);
	return itss_strbuf_detach(&sb, NULL);
}

static char *
mutate(const char *from, const char *to)
{
	return replace(itss_xstrdup(base), from, to);
}

struct bad {
	const char *from, *to;
	const char *message;
	unsigned line, col;
	const char *from2, *to2;	/* a second edit, or NULL */
};

static void
expect_invalid(const struct bad *b, const char *file, int src_line)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_model *m = NULL;
	char *text = mutate(b->from, b->to);
	int rc;

	if (b->from2)
		text = replace(text, b->from2, b->to2);
	rc = itss_model_parse(&m, "m.yaml", text, strlen(text), &d);
	if (rc != ITSS_EINPUT)
		fail_msg("%s:%d: '%s' was accepted", file, src_line, b->to);
	assert_null(m);
	expect_diag_at(&d, b->message, b->line, b->col, file, src_line);
	itss_diags_release(&d);
	free(text);
}

#define BAD(from, to, msg, line, col) \
	do { \
		static const struct bad b_ = { from, to, msg, line, col, \
			NULL, NULL }; \
		expect_invalid(&b_, __FILE__, __LINE__); \
	} while (0)
#define BAD2(from, to, from2, to2, msg, line, col) \
	do { \
		static const struct bad b_ = { from, to, msg, line, col, \
			from2, to2 }; \
		expect_invalid(&b_, __FILE__, __LINE__); \
	} while (0)

static void
test_base_is_valid(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_model *m;

	(void)state;
	assert_int_equal(itss_model_parse(&m, "m.yaml", base, strlen(base), &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(m->nrequirements, 4);
	assert_int_equal(m->items[0].levels, 3);	/* low, and high domain-wide */
	itss_model_free(m);
	itss_diags_release(&d);
}

static void
test_refuse_duplicate_ids(void **state)
{
	(void)state;
	BAD("  - id: record\n", "  - id: policy\n",
	    "evidence kind 'policy' is declared twice", 7, 9);
	BAD("  - id: high\n    name: 高级\n", "  - id: low\n    name: 高级\n",
	    "'low' already names low", 12, 9);
	BAD("        id: two\n", "        id: one\n",
	    "'one' already names one", 25, 13);
	BAD("      - id: 1.1.b\n        text: 定期保留记录。\n        expects: [record]\n"
	    "        periodic: 定期\n", "      - id: 1.1.b\n        text: 定期保留记录。\n"
	    "        expects: [record]\n        periodic: 定期\n      - id: 1.1.b\n"
	    "        text: x\n", "should be 1.1.c", 43, 13);
	BAD("  - clause: \"1.2\"\n", "  - clause: \"1.1\"\n",
	    "clause 1.1 appears twice (first at line 30)", 43, 13);
}

static void
test_refuse_shared_alias(void **state)
{
	(void)state;
	BAD("aliases: [项贰]", "aliases: [项一]",
	    "'项一' already names one (line 22, column 15)", 27, 19);
}

static void
test_refuse_unresolved(void **state)
{
	(void)state;
	BAD("    domain: alpha\n    item: 2\n", "    domain: beta\n    item: 2\n",
	    "clause 1.2: unknown domain 'beta'", 45, 13);
	BAD("    level: high\n    domain: alpha\n    req",
	    "    level: top\n    domain: alpha\n    req",
	    "clause 2.1: unknown level 'top'", 51, 12);
	BAD("    item: 2\n", "    item: 3\n", "clause 1.2: there is no item 3", 46, 11);
	BAD("expects: [record]", "expects: [report]",
	    "requirement 1.1.b expects 'report', which is not one of the "
	    "model's evidence_kinds", 41, 19);
	BAD("        levels: [low]\n      - number: 2",
	    "        levels: [lowest]\n      - number: 2",
	    "unknown level 'lowest' in 'levels'", 23, 18);
}

static void
test_refuse_wrong_domain(void **state)
{
	(void)state;
	/* A second domain with item 3; clause 1.2 then claims item 2 for it. */
	BAD2("        levels: [low]\nclauses:",
	    "        levels: [low]\n  - id: beta\n    name: 乙\n    items:\n"
	    "      - number: 3\n        id: three\n        name: 项三\n"
	    "        levels: [low]\nclauses:\n  - clause: \"3.1\"\n"
	    "    level: low\n    domain: beta\n    item: 3\n"
	    "    requirements:\n      - id: 3.1.a\n        text: x\n",
	    "    domain: alpha\n    item: 2\n", "    domain: beta\n    item: 2\n",
	    "clause 1.2: item 2 (项二) belongs to domain 'alpha', not 'beta'",
	    61, 11);
}

static void
test_refuse_matrix_disagreement(void **state)
{
	(void)state;
	/* Marked at a level without requirements of its own there. */
	BAD("        levels: [low]\n      - number: 2",
	    "        levels: [low, high]\n      - number: 2",
	    "item 1 (项一) is marked at level 'high' but has no requirement of "
	    "its own there", 23, 17);
	/* Requirements at a level the item's marks do not list. */
	BAD("        aliases: [项贰]\n        levels: [low]\n",
	    "        aliases: [项贰]\n        levels: [high]\n",
	    "item 2 (项二) has requirements at level 'low' (clause 1.2) but its "
	    "'levels' do not list it", 28, 17);
	/* A domain-wide level not declared as one. */
	BAD("    wide_levels: [high]\n", "",
	    "domain 'alpha' has domain-wide requirements at level 'high' (clause "
	    "2.1) but its wide_levels do not list it", 15, 5);
}

static void
test_refuse_unreachable_level(void **state)
{
	(void)state;
	BAD("  - id: high\n    name: 高级\n",
	    "  - id: high\n    name: 高级\n  - id: top\n    name: 顶级\n",
	    "level 'top' has no requirement", 14, 5);
}

static void
test_refuse_bad_requirements(void **state)
{
	(void)state;
	BAD("      - id: 1.1.b\n", "      - id: 1.1.c\n",
	    "requirement '1.1.c' should be 1.1.b", 39, 13);
	BAD("      - id: 1.2.a\n", "      - id: 1.1.a\n",
	    "its id must be 1.2.a", 48, 13);
	/* A model with levels has no statements: every id is lettered. */
	BAD("      - id: 1.2.a\n", "      - id: 1.2\n",
	    "its id must be 1.2.a", 48, 13);
	BAD("        periodic: 定期\n", "        periodic: 每月\n",
	    "marked periodic by '每月', which its text does not contain", 42, 19);
	BAD("        periodic: 每年\n        window: P1Y\n",
	    "        window: P1Y\n", "has a 'window' but is not 'periodic'", 56, 17);
	BAD("        window: P1Y\n", "        window: 1Y\n",
	    "'window' must be a period such as P1Y", 57, 17);
	BAD("        text: 保留记录。\n", "        text: \"\"\n",
	    "'text' must not be empty", 49, 15);
	BAD("    heading: 项一\n", "    heading: 项二\n",
	    "clause 1.1 is headed '项二', which is not a name of item 1", 34, 14);
}

static void
test_refuse_shape(void **state)
{
	(void)state;
	BAD("format: 1\n", "format: 2\n", "model format 2 is newer", 1, 9);
	BAD("title: Mini\n", "title: Mini\ntitel: x\n", "unknown key 'titel'", 4, 1);
	BAD("id: mini\n", "", "missing key 'id'", 1, 1);
	BAD("levels:\n  - id: low\n", "levels: low\nx:\n  - id: low\n",
	    "'levels' must be a list, not a string", 9, 9);
	BAD("      - number: 2\n", "      - number: two\n",
	    "'number' must be a whole number, not 'two'", 24, 17);
	BAD("      - number: 2\n", "      - number: 5\n",
	    "item 'two' is number 5 but stands at place 2", 24, 17);
	BAD("id: mini\n", "id: Mini Model\n", "'Mini Model' is not a valid id", 2, 5);
}

/* All problems of a file at once, not just the first. */
static void
test_reports_every_problem(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_model *m;
	char *t1 = mutate("expects: [record]", "expects: [report]");
	char *t2, *t3;

	(void)state;
	t2 = itss_xstrdup(t1);
	free(t1);
	t1 = t2;
	{
		const char *at = strstr(t1, "      - id: 1.2.a\n");
		struct itss_strbuf sb = ITSS_STRBUF_INIT;
		itss_strbuf_add(&sb, t1, (size_t)(at - t1));
		itss_strbuf_addstr(&sb, "      - id: 1.2.b\n");
		itss_strbuf_addstr(&sb, at + strlen("      - id: 1.2.a\n"));
		t3 = itss_strbuf_detach(&sb, NULL);
	}
	assert_int_equal(itss_model_parse(&m, "m.yaml", t3, strlen(t3), &d),
	    ITSS_EINPUT);
	assert_true(d.errors >= 2);
	expect_diag(&d, "expects 'report'", 41, 19);
	expect_diag(&d, "should be 1.2.a", 48, 13);
	free(t1);
	free(t3);
	itss_diags_release(&d);
}

static void
test_window_parse(void **state)
{
	struct itss_window w;
	struct itss_strbuf sb = ITSS_STRBUF_INIT;

	(void)state;
	assert_int_equal(itss_window_parse(&w, "P1Y6M"), 0);
	assert_int_equal(w.years, 1);
	assert_int_equal(w.months, 6);
	assert_int_equal(itss_window_parse(&w, "P2W"), 0);
	assert_int_equal(w.days, 14);
	itss_window_format(&sb, &w);
	assert_string_equal(sb.buf, "P14D");
	assert_int_equal(itss_window_parse(&w, "P6M1Y"), -1);	/* out of order */
	assert_int_equal(itss_window_parse(&w, "P0D"), -1);
	assert_int_equal(itss_window_parse(&w, "P"), -1);
	assert_int_equal(itss_window_parse(&w, "1Y"), -1);
	assert_int_equal(itss_window_parse(&w, "P1H"), -1);
	itss_strbuf_release(&sb);
}

/* ---- the bundled specifications, against their text ---- */

struct spec {
	const char *file, *seed;
	/* Requirements per chapter, counted by hand from the text. */
	struct { const char *chapter; size_t n; } chapters[6];
	size_t total, ndomains, nitems;
	/* A sample per chapter: id and text, copied from the seed by hand. */
	struct { const char *id, *text; } sample[8];
};

static const struct spec specs[] = {
	{ "../models/db11-user.yaml", "data/seeds/000_00265e2dde3c1f84.txt",
	    { { "4", 1 }, { "5", 25 }, { "6", 145 }, { "7", 16 } }, 187, 6, 27,
	    { { "4", "运行维护服务实施模型是反映用户单位信息系统运行维护服务实施的"
		"基本框架。用户单位根据自身组织的发展战略，参考或建设并运行信息技术"
		"系统运行维护服务实施模型。运行维护服务实施模型应包含治理、服务管理和"
		"数据等主要组成部分，详见图1。" },
	      { "5.2.e", "推动新技术和新应用在信息技术系统运行维护中得到应用。" },
	      { "5.4.d", "服务商完成运行维护合同规定的相关内容, 按照服务内容和 "
		"service 级别要求, 组织开展运行维护服务相关活动；" },
	      { "6.3.1", "用户单位应定期对运行维护服务实施过程及实施结果进行监测"
		"与评价、内部审核、合规自检、管理评审,确保运行维护服务目标和服务价值"
		"的达成。" },
	      { "6.6.3.1.d", "根据信息技术系统所承载业务要求不同，建立不同级别的"
		"信息技术系统备份机制；核心业务系统应具备与在线运行系统同等规模的备份"
		"系统，其他重要业务系统应具有核心功能的小规模的备份系统，一般业务系统"
		"应对核心设备、应用软件和数据进行备份；" },
	      { "7.5.c", "运行维护数据为用户单位数字化转型提供基础数据。" } } },
	{ "../models/dgag038-2025.yaml", "data/seeds/003_3ca4145964843a94.txt",
	    { { "4", 4 }, { "5", 32 }, { "6", 1 }, { "7", 152 }, { "8", 11 } },
	    200, 11, 36,
	    { { "4.b", "实施技术：宜采用调查收集、运维管理平台、监控工具或可视化工具"
		"等多样化的技术手段保障运维服务质量。" },
	      { "5.1.5", "服务方根据管理方和使用方的要求设立运行维护服务保障场所。"
		"保障场所配备满足服务需求的设备设施，具备指挥调度、应急管理、资源调配"
		"和服务支持等功能，保证运行维护服务的质量。" },
	      { "5.2.2.3.b", "从事特殊环境运行维护服务的应具备国家相关管理部门颁发"
		"的相应资格、资质,如电工作业、制冷与空调作业、高空作业等特种作业操作"
		"证。" },
	      { "6", "服务方应具备提供信息基础设施运行维护服务的技术和方法,并持续"
		"改进,以适应技术发展和业务场景变化。信息基础设施运行维护服务主要技术"
		"和方法及对应服务项见表1。" },
	      { "7.3.2.1.3", "根据计划进行现场巡检，巡检项参考 DB4401/T 294.2—"
		"2024 附录 A。" },
	      { "7.5.3.3.c", "培训后，发放问卷调查表，收集培训人员对培训内容、形式、"
		"效果等的反馈。" },
	      { "8.1.3.a", "定期评价：进行周期性总结、评价，形成相应的考核评分表或"
		"报告，为服务改进提供依据；" } } },
};

/* The seed with its line breaks taken out: a list item the extraction
 * broke over lines is one text. */
static char *
flatten(const char *s)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;

	for (; *s; s++)
		if (*s != '\n')
			itss_strbuf_addch(&sb, *s);
	return itss_strbuf_detach(&sb, NULL);
}

static void
test_spec(const struct spec *sp)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_model *m;
	char *seed = NULL, *flat;
	size_t len, i, k, total = 0;

	assert_int_equal(itss_model_load(&m, sp->file, &d), 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(m->nlevels, 1);
	assert_int_equal(m->nrequirements, sp->total);
	assert_int_equal(m->ndomains, sp->ndomains);
	assert_int_equal(m->nitems, sp->nitems);
	for (k = 0; k < 6 && sp->chapters[k].chapter; k++) {
		size_t n = 0, cl = strlen(sp->chapters[k].chapter);
		for (i = 0; i < m->nrequirements; i++) {
			const char *c = m->requirements[i].clause;
			if (!strncmp(c, sp->chapters[k].chapter, cl) &&
			    (c[cl] == '.' || !c[cl]))
				n++;
		}
		if (n != sp->chapters[k].n)
			fail_msg("%s: chapter %s has %zu requirements, not %zu",
			    sp->file, sp->chapters[k].chapter, n,
			    sp->chapters[k].n);
		total += n;
	}
	assert_int_equal(total, sp->total);	/* no other chapter */
	/* Every text and lead word for word; a sample checked by hand. */
	assert_int_equal(itss_read_file(&seed, &len, sp->seed, 1 << 24), 0);
	flat = flatten(seed);
	for (i = 0; i < m->nrequirements; i++) {
		const struct itss_requirement *r = &m->requirements[i];
		if (!strstr(seed, r->text) && !strstr(flat, r->text))
			fail_msg("%s: %s is not word for word: %s", sp->file, r->id,
			    r->text);
		if (r->lead && !strstr(seed, r->lead))
			fail_msg("%s: the lead of %s is not in the text", sp->file,
			    r->clause);
	}
	for (k = 0; k < 8 && sp->sample[k].id; k++) {
		const struct itss_requirement *r = itss_model_requirement(m,
		    sp->sample[k].id);
		if (!r)
			fail_msg("%s: no requirement %s", sp->file, sp->sample[k].id);
		assert_string_equal(r->text, sp->sample[k].text);
	}
	free(flat);
	free(seed);
	itss_model_free(m);
	itss_diags_release(&d);
}

static void
test_db11(void **state)
{
	(void)state;
	test_spec(&specs[0]);
}

static void
test_dgag(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_model *m;
	const struct itss_requirement *q;

	(void)state;
	test_spec(&specs[1]);
	/* Appendix B, as Tables B.1 and B.2 print it. */
	assert_int_equal(itss_model_load(&m, specs[1].file, &d), 0);
	assert_int_equal(m->nevaluations, 2);
	assert_string_equal(m->evaluations[0].id, "B.1");
	assert_int_equal(m->evaluations[0].nitems, 15);
	assert_int_equal(m->evaluations[1].nitems, 19);
	assert_string_equal(m->evaluations[0].items[0].name, "制度与流程建设");
	assert_string_equal(m->evaluations[1].items[18].name, "其他项");
	/* 适用岗位 on the first row of each group: 1-6, 7-11, 12-15. */
	assert_string_equal(m->evaluations[0].items[5].posts[0], "管理类");
	assert_string_equal(m->evaluations[0].items[6].posts[0], "技术类");
	assert_string_equal(m->evaluations[0].items[10].posts[0], "技术类");
	assert_int_equal(m->evaluations[0].items[11].nposts, 3);
	assert_int_equal(m->evaluations[1].items[0].nposts, 0);
	assert_string_equal(m->evaluations[0].items[0].content, "是否建立且完善运行"
	    "维护管理制度、标准规范及工作流程，并有效监督执行");
	assert_non_null(q = itss_model_requirement(m, "8.1.2"));
	assert_int_equal(q->nevaluations, 2);
	assert_int_equal(q->ndocuments, 34);
	assert_non_null(q = itss_model_requirement(m, "8.1.3.a"));
	assert_string_equal(q->periodic, "定期");
	assert_int_equal(q->nevaluations, 2);
	/* 不定期 is not periodic. */
	assert_null(itss_model_requirement(m, "8.1.3.b")->periodic);
	itss_model_free(m);
	itss_diags_release(&d);
}

/* The specification rules: one level, several clauses to an item, general
 * clauses beside the items', statements as requirements. */
static const char spec_base[] =
    "format: 1\nid: spec\ntitle: Spec\n"
    "evidence_kinds:\n  - id: record\n    name: 记录\n"
    "levels:\n  - id: conform\n    name: 符合\n"
    "domains:\n"
    "  - id: alpha\n    number: 1\n    name: 甲\n    wide_levels: [conform]\n"
    "    items:\n"
    "      - number: 1\n        id: one\n        name: 项一\n"
    "        levels: [conform]\n"
    "  - id: beta\n    number: 2\n    name: 乙\n    items:\n"
    "      - number: 2\n        id: two\n        name: 乙\n"
    "        levels: [conform]\n"
    "clauses:\n"
    "  - clause: \"1.1\"\n    level: conform\n    domain: alpha\n"
    "    heading: 一般要求\n    requirements:\n"
    "      - id: 1.1\n        text: 总体要求。\n"
    "  - clause: \"1.2\"\n    level: conform\n    domain: alpha\n    item: 1\n"
    "    heading: 项一\n    lead: 至少应包括：\n    requirements:\n"
    "      - id: 1.2.a\n        text: 甲；\n"
    "      - id: 1.2.b\n        text: 乙。\n"
    "  - clause: \"1.2.1\"\n    level: conform\n    domain: alpha\n    item: 1\n"
    "    heading: 子条\n    requirements:\n"
    "      - id: 1.2.1\n        text: 一句。\n"
    "  - clause: \"2\"\n    level: conform\n    domain: beta\n    item: 2\n"
    "    requirements:\n      - id: 2\n        text: 第二章。\n";

static void
spec_refused(const char *from, const char *to, const char *message)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_model *m = NULL;
	char *text = replace(itss_xstrdup(spec_base), from, to);
	size_t i;

	if (itss_model_parse(&m, "s.yaml", text, strlen(text), &d) != ITSS_EINPUT)
		fail_msg("'%s' was accepted", to);
	for (i = 0; i < d.n && !strstr(d.v[i].message, message); i++)
		;
	if (i == d.n)
		fail_msg("no error '%s' for '%s'", message, to);
	free(text);
	itss_diags_release(&d);
}

static void
test_specification_rules(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_model *m;

	(void)state;
	assert_int_equal(itss_model_parse(&m, "s.yaml", spec_base,
	    strlen(spec_base), &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(m->nrequirements, 5);
	assert_non_null(itss_model_requirement(m, "1.2.1"));
	assert_int_equal(itss_model_requirement(m, "1.2.1")->item, 1);
	assert_int_equal(itss_model_requirement(m, "1.1")->item, 0);
	itss_model_free(m);
	itss_diags_release(&d);
	/* A statement is a clause's only requirement, with no lead. */
	spec_refused("      - id: 1.2.a\n        text: 甲；\n", "      - id: 1.2\n"
	    "        text: 甲；\n", "its id must be 1.2.a");
	spec_refused("    heading: 子条\n    requirements:\n",
	    "    heading: 子条\n    lead: 包括：\n    requirements:\n",
	    "its id must be 1.2.1.a");
	spec_refused("      - id: 1.1\n", "      - id: 1.3\n",
	    "its id must be 1.1 (the clause is one statement) or 1.1.a");
	/* Named documents: a list, each once. */
	spec_refused("        text: 一句。\n", "        text: 一句。\n"
	    "        documents: {names: [甲, 甲]}\n", "names document '甲' twice");
	spec_refused("        text: 一句。\n", "        text: 一句。\n"
	    "        documents: {table: 表}\n", "missing key 'names'");
	spec_refused("        text: 一句。\n", "        text: 一句。\n"
	    "        documents: {names: []}\n", "must list at least one document");
	/* Evaluation tables: declared, numbered, on a scale; asked for by id. */
	{
		static const char ev[] = "evaluations:\n  - id: B.1\n    name: 评价表\n"
		    "    items:\n      - {number: 1, name: 甲项}\n"
		    "      - {number: 2, name: 乙项}\nclauses:\n";
		char *t;
		struct itss_model *em;
		t = replace(itss_xstrdup(spec_base), "clauses:\n", ev);
		t = replace(t, "        text: 一句。\n", "        text: 一句。\n"
		    "        evaluations: [B.1]\n");
		assert_int_equal(itss_model_parse(&em, "s.yaml", t, strlen(t), &d), 0);
		assert_int_equal(itss_model_requirement(em, "1.2.1")->ndocuments, 2);
		assert_string_equal(itss_model_requirement(em, "1.2.1")->documents[1],
		    "B.1-2 乙项");
		itss_model_free(em);
		free(t);
		itss_diags_release(&d);
	}
	spec_refused("        text: 一句。\n", "        text: 一句。\n"
	    "        evaluations: [B.9]\n", "no evaluation table 'B.9'");
	spec_refused("clauses:\n", "evaluations:\n  - id: B.1\n    name: 表\n"
	    "    items:\n      - {number: 2, name: 甲}\nclauses:\n",
	    "item 2 of table B.1 stands at place 1");
	spec_refused("clauses:\n", "evaluations:\n  - id: B.1\n    name: 表\n"
	    "    scale: [100, 0]\n    items:\n      - {number: 1, name: 甲}\n"
	    "clauses:\n", "'scale' is [lowest, highest]");
	/* Only a domain's one item may bear the domain's name. */
	spec_refused("        name: 乙\n        levels: [conform]\n",
	    "        name: 乙\n        levels: [conform]\n      - number: 3\n"
	    "        id: three\n        name: 丙\n        levels: [conform]\n",
	    "item 2 of domain 'beta' has the domain's name");
}

/* ---- crosswalks: the bundled one, and the refusals ---- */

static struct itss_model *xw_models[2];

static int
load_xw_models(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	int rc;

	(void)state;
	rc = itss_model_load(&xw_models[0], "../models/dgag038-2025.yaml", &d);
	if (rc == 0)
		rc = itss_model_load(&xw_models[1], "../models/itss1-2023.yaml", &d);
	itss_diags_release(&d);
	return rc;
}

static int
free_xw_models(void **state)
{
	(void)state;
	itss_model_free(xw_models[0]);
	itss_model_free(xw_models[1]);
	return 0;
}

static struct itss_crosswalk *
xw_parse(const char *text, struct itss_diags *d)
{
	struct itss_crosswalk *x = NULL;

	(void)itss_crosswalk_parse(&x, "x.yaml", text, strlen(text),
	    (const struct itss_model *const *)xw_models, 2, d);
	return x;
}

/* The pair of x whose sides are a and b (requirement ids, or NULL). */
static const struct itss_xw_pair *
xw_pair(const struct itss_crosswalk *x, const char *a, const char *doc,
    const char *b)
{
	size_t i;

	for (i = 0; i < x->npairs; i++) {
		const struct itss_xw_pair *p = &x->pairs[i];
		if (p->side[0].req && !strcmp(p->side[0].req->id, a) &&
		    (!doc || (p->side[0].document &&
		    !strcmp(p->side[0].document, doc))) &&
		    p->side[1].req && !strcmp(p->side[1].req->id, b))
			return p;
	}
	fail_msg("no pair %s %s %s", a, doc ? doc : "", b);
	return NULL;
}

static void
test_bundled_crosswalk(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_crosswalk *x;
	char *buf;
	size_t len, i, docs = 0, items = 0;

	(void)state;
	assert_int_equal(itss_read_file(&buf, &len,
	    "../models/crosswalks/dgag038-2025_itss1-2023.yaml", 1 << 20), 0);
	assert_int_equal(itss_crosswalk_parse(&x, "xw", buf, len,
	    (const struct itss_model *const *)xw_models, 2, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(x->npairs, 36);
	for (i = 0; i < x->npairs; i++) {
		docs += x->pairs[i].side[0].document != NULL;
		items += x->pairs[i].side[1].item != NULL;
	}
	assert_int_equal(docs, 22);	/* Appendix A: all 19 policies, some twice */
	assert_int_equal(items, 16);
	/* equal: both ways; subset-of: the ITSS side counts for DGAG's;
	 * superset-of: the other way; intersects and items: never. */
	{
		const struct itss_xw_pair *p = xw_pair(x, "7.4.2.6", NULL, "7.8.3.c");
		assert_true(itss_xw_counts(p, 0) && itss_xw_counts(p, 1));
		p = xw_pair(x, "7.4.4.7", NULL, "6.4.3.c");
		assert_true(!itss_xw_counts(p, 0) && itss_xw_counts(p, 1));
		p = xw_pair(x, "7.4.2.5", NULL, "6.8.2.b");
		assert_true(itss_xw_counts(p, 0) && !itss_xw_counts(p, 1));
		p = xw_pair(x, "7.2.3", NULL, "8.7.8.b");
		assert_true(!itss_xw_counts(p, 0) && !itss_xw_counts(p, 1));
		p = xw_pair(x, "5.1.6", "信息安全管理制度", "6.4.4.a");
		assert_true(itss_xw_counts(p, 0) && itss_xw_counts(p, 1));
	}
	for (i = 0; i < x->npairs; i++)
		if (x->pairs[i].side[1].item)
			assert_false(itss_xw_counts(&x->pairs[i], 0));
	itss_crosswalk_free(x);
	free(buf);
	itss_diags_release(&d);
}

static const char xw_base[] =
    "crosswalk: 1\n"
    "id: t\n"
    "models: [dgag038-2025, itss1-2023]\n"
    "pairs:\n"
    "  - dgag038-2025: 7.4.2.6\n"
    "    itss1-2023: 7.8.3.c\n"
    "    relationship: equal\n";

static void
xw_refused(const char *from, const char *to, const char *message,
    unsigned line, unsigned col)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	char *text = replace(itss_xstrdup(xw_base), from, to);
	struct itss_crosswalk *x = xw_parse(text, &d);

	if (x)
		fail_msg("'%s' was accepted", to);
	expect_diag(&d, message, line, col);
	free(text);
	itss_diags_release(&d);
}

static void
test_crosswalk_refusals(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_crosswalk *x;

	(void)state;
	assert_non_null(x = xw_parse(xw_base, &d));
	assert_int_equal(x->npairs, 1);
	itss_crosswalk_free(x);
	itss_diags_release(&d);
	xw_refused("7.8.3.c", "7.8.3.z", "model 'itss1-2023' has no "
	    "requirement '7.8.3.z'", 6, 17);
	xw_refused("relationship: equal", "relationship: same",
	    "relationship 'same': say equal, subset-of, superset-of or "
	    "intersects", 7, 19);
	xw_refused("[dgag038-2025, itss1-2023]", "[dgag038-2025, itss9]",
	    "no model 'itss9' to relate", 3, 24);
	xw_refused("[dgag038-2025, itss1-2023]", "[itss1-2023]",
	    "'models' names the two models it relates", 3, 9);
	xw_refused("dgag038-2025: 7.4.2.6", "dgag038-2025: {document: 服务目录表}",
	    "model 'dgag038-2025' names no document '服务目录表'", 5, 19);
	xw_refused("itss1-2023: 7.8.3.c", "itss1-2023: {item: 99}",
	    "model 'itss1-2023' has no item '99'", 6, 24);
	xw_refused("itss1-2023: 7.8.3.c", "itss1-2023: {item: 17, document: x}",
	    "a side is an item, a requirement or a document, not several", 6, 17);
	xw_refused("    relationship: equal\n", "",
	    "missing key 'relationship'", 5, 5);
	xw_refused("crosswalk: 1", "crosswalk: 2",
	    "crosswalk format 2 is not known", 1, 12);
}

int
main(void)
{
	const struct CMUnitTest bundled[] = {
		cmocka_unit_test(test_itss_levels),
		cmocka_unit_test(test_itss_table1),
		cmocka_unit_test(test_itss_aliases),
		cmocka_unit_test(test_itss_appendix_a),
		cmocka_unit_test(test_itss_requirements),
		cmocka_unit_test(test_itss_periodic),
		cmocka_unit_test(test_itss_text_word_for_word),
	};
	const struct CMUnitTest validator[] = {
		cmocka_unit_test(test_one_level_model),
		cmocka_unit_test(test_base_is_valid),
		cmocka_unit_test(test_refuse_duplicate_ids),
		cmocka_unit_test(test_refuse_shared_alias),
		cmocka_unit_test(test_refuse_unresolved),
		cmocka_unit_test(test_refuse_wrong_domain),
		cmocka_unit_test(test_refuse_matrix_disagreement),
		cmocka_unit_test(test_refuse_unreachable_level),
		cmocka_unit_test(test_refuse_bad_requirements),
		cmocka_unit_test(test_refuse_shape),
		cmocka_unit_test(test_reports_every_problem),
		cmocka_unit_test(test_window_parse),
	};
	const struct CMUnitTest specifications[] = {
		cmocka_unit_test(test_db11),
		cmocka_unit_test(test_dgag),
		cmocka_unit_test(test_specification_rules),
	};
	const struct CMUnitTest crosswalks[] = {
		cmocka_unit_test(test_bundled_crosswalk),
		cmocka_unit_test(test_crosswalk_refusals),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("bundled ITSS model", bundled,
	    load_itss, free_itss);
	failed += cmocka_run_group_tests_name("model validator", validator,
	    NULL, NULL);
	failed += cmocka_run_group_tests_name("bundled specifications",
	    specifications, NULL, NULL);
	failed += cmocka_run_group_tests_name("crosswalks", crosswalks,
	    load_xw_models, free_xw_models);
	return failed ? 1 : 0;
}
