/*
 * json.c - the JSON writer.
 */
#include <assert.h>

#include "itss/json.h"

void
itss_json_init(struct itss_json *j, struct itss_strbuf *out)
{
	j->out = out;
	j->depth = 0;
	j->count[0] = 0;
	j->after_key = 0;
}

static void
indent(struct itss_json *j)
{
	int i;

	itss_strbuf_addch(j->out, '\n');
	for (i = 0; i < j->depth; i++)
		itss_strbuf_addstr(j->out, "  ");
}

/* Before any value: a comma and a new line, unless it follows a key. */
static void
value(struct itss_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth) {
		if (j->count[j->depth]++)
			itss_strbuf_addch(j->out, ',');
		indent(j);
	}
}

static void
open_value(struct itss_json *j, char c, char close)
{
	value(j);
	itss_strbuf_addch(j->out, c);
	assert(j->depth + 1 < ITSS_JSON_MAX_DEPTH);
	j->close[j->depth] = close;
	j->depth++;
	j->count[j->depth] = 0;
}

void
itss_json_object(struct itss_json *j)
{
	open_value(j, '{', '}');
}

void
itss_json_array(struct itss_json *j)
{
	open_value(j, '[', ']');
}

void
itss_json_end(struct itss_json *j)
{
	int had = j->count[j->depth];

	assert(j->depth > 0);
	j->depth--;
	if (had)
		indent(j);
	itss_strbuf_addch(j->out, j->close[j->depth]);
}

static void
quoted(struct itss_json *j, const char *s)
{
	itss_strbuf_addch(j->out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': itss_strbuf_addstr(j->out, "\\\""); break;
		case '\\': itss_strbuf_addstr(j->out, "\\\\"); break;
		case '\n': itss_strbuf_addstr(j->out, "\\n"); break;
		case '\r': itss_strbuf_addstr(j->out, "\\r"); break;
		case '\t': itss_strbuf_addstr(j->out, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				itss_strbuf_addf(j->out, "\\u%04x", c);
			else
				itss_strbuf_addch(j->out, c);
		}
	}
	itss_strbuf_addch(j->out, '"');
}

void
itss_json_key(struct itss_json *j, const char *key)
{
	value(j);
	quoted(j, key);
	itss_strbuf_addstr(j->out, ": ");
	j->after_key = 1;
}

void
itss_json_string(struct itss_json *j, const char *s)
{
	value(j);
	if (s)
		quoted(j, s);
	else
		itss_strbuf_addstr(j->out, "null");
}

void
itss_json_int(struct itss_json *j, long long v)
{
	value(j);
	itss_strbuf_addf(j->out, "%lld", v);
}

void
itss_json_number(struct itss_json *j, double v)
{
	value(j);
	/* A score: at most a few decimals, never an exponent. */
	itss_strbuf_addf(j->out, "%.10g", v);
}

void
itss_json_null(struct itss_json *j)
{
	value(j);
	itss_strbuf_addstr(j->out, "null");
}

void
itss_json_bool(struct itss_json *j, int v)
{
	value(j);
	itss_strbuf_addstr(j->out, v ? "true" : "false");
}

void
itss_json_finish(struct itss_json *j)
{
	assert(j->depth == 0);
	itss_strbuf_addch(j->out, '\n');
}

void
itss_json_kv_string(struct itss_json *j, const char *key, const char *s)
{
	itss_json_key(j, key);
	itss_json_string(j, s);
}

void
itss_json_kv_int(struct itss_json *j, const char *key, long long v)
{
	itss_json_key(j, key);
	itss_json_int(j, v);
}

void
itss_json_kv_bool(struct itss_json *j, const char *key, int v)
{
	itss_json_key(j, key);
	itss_json_bool(j, v);
}
