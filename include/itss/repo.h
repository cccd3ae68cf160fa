/*
 * repo.h - the evidence repository: its root, itss.yaml, and the rule that
 * no path in it reaches outside.
 *
 * An evidence repository is a directory (normally a git work tree) with
 * itss.yaml at its root, evidence records under evidence/, judgements
 * under judgements/ and the index under .itss/ (itss-evidence(5)).
 */
#ifndef ITSS_REPO_H
#define ITSS_REPO_H

#include <stdint.h>
#include <sys/stat.h>

#include "itss/diag.h"
#include "itss/model.h"
#include "itss/yaml.h"

#define ITSS_CONFIG "itss.yaml"
#define ITSS_EVIDENCE_DIR "evidence"
#define ITSS_JUDGEMENT_DIR "judgements"
#define ITSS_STATE_DIR ".itss"
#define ITSS_INDEX ".itss/index.db"

/*
 * The certificate itss.yaml records (level, number, issued, expires):
 * valid three years, with a surveillance assessment (监督评估) due each
 * year from the issue date and the re-assessment (再评估) to apply for six
 * months before it expires.
 */
struct itss_certificate {
	int given;
	const char *level, *number;	/* as written; number may be NULL */
	int32_t issued, expires;
	unsigned line, col;
};

enum itss_cert_what {
	ITSS_CERT_SURVEILLANCE,		/* n: the first, second, ... */
	ITSS_CERT_REASSESSMENT,		/* the day to apply by */
	ITSS_CERT_EXPIRY,
};

struct itss_cert_date {
	enum itss_cert_what what;
	int n;
	int32_t date;
};

/*
 * The certificate's calendar, in date order: each surveillance (the issue
 * date's anniversaries before expiry; 29 February falls on the 28th), the
 * re-assessment application (six months before expiry) and the expiry.
 * Returns how many (at most 8) are in out.
 */
size_t itss_certificate_calendar(const struct itss_certificate *c,
    struct itss_cert_date out[8]);

struct itss_repo {
	char *root;			/* absolute, symbolic links resolved */
	int rootfd;			/* the root, opened: paths go from it */
	const char *organisation;
	const char *model;		/* a model id, or a path relative to root */
	const char *target;		/* a level as written, or NULL */
	unsigned target_line, target_col;
	/*
	 * The other models it is assessed against (`models:` beyond the
	 * first, which is model): records cite their requirements as
	 * MODEL:ID. Each with its target as written, or NULL.
	 */
	struct itss_repo_model {
		const char *spec;	/* an id, or a path relative to root */
		const char *target;
		unsigned line, col;
	} *also;
	size_t nalso;
	int32_t period_from, period_to;	/* INT32_MIN when not given */
	struct itss_window window;	/* default window for 定期; 0s: the model's */
	double eval_threshold;		/* a score under it is a finding; -1: none */
	int english;			/* language: en (the workbook's words) */
	double eval_scale[2];		/* the scale scores are on, when given */
	const double *scale;		/* eval_scale, or NULL: the model's */
	unsigned eval_threshold_line, eval_threshold_col;
	/* The planned assessment date (what evidence requests are due by);
	 * INT32_MIN when not given. */
	int32_t assessment_date;
	/* owners: who answers for an item or a domain (keys an item's number,
	 * id or name, or a domain's id or name; values names); or NULL. */
	const struct itss_yaml_node *owners;
	struct itss_certificate cert;
	/* sign_off: true -- an approved record counts only when signed off
	 * by someone other than its owner, its files' SHA-256s recorded. */
	int sign_off;
	struct itss_yaml_doc doc;
};

/*
 * Who answers for item it (NULL: a domain-wide requirement) of domain dom
 * in itss.yaml's owners: the item's entry, else its domain's; NULL when
 * neither is given.
 */
const char *itss_repo_owner(const struct itss_repo *r,
    const struct itss_model *m, const struct itss_item *it,
    const struct itss_domain *dom);

/*
 * Find the repository containing dir: the nearest directory at or above it
 * holding itss.yaml. Returns 0 with *out (absolute; the caller frees it),
 * ITSS_EINPUT with an error in d saying to run `itss init`, or ITSS_EIO
 * when dir cannot be resolved.
 */
int itss_repo_find(char **out, const char *dir, struct itss_diags *d);

/*
 * Open the repository at root: its directory (rootfd) and itss.yaml.
 * Returns 0, ITSS_EINPUT or ITSS_EIO (errors in d).
 */
int itss_repo_open(struct itss_repo **out, const char *root,
    struct itss_diags *d);
/* itss.yaml's text alone (rootfd -1: nothing can be opened through it). */
int itss_repo_parse(struct itss_repo **out, const char *root, const char *buf,
    size_t len, struct itss_diags *d);
void itss_repo_free(struct itss_repo *r);

/*
 * Create or complete a repository in dir: itss.yaml (when absent, from
 * model_id, org and target; its assessment period the calendar year of
 * today), evidence/, judgements/, .itss/ and a
 * .gitignore line for .itss/. What exists is left as it is, so running it
 * twice harms nothing. *created counts what was made. Returns 0 or
 * ITSS_EIO.
 */
int itss_repo_init(const char *dir, const char *model_id, const char *org,
    const char *target, int32_t today, int *created, struct itss_diags *d);

/*
 * The path rule, on the text alone: relative, no empty, '.' or '..'
 * component, no backslash, not inside .git or .itss. Returns NULL when
 * path is acceptable, else a static explanation.
 */
const char *itss_repo_path_problem(const char *path);

/*
 * Open path (relative to the directory rootfd) for reading so that it
 * cannot escape, whatever changes meanwhile: the text rule above, then
 * every component opened relative to its directory's fd with O_NOFOLLOW
 * (never a path the kernel resolves, so a directory swapped for a link
 * between a check and the open leads nowhere). A symbolic link met on the
 * way is, with links, read and resolved the same way from its directory,
 * and refused when it leads outside (an absolute target, '..' above the
 * root) or into .git or .itss; without links, refused. The file is opened
 * without blocking and required (by fstat of the fd) to be a regular
 * file: hash what was opened. Returns an fd >= 0 with *st filled; or -1
 * with *why set to a static explanation and *missing set when the file
 * does not exist.
 */
int itss_repo_openat(int rootfd, const char *path, int links, struct stat *st,
    const char **why, int *missing);
/*
 * The files dir/NAME<suffix> of the directory dir (relative to rootfd,
 * not followed if a link), as "dir/NAME<suffix>", sorted; none when dir
 * does not exist. Returns 0, or -1 with the error in d. The caller frees
 * each name and the array.
 */
int itss_repo_list_dir(char ***names, size_t *n, int rootfd, const char *dir,
    const char *suffix, struct itss_diags *d);
/*
 * The whole of the repository's file path (itss_repo_openat, no links),
 * at most max bytes, into *buf (the caller frees it). Returns 0; or -1
 * with *missing set when it does not exist (nothing in d), else with the
 * error in d.
 */
int itss_repo_read(char **buf, size_t *len, int rootfd, const char *path,
    size_t max, int *missing, struct itss_diags *d);
/* A file a record cites (or the model file): links inside followed. */
int itss_repo_open_file(const struct itss_repo *r, const char *path,
    struct stat *st, const char **why, int *missing);

#endif
