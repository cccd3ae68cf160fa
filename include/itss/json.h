/*
 * json.h - writing JSON into a strbuf, indented, keys in the order given.
 *
 * The writer tracks nesting and commas; strings are escaped as RFC 8259
 * asks (", \ and control characters), and UTF-8 passes through unchanged.
 * The caller writes well-formed UTF-8: everything in itss has been
 * checked on the way in.
 */
#ifndef ITSS_JSON_H
#define ITSS_JSON_H

#include "itss/util.h"

#define ITSS_JSON_MAX_DEPTH 32

struct itss_json {
	struct itss_strbuf *out;
	int depth;
	int count[ITSS_JSON_MAX_DEPTH];	/* values written at each depth */
	char close[ITSS_JSON_MAX_DEPTH];	/* what ends each open value */
	int after_key;
};

void itss_json_init(struct itss_json *j, struct itss_strbuf *out);
void itss_json_object(struct itss_json *j);	/* { */
void itss_json_array(struct itss_json *j);	/* [ */
void itss_json_end(struct itss_json *j);	/* } or ] */
void itss_json_key(struct itss_json *j, const char *key);
void itss_json_string(struct itss_json *j, const char *s);	/* NULL: null */
void itss_json_int(struct itss_json *j, long long v);
void itss_json_number(struct itss_json *j, double v);	/* finite */
void itss_json_null(struct itss_json *j);
void itss_json_bool(struct itss_json *j, int v);
/* A member of an object: the key, then the value. */
void itss_json_kv_string(struct itss_json *j, const char *key, const char *s);
void itss_json_kv_int(struct itss_json *j, const char *key, long long v);
void itss_json_kv_bool(struct itss_json *j, const char *key, int v);
/* Finish: a newline after the top-level value. */
void itss_json_finish(struct itss_json *j);

#endif
