/*
 * saved.h - a saved assessment as a file of the repository
 * (assessments/NAME.json, itss-evidence(5)): the JSON `itss assess --json`
 * prints, a "saved" member (when, the model's SHA-256, the git commit and
 * whether the work tree was clean) and, last, a "digest" of all the rest,
 * so that a file edited by hand is known as such. The files are the
 * truth; the ledger (ledger.h) indexes them.
 */
#ifndef ITSS_SAVED_H
#define ITSS_SAVED_H

#include <stddef.h>

#include "itss/diag.h"
#include "itss/ledger.h"

#define ITSS_ASSESSMENT_DIR "assessments"

/*
 * Seal the JSON text in sb (one object, ending "}\n", as itss_json
 * writes it): append the "digest" member, the SHA-256 of the text before
 * it.
 */
void itss_saved_seal(struct itss_strbuf *sb);

/* 1 when buf is sealed and its digest matches; 0 otherwise. */
int itss_saved_digest_ok(const char *buf, size_t len);

/*
 * Read a saved assessment file (source names it in diagnostics) into *out
 * (released by the caller with itss_saved_release, also on failure):
 * its header, levels (domains and items) and requirements, and
 * out->edited when its digest does not match. Returns 0, or ITSS_EINPUT
 * with located errors when it is not a saved assessment at all.
 */
int itss_saved_read(struct itss_saved *out, const char *source,
    const char *buf, size_t len, struct itss_diags *d);

#endif
