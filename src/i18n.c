/*
 * i18n.c - the translators of i18n.h: gettext by the locale, and the
 * built-in copies of the catalogues, for a workbook that must read the
 * same on every machine (its language is the repository's).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "itss/i18n.h"

static const char *
gettext_text(const char *msgid)
{
	return dgettext(ITSS_DOMAIN, msgid);
}

static const char *
gettext_plural(const char *msgid, const char *plural, unsigned long n)
{
	return dngettext(ITSS_DOMAIN, msgid, plural, n);
}

const struct itss_tr itss_tr_gettext = { gettext_text, gettext_plural };

/* po/zh_CN.po, as tools/po2c.awk writes it at build time. */
struct entry {
	const char *id, *plural, *str;
};

static struct entry zh_CN[] = {
#include "catalog_zh_CN.inc"
};

static pthread_once_t zh_CN_once = PTHREAD_ONCE_INIT;

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->id,
	    ((const struct entry *)b)->id);
}

static void
zh_CN_sort(void)
{
	qsort(zh_CN, sizeof(zh_CN) / sizeof(zh_CN[0]), sizeof(zh_CN[0]),
	    entry_cmp);
}

static const struct entry *
zh_CN_find(const char *msgid)
{
	struct entry key = { msgid, NULL, NULL };

	if (pthread_once(&zh_CN_once, zh_CN_sort) != 0)
		return NULL;
	return bsearch(&key, zh_CN, sizeof(zh_CN) / sizeof(zh_CN[0]),
	    sizeof(zh_CN[0]), entry_cmp);
}

static const char *
zh_CN_text(const char *msgid)
{
	const struct entry *e = zh_CN_find(msgid);

	return e ? e->str : msgid;
}

/* Chinese has one form (nplurals=1): msgstr[0] for every n. */
static const char *
zh_CN_plural(const char *msgid, const char *plural, unsigned long n)
{
	const struct entry *e = zh_CN_find(msgid);

	if (e && e->plural)
		return e->str;
	return n == 1 ? msgid : plural;
}

static const struct itss_tr tr_zh_CN = { zh_CN_text, zh_CN_plural };

const struct itss_tr *
itss_tr_lang(const char *lang)
{
	if (lang && (!strcmp(lang, "zh-CN") || !strcmp(lang, "zh_CN") ||
	    !strcmp(lang, "zh")))
		return &tr_zh_CN;
	return NULL;
}

int
itss_tr_active(const struct itss_tr *tr)
{
	if (!tr)
		return 0;
	if (tr == &itss_tr_gettext)
		return *dgettext(ITSS_DOMAIN, "") != '\0';
	return 1;
}

const char *
itss_tr_text(const struct itss_tr *tr, const char *msgid)
{
	return tr ? tr->text(msgid) : msgid;
}

const char *
itss_tr_plural(const struct itss_tr *tr, const char *msgid,
    const char *plural, unsigned long n)
{
	if (tr)
		return tr->plural(msgid, plural, n);
	return n == 1 ? msgid : plural;
}
