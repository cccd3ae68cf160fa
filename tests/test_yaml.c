/*
 * test_yaml.c - the YAML reader: what it builds, and every refusal, each
 * with its message and position.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

#include "itss/yaml.h"

struct fixture {
	struct itss_yaml_doc doc;
	struct itss_diags d;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	*state = f;
	return f ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	itss_yaml_doc_release(&f->doc);
	itss_diags_release(&f->d);
	free(f);
	return 0;
}

static int
parse_n(struct fixture *f, const char *text, size_t len)
{
	itss_yaml_doc_release(&f->doc);
	itss_diags_release(&f->d);
	return itss_yaml_parse(&f->doc, "t.yaml", text, len, NULL, &f->d);
}

static int
parse(struct fixture *f, const char *text)
{
	return parse_n(f, text, strlen(text));
}

static void
test_tree_and_positions(void **state)
{
	struct fixture *f = *state;
	const struct itss_yaml_node *root, *list, *n;

	assert_int_equal(parse(f, "title: 能力策划\nlist:\n  - a\n  - \"b\"\n"
	    "none: ~\nempty:\nquoted: \"null\"\n"), 0);
	assert_int_equal(f->d.n, 0);
	root = f->doc.root;
	assert_int_equal(root->type, ITSS_YAML_MAP);
	assert_int_equal(root->n, 10);
	n = itss_yaml_get(root, "title");
	assert_non_null(n);
	assert_string_equal(n->value, "能力策划");
	assert_int_equal(n->line, 1);
	assert_int_equal(n->col, 8);
	list = itss_yaml_get(root, "list");
	assert_int_equal(list->type, ITSS_YAML_SEQ);
	assert_int_equal(list->n, 2);
	assert_int_equal(list->kid[1]->line, 4);
	assert_int_equal(list->kid[1]->col, 5);
	assert_true(list->kid[0]->plain);
	assert_false(list->kid[1]->plain);
	assert_int_equal(itss_yaml_get(root, "none")->type, ITSS_YAML_NULL);
	assert_int_equal(itss_yaml_get(root, "empty")->type, ITSS_YAML_NULL);
	assert_int_equal(itss_yaml_get(root, "quoted")->type, ITSS_YAML_SCALAR);
	assert_null(itss_yaml_get(root, "absent"));
}

static void
test_columns_count_characters(void **state)
{
	struct fixture *f = *state;

	/* The second colon is character 10 of the line (byte 22). */
	assert_int_equal(parse(f, "标题: 能力 策划: x\n"), ITSS_EINPUT);
	expect_diag(&f->d, "YAML syntax error", 1, 10);
}

static void
test_bom_and_crlf(void **state)
{
	struct fixture *f = *state;
	const struct itss_yaml_node *n;

	/* A byte-order mark and Windows line ends, as editors may save. */
	assert_int_equal(parse(f, "\xef\xbb\xbf" "a: 1\r\nb: 能力\r\n"), 0);
	n = itss_yaml_get(f->doc.root, "b");
	assert_non_null(n);
	assert_string_equal(n->value, "能力");
	assert_int_equal(n->line, 2);
	assert_int_equal(n->col, 4);
	/* Tabs may not indent YAML: a located error, not a crash. */
	assert_int_equal(parse(f, "a:\n\t- x\n"), ITSS_EINPUT);
	expect_diag(&f->d, "YAML syntax error", 2, 1);
}

static void
test_syntax_error(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "a: [1, 2\nb: 3\n"), ITSS_EINPUT);
	assert_int_equal(f->d.errors, 1);
	assert_non_null(strstr(f->d.v[0].message, "YAML syntax error"));
	assert_string_equal(f->d.v[0].file, "t.yaml");
	assert_int_equal(f->d.v[0].line, 2);
	assert_true(f->d.v[0].col >= 1);
	assert_null(f->doc.root);
}

