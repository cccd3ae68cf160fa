/*
 * yaml.c - the YAML reader: libyaml's events into a located tree.
 *
 * Why events and not yaml_parser_load(): the loader expands aliases into
 * shared nodes (a 342-byte "billion laughs" explodes in any walker, and
 * `a: &a [*a]` is a cycle), keeps only the first document, has no nesting
 * limit and accepts duplicate keys. Driving the parser event by event lets
 * us refuse each of those where it happens, with its position.
 *
 * Deep nesting: libyaml's scanner re-checks every open flow level for stale
 * simple keys at each token, so a file nested n levels deep costs O(n^2)
 * (400 KB of '[' takes minutes). The scanner is lazy -- it reads ahead at
 * most 1024 characters past the token it returns -- so stopping at the
 * first event that crosses max_depth bounds that cost to the limit, long
 * before the quadratic term can grow.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "itss/i18n.h"
#include "itss/yaml.h"

const struct itss_yaml_limits itss_yaml_default_limits = {
	16u << 20,
	64,
};

struct parse {
	const char *file;
	const char *buf;
	size_t len;
	const struct itss_yaml_limits *lim;
	struct itss_diags *d;
	struct itss_arena arena;	/* nodes and strings of the document */
	struct itss_yaml_node **stack;	/* open sequences and mappings */
	size_t depth, stack_alloc;
	struct itss_yaml_node *root;
	int failed;
};

