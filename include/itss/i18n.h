/*
 * i18n.h - messages in the user's language, by GNU gettext (libintl is in
 * glibc): English message ids in the code, the translations in po/LANG.po,
 * the catalogue chosen by the locale (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG) as every GNU tool does. main() binds the domain; the library only
 * marks and looks up.
 *
 * _() translates now; N_() marks a string translated where it is used;
 * P_() picks the plural form. xgettext extracts all three (Makefile, pot).
 *
 * The workbook follows the repository's language, not the terminal's:
 * text it takes from the library (the engine's reasons) goes through an
 * itss_tr, which is gettext for the terminal, the built-in copy of a
 * catalogue (itss_tr_lang) for a workbook, or NULL for the message ids
 * themselves (what saved assessments and JSON keep).
 */
#ifndef ITSS_I18N_H
#define ITSS_I18N_H

#include <libintl.h>

#define ITSS_DOMAIN "itss"

#define _(s) dgettext(ITSS_DOMAIN, s)
#define N_(s) (s)
#define P_(s, p, n) dngettext(ITSS_DOMAIN, s, p, (unsigned long)(n))

/* A translator: a message id to its text, and the plural form for n. */
struct itss_tr {
	const char *(*text)(const char *msgid);
	const char *(*plural)(const char *msgid, const char *plural,
	    unsigned long n);
};

/* gettext, by the locale. */
extern const struct itss_tr itss_tr_gettext;

/*
 * The built-in copy of a language's catalogue ("zh-CN", "zh_CN", "zh"),
 * made from po/zh_CN.po by the build: the same text on every machine,
 * whatever its locales. NULL for English and for a language without one.
 */
const struct itss_tr *itss_tr_lang(const char *lang);

/*
 * Whether tr gives another language than the English ids: gettext when a
 * catalogue is in use for the locale (its header, the translation of "",
 * is found), a built-in copy always, NULL never.
 */
int itss_tr_active(const struct itss_tr *tr);

/* Through tr, or msgid itself when tr is NULL. */
const char *itss_tr_text(const struct itss_tr *tr, const char *msgid);
const char *itss_tr_plural(const struct itss_tr *tr, const char *msgid,
    const char *plural, unsigned long n);

#endif
