/*
 * ledger.h - the index of saved assessments (ledger.c): the files of
 * assessments/ (saved.h) as the import reads them, so that a result can be
 * listed, reproduced and trusted (the model's SHA-256, the evidence's
 * fingerprint, the git commit) and compared.
 */
#ifndef ITSS_LEDGER_H
#define ITSS_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "itss/diag.h"
#include "itss/saved.h"
#include "itss/store.h"

/*
 * Save a in one transaction; *out is its number in the ledger. Returns 0
 * or ITSS_EIO (nothing saved).
 */
int itss_ledger_save(int64_t *out, struct itss_store *s,
    const struct itss_saved *a, struct itss_diags *d);
/*
 * Call fn with each saved assessment's header (no levels, no
 * requirements), oldest first; a is valid during the call. Returns 0,
 * ITSS_EIO, or what fn returned when non-zero (which stops the walk).
 */
int itss_ledger_history(struct itss_store *s,
    int (*fn)(void *ctx, const struct itss_saved *a), void *ctx,
    struct itss_diags *d);
/*
 * Load one, whole, into *out (released by the caller, also on failure).
 * Returns 0, ITSS_EINPUT when there is no such id, or ITSS_EIO.
 */
int itss_ledger_load(struct itss_saved *out, struct itss_store *s,
    int64_t id, struct itss_diags *d);

#endif
