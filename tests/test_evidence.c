/*
 * test_evidence.c - evidence records (YAML and CSV) and judgements: what is
 * read, and every refusal with its position.
 */
#include <stdlib.h>

#include "helpers.h"

#include "itss/evidence.h"
#include "itss/repo.h"

static struct itss_model *model;

static int
load(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	int rc = itss_model_load(&model, "../models/itss1-2023.yaml", &d);

	(void)state;
	itss_diags_release(&d);
	return rc;
}

static int
unload(void **state)
{
	(void)state;
	itss_model_free(model);
	return 0;
}

struct fixture {
	struct itss_evidence_set set;
	struct itss_diags d;
};

static int
setup(void **state)
{
	*state = calloc(1, sizeof(struct fixture));
	return *state ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	itss_evidence_set_release(&f->set);
	itss_diags_release(&f->d);
	free(f);
	return 0;
}

static int
yaml(struct fixture *f, const char *text)
{
	itss_evidence_set_release(&f->set);
	itss_diags_release(&f->d);
	return itss_evidence_read(&f->set, "evidence/e.yaml", text, strlen(text),
	    0, model, &f->d);
}

static int
csv(struct fixture *f, const char *text)
{
	itss_evidence_set_release(&f->set);
	itss_diags_release(&f->d);
	return itss_evidence_read(&f->set, "evidence/r.csv", text, strlen(text),
	    1, model, &f->d);
}

static const char good[] =
    "id: inc-policy\n"
    "title: 事件管理制度\n"
    "kind: policy\n"
    "satisfies: [6.4.3.a, 6.4.3.b]\n"
    "date: 2025-03-01\n"
    "valid_until: 2026-03-01\n"
    "owner: 张三\n"
    "status: approved\n"
    "files:\n"
    "  - docs/policy.pdf\n"
    "  - {path: docs/annex.xlsx, sha256: "
    "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855}\n"
    "notes: 2025 版\n";