static void
error_at(struct parse *p, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
error_at(struct parse *p, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	itss_diags_vadd(p->d, ITSS_ERROR, p->file, line, col, fmt, ap);
	va_end(ap);
	p->failed = 1;
}

/* Line and column (1-based, in characters) of a byte offset in the input. */
static void
position_of(const char *buf, size_t off, unsigned *line, unsigned *col)
{
	size_t i;
	unsigned l = 1, c = 1;

	for (i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)buf[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static struct itss_yaml_node *
new_node(struct parse *p, enum itss_yaml_type type, const yaml_mark_t *mark)
{
	struct itss_yaml_node *n = itss_arena_alloc(&p->arena, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->type = type;
	n->line = (unsigned)mark->line + 1;
	n->col = (unsigned)mark->column + 1;
	return n;
}

static void
add_child(struct parse *p, struct itss_yaml_node *parent,
    struct itss_yaml_node *kid)
{
	if (parent->n == parent->alloc) {
		size_t alloc = parent->alloc ? parent->alloc * 2 : 8;
		struct itss_yaml_node **v = itss_arena_alloc(&p->arena, alloc * sizeof(*v));
		if (parent->n)
			memcpy(v, parent->kid, parent->n * sizeof(*v));
		parent->kid = v;
		parent->alloc = alloc;
	}
	parent->kid[parent->n++] = kid;
}

/* Attach a finished node to the open container, or make it the root. */
static void
attach(struct parse *p, struct itss_yaml_node *n)
{
	struct itss_yaml_node *top;

	if (!p->depth) {
		p->root = n;
		return;
	}
	top = p->stack[p->depth - 1];
	if (top->type == ITSS_YAML_MAP && top->n % 2 == 0 &&
	    n->type != ITSS_YAML_SCALAR && n->type != ITSS_YAML_NULL) {
		error_at(p, n->line, n->col,
		    _("a mapping key must be a string, not %s"),
		    itss_yaml_type_name(n));
		return;
	}
	add_child(p, top, n);
}

static int
cmp_key(const void *a, const void *b)
{
	const struct itss_yaml_node *x = *(const struct itss_yaml_node *const *)a;
	const struct itss_yaml_node *y = *(const struct itss_yaml_node *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->value, y->value, n);

	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	/* Equal keys: in the order they were written. */
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/*
 * Duplicate keys, found by sorting a copy of the keys: O(k log k), so a
 * hostile mapping of a hundred thousand keys costs nothing much.
 */
static void
check_duplicates(struct parse *p, const struct itss_yaml_node *map)
{
	size_t k = map->n / 2, i;
	const struct itss_yaml_node **keys;

	if (k < 2)
		return;
	keys = itss_xmalloc(k * sizeof(*keys));
	for (i = 0; i < k; i++)
		keys[i] = map->kid[2 * i];
	qsort(keys, k, sizeof(*keys), cmp_key);
	for (i = 1; i < k; i++) {
		const struct itss_yaml_node *a = keys[i - 1], *b = keys[i];
		if (a->len == b->len && !memcmp(a->value, b->value, a->len))
			error_at(p, b->line, b->col,
			    _("duplicate key '%s' (first at line %u, column %u); "
			    "a key may appear once in a mapping"),
			    b->value, a->line, a->col);
	}
	free(keys);
}

static int
is_null_plain(const char *v, size_t len)
{
	return len == 0 || (len == 1 && v[0] == '~') ||
	    (len == 4 && (!memcmp(v, "null", 4) || !memcmp(v, "Null", 4) ||
	    !memcmp(v, "NULL", 4)));
}

/* Tags we accept: the core schema's, which change nothing for us. */
static int
tag_ok(const unsigned char *tag, int *force_string)
{
	static const char core[] = "tag:yaml.org,2002:";
	const char *t = (const char *)tag;

	*force_string = 0;
	if (!tag || !strcmp(t, "!"))
		return 1;
	if (strncmp(t, core, sizeof(core) - 1))
		return 0;
	t += sizeof(core) - 1;
	if (!strcmp(t, "str")) {
		*force_string = 1;
		return 1;
	}
	return !strcmp(t, "seq") || !strcmp(t, "map");
}

static int
check_anchor_tag(struct parse *p, const yaml_event_t *ev,
    const unsigned char *anchor, const unsigned char *tag, int *force_string)
{
	unsigned line = (unsigned)ev->start_mark.line + 1;
	unsigned col = (unsigned)ev->start_mark.column + 1;

	if (anchor) {
		error_at(p, line, col,
		    _("anchors are not accepted (&%s): write the value out in full"),
		    (const char *)anchor);
		return -1;
	}
	if (!tag_ok(tag, force_string)) {
		error_at(p, line, col,
		    _("tag '%s' is not accepted: remove it; itss reads every "
		    "value as text and checks its type itself"), (const char *)tag);
		return -1;
	}
	return 0;
}

static void
on_scalar(struct parse *p, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	int force_string;
	struct itss_yaml_node *n;
	char *copy;
	size_t bad;

	if (check_anchor_tag(p, ev, ev->data.scalar.anchor, ev->data.scalar.tag,
	    &force_string) < 0)
		return;
	if (memchr(v, '\0', len)) {
		error_at(p, (unsigned)ev->start_mark.line + 1,
		    (unsigned)ev->start_mark.column + 1,
		    _("a NUL character (\\0) is not allowed in a string"));
		return;
	}
	/*
	 * The input was checked as a whole; only escapes (\x.. \u.. in a
	 * double-quoted scalar) can make a character that was not there.
	 */
	bad = ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ?
	    itss_utf8_check(v, len) : (size_t)-1;
	if (bad != (size_t)-1) {
		error_at(p, (unsigned)ev->start_mark.line + 1,
		    (unsigned)ev->start_mark.column + 1,
		    _("the string holds a character that is not valid Unicode "
		    "(byte %zu of the value)"), bad + 1);
		return;
	}
	n = new_node(p, plain && !force_string && is_null_plain(v, len) ?
	    ITSS_YAML_NULL : ITSS_YAML_SCALAR, &ev->start_mark);
	copy = itss_arena_alloc(&p->arena, len + 1);
	memcpy(copy, v, len);
	copy[len] = '\0';
	n->value = copy;
	n->len = len;
	n->plain = plain && !force_string;
	n->end_line = (unsigned)ev->end_mark.line + 1;
	n->end_col = (unsigned)ev->end_mark.column + 1;
	attach(p, n);
}

static void
on_start(struct parse *p, const yaml_event_t *ev, enum itss_yaml_type type)
{
	const unsigned char *anchor, *tag;
	struct itss_yaml_node *n;
	int force_string;

	if (type == ITSS_YAML_SEQ) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	} else {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	}
	if (check_anchor_tag(p, ev, anchor, tag, &force_string) < 0)
		return;
	if (p->depth >= p->lim->max_depth) {
		error_at(p, (unsigned)ev->start_mark.line + 1,
		    (unsigned)ev->start_mark.column + 1,
		    _("nesting deeper than %u levels: no itss file needs that much; "
		    "flatten the data"), p->lim->max_depth);
		return;
	}
	n = new_node(p, type, &ev->start_mark);
	n->flow = type == ITSS_YAML_SEQ ?
	    ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE :
	    ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	attach(p, n);
	itss_xgrow((void **)&p->stack, &p->stack_alloc, p->depth + 1,
	    sizeof(*p->stack));
	p->stack[p->depth++] = n;
}

static void
on_end(struct parse *p, const yaml_event_t *ev)
{
	struct itss_yaml_node *n;

	if (!p->depth)
		return;	/* the start was refused; parsing stops anyway */
	n = p->stack[--p->depth];
	n->end_line = (unsigned)ev->end_mark.line + 1;
	n->end_col = (unsigned)ev->end_mark.column + 1;
	if (n->type == ITSS_YAML_MAP)
		check_duplicates(p, n);
}

/* libyaml's own error, located and explained. */
static void
libyaml_error(struct parse *p, const yaml_parser_t *parser)
{
	unsigned line = (unsigned)parser->problem_mark.line + 1;
	unsigned col = (unsigned)parser->problem_mark.column + 1;
	const char *problem = parser->problem ? parser->problem : _("cannot parse");

	if (parser->error == YAML_MEMORY_ERROR) {
		error_at(p, 0, 0, _("out of memory while parsing"));
		return;
	}
	if (parser->context)
		error_at(p, line, col, _("YAML syntax error: %s %s (line %u, column %u)"),
		    problem, parser->context,
		    (unsigned)parser->context_mark.line + 1,
		    (unsigned)parser->context_mark.column + 1);
	else
		error_at(p, line, col, _("YAML syntax error: %s"), problem);
}

/* Refusals that need the raw bytes: NUL and invalid UTF-8. */
static int
prescan(struct parse *p)
{
	const char *nul = memchr(p->buf, '\0', p->len);
	size_t bad = itss_utf8_check(p->buf, nul ? (size_t)(nul - p->buf) : p->len);
	unsigned line, col;

	if (bad != (size_t)-1) {
		position_of(p->buf, bad, &line, &col);
		error_at(p, line, col,
		    _("invalid UTF-8 (byte 0x%02x): save the file as UTF-8"),
		    (unsigned char)p->buf[bad]);
		return -1;
	}
	if (nul) {
		position_of(p->buf, (size_t)(nul - p->buf), &line, &col);
		error_at(p, line, col,
		    _("a NUL byte is not allowed in a YAML file: is it a binary file?"));
		return -1;
	}
	return 0;
}

int
itss_yaml_parse(struct itss_yaml_doc *out, const char *file, const char *buf,
    size_t len, const struct itss_yaml_limits *lim, struct itss_diags *d)
{
	struct parse p;
	yaml_parser_t parser;
	yaml_event_t ev;
	unsigned docs = 0;
	int done = 0;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.file = file;
	p.buf = buf;
	p.len = len;
	p.lim = lim ? lim : &itss_yaml_default_limits;
	p.d = d;

	/*
	 * A UTF-8 byte-order mark, as some editors write: skipped here, since
	 * libyaml would count it as column 1 of the first line.
	 */
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
		p.buf = buf += 3;
		p.len = len -= 3;
	}
	if (len > p.lim->max_bytes) {
		error_at(&p, 0, 0, _("the file is %zu bytes, over the limit of %zu"),
		    len, p.lim->max_bytes);
		return ITSS_EINPUT;
	}
	if (prescan(&p) < 0)
		return ITSS_EINPUT;

	if (!yaml_parser_initialize(&parser)) {
		error_at(&p, 0, 0, _("out of memory"));
		return ITSS_EINPUT;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done && !p.failed) {
		if (!yaml_parser_parse(&parser, &ev)) {
			libyaml_error(&p, &parser);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				error_at(&p, (unsigned)ev.start_mark.line + 1,
				    (unsigned)ev.start_mark.column + 1,
				    _("a second YAML document: an itss file holds "
				    "one document; split it into two files"));
			break;
		case YAML_ALIAS_EVENT:
			error_at(&p, (unsigned)ev.start_mark.line + 1,
			    (unsigned)ev.start_mark.column + 1,
			    _("aliases are not accepted (*%s): write the value "
			    "out in full"), (const char *)ev.data.alias.anchor);
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(&p, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_start(&p, &ev, ITSS_YAML_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			on_start(&p, &ev, ITSS_YAML_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(&p, &ev);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(p.stack);

	if (!p.failed && !p.root)
		error_at(&p, 1, 1, _("the file is empty: it must hold a YAML mapping "
		    "or list"));
	else if (!p.failed && p.root->type == ITSS_YAML_NULL)
		error_at(&p, p.root->line, p.root->col,
		    _("the document is empty: it must hold a YAML mapping or list"));
	if (p.failed) {
		itss_arena_release(&p.arena);
		return ITSS_EINPUT;
	}
	out->file = itss_xstrdup(file);
	out->root = p.root;
	out->arena = p.arena;
	return 0;
}

int
itss_yaml_read_file(char **out, size_t *len, const char *path, size_t max,
    struct itss_diags *d)
{
	if (itss_read_file(out, len, path, max) == 0)
		return 0;
	if (errno == EFBIG) {
		itss_diags_add(d, ITSS_ERROR, path, 0, 0,
		    _("the file is over the limit of %zu bytes"), max);
		return ITSS_EINPUT;
	}
	if (errno == EINVAL) {
		itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("not a regular file"));
		return ITSS_EINPUT;
	}
	itss_diags_add(d, ITSS_ERROR, path, 0, 0, _("cannot read: %s"),
	    strerror(errno));
	return ITSS_EIO;
}

int
itss_yaml_load(struct itss_yaml_doc *out, const char *path,
    const struct itss_yaml_limits *lim, struct itss_diags *d)
{
	const struct itss_yaml_limits *l = lim ? lim : &itss_yaml_default_limits;
	char *buf;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = itss_yaml_read_file(&buf, &len, path, l->max_bytes, d)) < 0)
		return rc;
	rc = itss_yaml_parse(out, path, buf, len, l, d);
	free(buf);
	return rc;
}

void
itss_yaml_doc_release(struct itss_yaml_doc *doc)
{
	free(doc->file);
	itss_arena_release(&doc->arena);
	memset(doc, 0, sizeof(*doc));
}

const char *
itss_yaml_type_name(const struct itss_yaml_node *n)
{
	if (!n)
		return _("nothing");
	switch (n->type) {
	case ITSS_YAML_NULL:
		return _("an empty value");
	case ITSS_YAML_SCALAR:
		return _("a string");
	case ITSS_YAML_SEQ:
		return _("a list");
	case ITSS_YAML_MAP:
		return _("a mapping");
	}
	return "?";
}

const struct itss_yaml_node *
itss_yaml_get(const struct itss_yaml_node *map, const char *key)
{
	size_t i, len = strlen(key);

	if (!map || map->type != ITSS_YAML_MAP)
		return NULL;
	for (i = 0; i + 1 < map->n; i += 2) {
		const struct itss_yaml_node *k = map->kid[i];
		if (k->len == len && !memcmp(k->value, key, len))
			return map->kid[i + 1];
	}
	return NULL;
}

int
itss_yaml_want(const char *file, const struct itss_yaml_node *n,
    enum itss_yaml_type type, const char *what, struct itss_diags *d)
{
	static const char *const want[] = {
		N_("empty"), N_("a string"), N_("a list"), N_("a mapping"),
	};

	if (n && n->type == type)
		return 0;
	itss_diags_add(d, ITSS_ERROR, file, n ? n->line : 0, n ? n->col : 0,
	    _("%s must be %s, not %s"), _(what), _(want[type]), itss_yaml_type_name(n));
	return ITSS_EINPUT;
}

int
itss_yaml_string(const char **out, const char *file,
    const struct itss_yaml_node *n, const char *what, struct itss_diags *d)
{
	if (itss_yaml_want(file, n, ITSS_YAML_SCALAR, what, d) < 0)
		return ITSS_EINPUT;
	if (!n->len) {
		itss_diags_add(d, ITSS_ERROR, file, n->line, n->col,
		    _("%s must not be empty"), _(what));
		return ITSS_EINPUT;
	}
	*out = n->value;
	return 0;
}

int
itss_yaml_int(long *out, const char *file, const struct itss_yaml_node *n,
    long min, long max, const char *what, struct itss_diags *d)
{
	const char *s;
	long v = 0;
	size_t i = 0;
	int neg = 0;

	if (itss_yaml_want(file, n, ITSS_YAML_SCALAR, what, d) < 0)
		return ITSS_EINPUT;
	s = n->value;
	if (!n->plain)
		goto bad;
	if (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-';
		i++;
	}
	if (i >= n->len)
		goto bad;
	for (; i < n->len; i++) {
		if (s[i] < '0' || s[i] > '9')
			goto bad;
		if (v > (LONG_MAX - (s[i] - '0')) / 10)
			goto range;
		v = v * 10 + (s[i] - '0');
	}
	if (neg)
		v = -v;
	if (v < min || v > max)
		goto range;
	*out = v;
	return 0;
bad:
	itss_diags_add(d, ITSS_ERROR, file, n->line, n->col,
	    _("%s must be a whole number, not '%s'"), _(what), s);
	return ITSS_EINPUT;
range:
	itss_diags_add(d, ITSS_ERROR, file, n->line, n->col,
	    _("%s must be a number from %ld to %ld, not %s"), _(what), min, max, s);
	return ITSS_EINPUT;
}

int
itss_yaml_date(int32_t *out, const char *file, const struct itss_yaml_node *n,
    const char *what, struct itss_diags *d)
{
	if (itss_yaml_want(file, n, ITSS_YAML_SCALAR, what, d) < 0)
		return ITSS_EINPUT;
	if (itss_date_parse(out, n->value, n->len) < 0) {
		itss_diags_add(d, ITSS_ERROR, file, n->line, n->col,
		    _("%s must be a date written YYYY-MM-DD, not '%s'"), _(what),
		    n->value);
		return ITSS_EINPUT;
	}
	return 0;
}

size_t
itss_yaml_check_keys(const char *file, const struct itss_yaml_node *map,
    const char *const *allowed, const char *const *required,
    struct itss_diags *d)
{
	size_t i, problems = 0;

	for (i = 0; i + 1 < map->n; i += 2) {
		const struct itss_yaml_node *k = map->kid[i];
		const char *const *a;
		for (a = allowed; *a; a++)
			if (!strcmp(*a, k->value))
				break;
		if (!*a) {
			struct itss_strbuf sb = ITSS_STRBUF_INIT;
			for (a = allowed; *a; a++)
				itss_strbuf_addf(&sb, "%s%s", a == allowed ? "" : ", ", *a);
			itss_diags_add(d, ITSS_ERROR, file, k->line, k->col,
			    _("unknown key '%s' (known here: %s)"), k->value, sb.buf);
			itss_strbuf_release(&sb);
			problems++;
		}
	}
	for (; required && *required; required++) {
		if (!itss_yaml_get(map, *required)) {
			itss_diags_add(d, ITSS_ERROR, file, map->line, map->col,
			    _("missing key '%s'"), *required);
			problems++;
		}
	}
	return problems;
}