static void
test_invalid_utf8(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "a: ok\nb: 能\xff\n"), ITSS_EINPUT);
	expect_diag(&f->d, "invalid UTF-8 (byte 0xff)", 2, 5);
	assert_int_equal(parse(f, "a: \xc0\xaf\n"), ITSS_EINPUT);
	expect_diag(&f->d, "invalid UTF-8", 1, 4);
	assert_int_equal(parse(f, "a: \xed\xa0\x80\n"), ITSS_EINPUT);
	expect_diag(&f->d, "invalid UTF-8", 1, 4);
}

static void
test_raw_nul(void **state)
{
	struct fixture *f = *state;
	static const char text[] = "a: 1\nb: x\0y\n";

	assert_int_equal(parse_n(f, text, sizeof(text) - 1), ITSS_EINPUT);
	expect_diag(&f->d, "NUL byte", 2, 5);
}

static void
test_escaped_nul(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "a: \"x\\0y\"\n"), ITSS_EINPUT);
	expect_diag(&f->d, "NUL character", 1, 4);
	assert_int_equal(parse(f, "a:\n  - \"\\x00\"\n"), ITSS_EINPUT);
	expect_diag(&f->d, "NUL character", 2, 5);
	assert_int_equal(parse(f, "\"k\\u0000\": v\n"), ITSS_EINPUT);
	expect_diag(&f->d, "NUL character", 1, 1);
}

static void
test_duplicate_keys(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "a: 1\nb: 2\na: 3\n"), ITSS_EINPUT);
	expect_diag(&f->d, "duplicate key 'a' (first at line 1, column 1)", 3, 1);
	/* Nested, and in flow style. */
	assert_int_equal(parse(f, "x:\n  y: {k: 1, k: 2}\n"), ITSS_EINPUT);
	expect_diag(&f->d, "duplicate key 'k' (first at line 2, column 7)", 2, 13);
	/* The same key in two mappings is fine. */
	assert_int_equal(parse(f, "- k: 1\n- k: 2\n"), 0);
}

static void
test_anchor_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "a: &x 1\nb: 2\n"), ITSS_EINPUT);
	expect_diag(&f->d, "anchors are not accepted (&x)", 1, 4);
	assert_int_equal(parse(f, "base: &b {k: 1}\n"), ITSS_EINPUT);
	expect_diag(&f->d, "anchors are not accepted (&b)", 1, 7);
}

static void
test_alias_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "a: 1\nb: *x\n"), ITSS_EINPUT);
	expect_diag(&f->d, "aliases are not accepted (*x)", 2, 4);
}

static void
test_cycle_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "a: &a [*a]\n"), ITSS_EINPUT);
	expect_diag(&f->d, "anchors are not accepted (&a)", 1, 4);
}

static void
test_billion_laughs(void **state)
{
	struct fixture *f = *state;
	static const char bomb[] =
	    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

	assert_int_equal(parse(f, bomb), ITSS_EINPUT);
	expect_diag(&f->d, "anchors are not accepted (&a)", 1, 4);
}

static void
test_depth_limit_flow(void **state)
{
	struct fixture *f = *state;
	char *text = malloc(400001);
	size_t i;

	assert_non_null(text);
	for (i = 0; i < 200000; i++) {
		text[i] = '[';
		text[400000 - 1 - i] = ']';
	}
	text[400000] = '\0';
	assert_int_equal(parse(f, text), ITSS_EINPUT);
	expect_diag(&f->d, "nesting deeper than 64 levels", 1, 65);
	free(text);
}

static void
test_depth_limit_block(void **state)
{
	struct fixture *f = *state;
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	int i;

	for (i = 0; i < 100; i++)
		itss_strbuf_addf(&sb, "%*sk%d:\n", i * 2, "", i);
	assert_int_equal(parse(f, sb.buf), ITSS_EINPUT);
	expect_diag(&f->d, "nesting deeper than 64 levels", 65, 129);
	/* Exactly 64 levels is fine. */
	itss_strbuf_reset(&sb);
	for (i = 0; i < 64; i++)
		itss_strbuf_addch(&sb, '[');
	for (i = 0; i < 64; i++)
		itss_strbuf_addch(&sb, ']');
	assert_int_equal(parse(f, sb.buf), 0);
	itss_strbuf_release(&sb);
}