static void
test_yaml_record(void **state)
{
	struct fixture *f = *state;
	const struct itss_record *r;
	char day[11];

	assert_int_equal(yaml(f, good), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->set.nrecords, 1);
	r = &f->set.records[0];
	assert_string_equal(r->id, "inc-policy");
	assert_string_equal(r->title, "事件管理制度");
	assert_int_equal(r->nsatisfies, 2);
	assert_string_equal(r->satisfies[1], "6.4.3.b");
	itss_date_format(day, r->valid_until);
	assert_string_equal(day, "2026-03-01");
	assert_int_equal(r->status, ITSS_APPROVED);
	assert_true(r->status_given);
	assert_int_equal(r->nfiles, 2);
	assert_null(r->files[0].sha256);
	/* Recorded hashes are kept in lower case. */
	assert_string_equal(r->files[1].sha256,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_int_equal(r->files[1].line, 11);
	assert_string_equal(r->source, "evidence/e.yaml");
}

static void
test_yaml_list_and_defaults(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(yaml(f, "- id: a\n  title: A\n  kind: record\n"
	    "  satisfies: [6.4.3.c]\n  date: 2025-01-01\n"
	    "- id: b\n  title: B\n  kind: report\n  satisfies: [6.4.2.b]\n"
	    "  date: 2025-02-01\n"), 0);
	assert_int_equal(f->set.nrecords, 2);
	/* No status: a draft. No valid_until: open-ended. */
	assert_int_equal(f->set.records[0].status, ITSS_DRAFT);
	assert_false(f->set.records[0].status_given);
	assert_int_equal(f->set.records[0].valid_until, INT32_MAX);
	assert_int_equal(f->set.records[1].line, 6);
}

#define REC(extra) "id: x\ntitle: T\nkind: record\nsatisfies: [6.4.3.c]\n" \
	"date: 2025-01-01\n" extra

static void
test_refusals(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(yaml(f, "id: x\ntitle: T\nkind: recrod\n"
	    "satisfies: [6.4.3.c]\ndate: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "unknown kind 'recrod'", 3, 7);
	assert_int_equal(yaml(f, "id: x\ntitle: T\nkind: record\n"
	    "satisfies: [6.4.3.c, 6.4.3.x]\ndate: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "unknown requirement '6.4.3.x'", 4, 22);
	assert_int_equal(yaml(f, "id: x\ntitle: T\nkind: record\n"
	    "satisfies: 6.4.3.c\ndate: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "'satisfies' must be a list", 4, 12);
	assert_int_equal(yaml(f, "id: x\ntitle: T\nkind: record\n"
	    "satisfies: [6.4.3.c]\ndate: 2025-13-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "'date' must be a date written YYYY-MM-DD, not "
	    "'2025-13-01'", 5, 7);
	assert_int_equal(yaml(f, REC("valid_until: 2024-12-31\n")), ITSS_EINPUT);
	expect_diag(&f->d, "'valid_until' is before the record's date", 6, 14);
	assert_int_equal(yaml(f, REC("status: final\n")), ITSS_EINPUT);
	expect_diag(&f->d, "status must be draft, approved, superseded or "
	    "rejected (草稿, 已批准, 已替代, 已驳回), not 'final'", 6, 9);
	assert_int_equal(yaml(f, REC("colour: red\n")), ITSS_EINPUT);
	expect_diag(&f->d, "unknown key 'colour'", 6, 1);
	assert_int_equal(yaml(f, "title: T\nkind: record\nsatisfies: [6.4.3.c]\n"
	    "date: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "the record has no 'id'", 1, 1);
	assert_int_equal(yaml(f, "id: has space\ntitle: T\nkind: record\n"
	    "satisfies: [6.4.3.c]\ndate: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "'has space' is not a usable record id", 1, 5);
	assert_int_equal(yaml(f, "just text\n"), ITSS_EINPUT);
	expect_diag(&f->d, "holds a record (a mapping) or a list of records", 1, 1);
}

static void
test_path_refusals(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(yaml(f, REC("files: [../etc/passwd]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "file '../etc/passwd': a '..' component", 6, 9);
	assert_int_equal(yaml(f, REC("files: [docs/../../x]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "a '..' component", 6, 9);
	assert_int_equal(yaml(f, REC("files: [/etc/passwd]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "file '/etc/passwd': an absolute path", 6, 9);
	assert_int_equal(yaml(f, REC("files: [.git/config]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "a path into .git", 6, 9);
	assert_int_equal(yaml(f, REC("files: [.itss/index.db]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "a path into .itss", 6, 9);
	assert_int_equal(yaml(f, REC("files: [\"docs\\\\a.pdf\"]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "a backslash", 6, 9);
	assert_int_equal(yaml(f, REC("files: [docs//a.pdf]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "an empty component", 6, 9);
	assert_int_equal(yaml(f, REC("files:\n  - {path: a.pdf, sha256: abc}\n")),
	    ITSS_EINPUT);
	expect_diag(&f->d, "the sha256 must be 64 hexadecimal digits", 7, 12);
	assert_int_equal(yaml(f, REC("files: [a.pdf, a.pdf]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "file 'a.pdf' is listed twice", 6, 16);
}

static void
test_duplicate_ids(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(yaml(f, "- id: a\n  title: A\n  kind: record\n"
	    "  satisfies: [6.4.3.c]\n  date: 2025-01-01\n"
	    "- id: a\n  title: B\n  kind: record\n  satisfies: [6.4.3.c]\n"
	    "  date: 2025-01-02\n"), 0);
	assert_int_equal(itss_evidence_check_ids(&f->set, &f->d), 1);
	expect_diag(&f->d, "record id 'a' is already used at evidence/e.yaml:1:3",
	    6, 3);
}

static void
test_csv(void **state)
{
	struct fixture *f = *state;
	const struct itss_record *r;

	/* A BOM, CRLF, a quoted field with a comma and a line break, lists. */
	assert_int_equal(csv(f, "\xef\xbb\xbf" "id,title,kind,satisfies,date,"
	    "status,files,owner\r\n"
	    "c1,\"事件记录, 2025 年\",record,6.4.3.c; 7.4.4.e,2025-05-01,approved,"
	    "\"docs/a.pdf\ndocs/b.pdf | E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649"
	    "B934CA495991B7852B855\",李四\r\n"
	    "\r\n"
	    "c2,Second,report,6.4.2.b,2025-06-01,,,\r\n"), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->set.nrecords, 2);
	r = &f->set.records[0];
	assert_string_equal(r->title, "事件记录, 2025 年");
	assert_int_equal(r->nsatisfies, 2);
	assert_string_equal(r->satisfies[1], "7.4.4.e");
	assert_int_equal(r->nfiles, 2);
	assert_string_equal(r->files[1].path, "docs/b.pdf");
	assert_non_null(r->files[1].sha256);
	assert_string_equal(r->owner, "李四");
	r = &f->set.records[1];
	assert_int_equal(r->status, ITSS_DRAFT);
	assert_int_equal(r->nfiles, 0);
	assert_null(r->owner);
	assert_int_equal(r->line, 5);
}

static void
test_csv_refusals(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(csv(f, "id,title,kind,satisfies,date\n"
	    "c1,\"open,record,6.4.3.c,2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "malformed CSV: a quoted field is not closed", 2, 0);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date\n"
	    "c1,a\"b,record,6.4.3.c,2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "malformed CSV", 2, 0);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date,colour\n"),
	    ITSS_EINPUT);
	expect_diag(&f->d, "unknown column 'colour'", 1, 6);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date\nc1,T,record\n"),
	    ITSS_EINPUT);
	expect_diag(&f->d, "this row has 3 fields, the header 5", 2, 0);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date\n"
	    "c1,T,record,6.4.3.c,2025-02-30\n"), ITSS_EINPUT);
	expect_diag(&f->d, "'date' must be a date", 2, 5);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date\n"
	    "c1,T,record,6.4.3.q,2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "unknown requirement '6.4.3.q'", 2, 4);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date\n"
	    "c1,T,record,,2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "'satisfies' is empty", 2, 4);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date,files\n"
	    "c1,T,record,6.4.3.c,2025-01-01,../x.pdf\n"), ITSS_EINPUT);
	expect_diag(&f->d, "a '..' component", 2, 6);
	assert_int_equal(csv(f, "id,title,id\n"), ITSS_EINPUT);
	expect_diag(&f->d, "column 'id' appears twice", 1, 3);
	assert_int_equal(csv(f, ""), ITSS_EINPUT);
	expect_diag(&f->d, "the CSV file is empty", 1, 1);
	assert_int_equal(csv(f, "id,title\nc1,\xff\n"), ITSS_EINPUT);
	expect_diag(&f->d, "invalid UTF-8", 2, 0);
}

static int
judge(struct fixture *f, const char *text)
{
	itss_evidence_set_release(&f->set);
	itss_diags_release(&f->d);
	return itss_judgements_read(&f->set, "judgements/j.yaml", text,
	    strlen(text), model, &f->d);
}

static void
test_judgements(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(judge(f, "- requirement: 7.6.3.a\n  verdict: "
	    "not_applicable\n  reason: 本组织不保有备件\n"
	    "- requirement: 7.4.4.e\n  verdict: nonconform\n  reason: 工具未上线\n"
	    "  by: 王五\n  date: 2025-06-30\n"), 0);
	assert_int_equal(f->set.njudgements, 2);
	assert_int_equal(f->set.judgements[0].verdict, ITSS_NOT_APPLICABLE);
	assert_int_equal(f->set.judgements[1].verdict, ITSS_NONCONFORM);

	assert_int_equal(judge(f, "requirement: 7.6.3.a\nverdict: na\n"
	    "reason: x\n"), ITSS_EINPUT);
	expect_diag(&f->d, "verdict must be not_applicable, conform or "
	    "nonconform, not 'na'", 2, 10);
	assert_int_equal(judge(f, "requirement: 7.6.3.a\nverdict: "
	    "not_applicable\n"), ITSS_EINPUT);
	expect_diag(&f->d, "missing key 'reason'", 1, 1);
	assert_int_equal(judge(f, "requirement: 1.1.a\nverdict: conform\n"
	    "reason: x\nby: a\ndate: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "unknown requirement '1.1.a'", 1, 14);
	assert_int_equal(judge(f, "requirement: 7.6.3.a\nverdict: conform\n"
	    "reason: x\n"), ITSS_EINPUT);
	expect_diag(&f->d, "a conform finding needs 'by' (the assessor) and "
	    "'date'", 1, 1);
	assert_int_equal(judge(f, "- requirement: 7.6.3.a\n  verdict: conform\n"
	    "  reason: x\n  by: a\n  date: 2025-01-01\n- requirement: 7.6.3.a\n"
	    "  verdict: not_applicable\n  reason: y\n"), 0);
	assert_int_equal(itss_evidence_check_ids(&f->set, &f->d), 1);
	expect_diag(&f->d, "requirement 7.6.3.a already has a judgement at "
	    "judgements/j.yaml:1:3", 6, 3);
}

static void
test_path_rule(void **state)
{
	(void)state;
	assert_null(itss_repo_path_problem("docs/a.pdf"));
	assert_null(itss_repo_path_problem("证据/2025/制度.pdf"));
	assert_null(itss_repo_path_problem(".hidden/a"));
	assert_null(itss_repo_path_problem("a..b/c"));
	assert_non_null(itss_repo_path_problem(""));
	assert_non_null(itss_repo_path_problem("a/./b"));
	assert_non_null(itss_repo_path_problem("a/"));
	assert_non_null(itss_repo_path_problem(".."));
	assert_non_null(itss_repo_path_problem(".git"));
	assert_non_null(itss_repo_path_problem(".itss/index.db"));
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_yaml_record),
		T(test_yaml_list_and_defaults),
		T(test_refusals),
		T(test_path_refusals),
		T(test_duplicate_ids),
		T(test_csv),
		T(test_csv_refusals),
		T(test_judgements),
		cmocka_unit_test(test_path_rule),
	};
	return cmocka_run_group_tests_name("evidence", tests, load, unload);
}