static void
test_size_limit(void **state)
{
	struct fixture *f = *state;
	struct itss_yaml_limits lim = { 16, 64 };

	itss_yaml_doc_release(&f->doc);
	assert_int_equal(itss_yaml_parse(&f->doc, "t.yaml", "key: a long value\n",
	    18, &lim, &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "over the limit of 16", 0, 0);
}

static void
test_size_limit_file(void **state)
{
	struct fixture *f = *state;
	struct itss_yaml_limits lim = { 16, 64 };
	char path[] = "/tmp/itss-test-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "key: a long value\n", 18), 18);
	close(fd);
	assert_int_equal(itss_yaml_load(&f->doc, path, &lim, &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "over the limit of 16 bytes", 0, 0);
	unlink(path);
}

static void
test_second_document(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "a: 1\n---\nb: 2\n"), ITSS_EINPUT);
	expect_diag(&f->d, "a second YAML document", 2, 1);
	/* One explicit document is fine. */
	assert_int_equal(parse(f, "---\na: 1\n...\n"), 0);
}

static void
test_empty(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, ""), ITSS_EINPUT);
	expect_diag(&f->d, "the file is empty", 1, 1);
	assert_int_equal(parse(f, "# only a comment\n\n"), ITSS_EINPUT);
	expect_diag(&f->d, "the file is empty", 1, 1);
	assert_int_equal(parse(f, "---\n"), ITSS_EINPUT);
	expect_diag(&f->d, "the document is empty", 2, 1);
}

static void
test_tags(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "a: !python/object x\n"), ITSS_EINPUT);
	expect_diag(&f->d, "tag '!python/object' is not accepted", 1, 4);
	assert_int_equal(parse(f, "a: !!str null\n"), 0);
	assert_int_equal(itss_yaml_get(f->doc.root, "a")->type, ITSS_YAML_SCALAR);
}

static void
test_complex_key(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(parse(f, "{[a]: 1}\n"), ITSS_EINPUT);
	expect_diag(&f->d, "a mapping key must be a string, not a list", 1, 2);
}

static void
test_wrong_types(void **state)
{
	struct fixture *f = *state;
	const struct itss_yaml_node *n;
	const char *s;

	assert_int_equal(parse(f, "levels: basic\nmap: [1]\ns: [x]\n"), 0);
	n = itss_yaml_get(f->doc.root, "levels");
	assert_int_equal(itss_yaml_want("t.yaml", n, ITSS_YAML_SEQ, "'levels'",
	    &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "'levels' must be a list, not a string", 1, 9);
	n = itss_yaml_get(f->doc.root, "map");
	assert_int_equal(itss_yaml_want("t.yaml", n, ITSS_YAML_MAP, "'map'",
	    &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "'map' must be a mapping, not a list", 2, 6);
	n = itss_yaml_get(f->doc.root, "s");
	assert_int_equal(itss_yaml_string(&s, "t.yaml", n, "'s'", &f->d),
	    ITSS_EINPUT);
	expect_diag(&f->d, "'s' must be a string, not a list", 3, 4);
}

static void
test_numbers(void **state)
{
	struct fixture *f = *state;
	const struct itss_yaml_node *r;
	long v;

	assert_int_equal(parse(f, "a: 17\nb: 1x\nc: \"3\"\nd: 99999999999999999999\n"
	    "e: 0\nf: -4\n"), 0);
	r = f->doc.root;
	assert_int_equal(itss_yaml_int(&v, "t.yaml", itss_yaml_get(r, "a"), 1, 48,
	    "'a'", &f->d), 0);
	assert_int_equal(v, 17);
	assert_int_equal(itss_yaml_int(&v, "t.yaml", itss_yaml_get(r, "b"), 1, 48,
	    "'b'", &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "'b' must be a whole number, not '1x'", 2, 4);
	assert_int_equal(itss_yaml_int(&v, "t.yaml", itss_yaml_get(r, "c"), 1, 48,
	    "'c'", &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "'c' must be a whole number, not '3'", 3, 4);
	assert_int_equal(itss_yaml_int(&v, "t.yaml", itss_yaml_get(r, "d"), 1, 48,
	    "'d'", &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "'d' must be a number from 1 to 48", 4, 4);
	assert_int_equal(itss_yaml_int(&v, "t.yaml", itss_yaml_get(r, "e"), 1, 48,
	    "'e'", &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "'e' must be a number from 1 to 48, not 0", 5, 4);
	assert_int_equal(itss_yaml_int(&v, "t.yaml", itss_yaml_get(r, "f"), -5, 5,
	    "'f'", &f->d), 0);
	assert_int_equal(v, -4);
}

static void
test_dates(void **state)
{
	struct fixture *f = *state;
	const struct itss_yaml_node *r;
	int32_t day;

	assert_int_equal(parse(f, "a: 2024-02-29\nb: 2023-02-30\nc: '2023-11-29'\n"
	    "d: yesterday\n"), 0);
	r = f->doc.root;
	assert_int_equal(itss_yaml_date(&day, "t.yaml", itss_yaml_get(r, "a"),
	    "'a'", &f->d), 0);
	assert_int_equal(itss_yaml_date(&day, "t.yaml", itss_yaml_get(r, "b"),
	    "'b'", &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "'b' must be a date written YYYY-MM-DD, not '2023-02-30'",
	    2, 4);
	assert_int_equal(itss_yaml_date(&day, "t.yaml", itss_yaml_get(r, "c"),
	    "'c'", &f->d), 0);
	assert_int_equal(itss_yaml_date(&day, "t.yaml", itss_yaml_get(r, "d"),
	    "'d'", &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "not 'yesterday'", 4, 4);
}

static void
test_check_keys(void **state)
{
	struct fixture *f = *state;
	static const char *const allowed[] = { "id", "name", NULL };
	static const char *const required[] = { "id", "name", NULL };

	assert_int_equal(parse(f, "id: x\nnmae: y\n"), 0);
	assert_int_equal(itss_yaml_check_keys("t.yaml", f->doc.root, allowed,
	    required, &f->d), 2);
	expect_diag(&f->d, "unknown key 'nmae' (known here: id, name)", 2, 1);
	expect_diag(&f->d, "missing key 'name'", 1, 1);
}

static void
test_load_errors(void **state)
{
	struct fixture *f = *state;
	char dir[] = "/tmp/itss-test-XXXXXX";
	char *fifo;

	assert_int_equal(itss_yaml_load(&f->doc, "/nonexistent/x.yaml", NULL,
	    &f->d), ITSS_EIO);
	expect_diag(&f->d, "cannot read: No such file or directory", 0, 0);

	/* A FIFO must be refused, not waited on. */
	assert_non_null(mkdtemp(dir));
	fifo = itss_xasprintf("%s/fifo.yaml", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(itss_yaml_load(&f->doc, fifo, NULL, &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "not a regular file", 0, 0);
	unlink(fifo);
	rmdir(dir);
	free(fifo);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_tree_and_positions),
		T(test_columns_count_characters),
		T(test_bom_and_crlf),
		T(test_syntax_error),
		T(test_invalid_utf8),
		T(test_raw_nul),
		T(test_escaped_nul),
		T(test_duplicate_keys),
		T(test_anchor_refused),
		T(test_alias_refused),
		T(test_cycle_refused),
		T(test_billion_laughs),
		T(test_depth_limit_flow),
		T(test_depth_limit_block),
		T(test_size_limit),
		T(test_size_limit_file),
		T(test_second_document),
		T(test_empty),
		T(test_tags),
		T(test_complex_key),
		T(test_wrong_types),
		T(test_numbers),
		T(test_dates),
		T(test_check_keys),
		T(test_load_errors),
	};
	return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
