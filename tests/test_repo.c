/*
 * test_repo.c - opening a path in the repository so that it cannot
 * escape, under a swapper: a thread exchanges a directory on the path with
 * a symbolic link to one outside (renameat2 RENAME_EXCHANGE, atomic, as
 * fast as the kernel goes) while the path is opened thousands of times.
 * A resolver that checks a path and then opens it again by name (realpath
 * and O_NOFOLLOW, which guards only the last component) hands out the
 * outside file; one that opens every component from its directory's fd
 * never does. Also the plain refusals of the walk, one by one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "itss/repo.h"
#include "itss/util.h"

#define OPENS 20000

struct fixture {
	char dir[64], root[128], out[128];
	struct itss_repo *repo;
	struct itss_diags d;
	ino_t inside_file, inside_record;
};

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static ino_t
ino(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char p[256];

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/itss-repo-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(fx->root, sizeof(fx->root), "%s/repo", fx->dir);
	snprintf(fx->out, sizeof(fx->out), "%s/outside", fx->dir);
	if (mkdir(fx->root, 0777) || mkdir(fx->out, 0777))
		return -1;
	snprintf(p, sizeof(p), "%s/itss.yaml", fx->root);
	put(p, "organisation: t\nmodel: itss1-2023\n");
	snprintf(p, sizeof(p), "%s/docs", fx->root);
	if (mkdir(p, 0777))
		return -1;
	snprintf(p, sizeof(p), "%s/docs/sub", fx->root);
	if (mkdir(p, 0777))
		return -1;
	snprintf(p, sizeof(p), "%s/docs/sub/secret.txt", fx->root);
	put(p, "inside\n");
	fx->inside_file = ino(p);
	snprintf(p, sizeof(p), "%s/secret.txt", fx->out);
	put(p, "OUTSIDE\n");
	snprintf(p, sizeof(p), "%s/r.yaml", fx->out);
	put(p, "id: outside\n");
	snprintf(p, sizeof(p), "%s/evidence", fx->root);
	if (mkdir(p, 0777))
		return -1;
	snprintf(p, sizeof(p), "%s/evidence/sub", fx->root);
	if (mkdir(p, 0777))
		return -1;
	snprintf(p, sizeof(p), "%s/evidence/sub/r.yaml", fx->root);
	put(p, "id: inside\n");
	fx->inside_record = ino(p);
	if (itss_repo_open(&fx->repo, fx->root, &fx->d) < 0)
		return -1;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char *cmd = itss_xasprintf("rm -rf '%s'", fx->dir);

	itss_repo_free(fx->repo);
	itss_diags_release(&fx->d);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fx->dir);
	free(cmd);
	free(fx);
	return 0;
}

struct swapper {
	int rootfd;
	const char *a, *b;	/* exchanged, again and again */
	atomic_int stop;
	long swaps;
};

static void *
swap_loop(void *arg)
{
	struct swapper *w = arg;

	while (!atomic_load(&w->stop))
		if (renameat2(w->rootfd, w->a, w->rootfd, w->b,
		    RENAME_EXCHANGE) == 0)
			w->swaps++;
	return NULL;
}

/*
 * Open path OPENS times under the swapper; every open that succeeds must
 * be of the inside file. Returns how many succeeded (some must, or the
 * test proves nothing).
 */
static long
open_under_swaps(struct fixture *fx, const char *a, const char *b,
    const char *path, int links, ino_t inside)
{
	struct swapper w = { fx->repo->rootfd, a, b, 0, 0 };
	pthread_t t;
	long i, ok = 0, outside = 0;

	assert_int_equal(pthread_create(&t, NULL, swap_loop, &w), 0);
	for (i = 0; i < OPENS; i++) {
		const char *why;
		struct stat st;
		int missing, fd = links ? itss_repo_open_file(fx->repo, path,
		    &st, &why, &missing) : itss_repo_openat(fx->repo->rootfd,
		    path, 0, &st, &why, &missing);
		if (fd < 0)
			continue;
		ok++;
		if (st.st_ino != inside)
			outside++;
		close(fd);
	}
	atomic_store(&w.stop, 1);
	assert_int_equal(pthread_join(t, NULL), 0);
	if (outside)
		print_error("%s: %ld of %ld opens reached outside the repository "
		    "(%ld swaps)\n", path, outside, ok, w.swaps);
	assert_int_equal(outside, 0);
	assert_true(w.swaps > 100);
	return ok;
}

static void
test_cited_file_swapped_parent(void **state)
{
	struct fixture *fx = *state;
	char p[256];

	/* docs/sub <-> docs/link (a link to the outside directory). */
	snprintf(p, sizeof(p), "%s/docs/link", fx->root);
	assert_int_equal(symlink(fx->out, p), 0);
	assert_true(open_under_swaps(fx, "docs/sub", "docs/link",
	    "docs/sub/secret.txt", 1, fx->inside_file) > 0);
}

static void
test_record_file_swapped_parent(void **state)
{
	struct fixture *fx = *state;
	char p[256];

	snprintf(p, sizeof(p), "%s/evidence/link", fx->root);
	assert_int_equal(symlink(fx->out, p), 0);
	assert_true(open_under_swaps(fx, "evidence/sub", "evidence/link",
	    "evidence/sub/r.yaml", 0, fx->inside_record) > 0);
}

/* One open, expected to fail with why containing needle. */
static void
refused(struct fixture *fx, const char *path, int links, const char *needle,
    int want_missing)
{
	const char *why;
	struct stat st;
	int missing, fd = itss_repo_openat(fx->repo->rootfd, path, links, &st,
	    &why, &missing);

	if (fd >= 0)
		close(fd);
	assert_int_equal(fd, -1);
	if (!strstr(why, needle))
		print_error("%s: '%s', expected '%s'\n", path, why, needle);
	assert_non_null(strstr(why, needle));
	assert_int_equal(missing, want_missing);
}

static void
test_walk_refusals(void **state)
{
	struct fixture *fx = *state;
	char p[256];
	const char *why;
	struct stat st;
	int missing, fd;

	snprintf(p, sizeof(p), "%s/docs/abs", fx->root);
	assert_int_equal(symlink(fx->out, p), 0);
	snprintf(p, sizeof(p), "%s/docs/up", fx->root);
	assert_int_equal(symlink("../..", p), 0);
	snprintf(p, sizeof(p), "%s/docs/git", fx->root);
	assert_int_equal(symlink("../.git", p), 0);
	snprintf(p, sizeof(p), "%s/docs/loop", fx->root);
	assert_int_equal(symlink("loop", p), 0);
	snprintf(p, sizeof(p), "%s/docs/in", fx->root);
	assert_int_equal(symlink("sub/../sub", p), 0);
	snprintf(p, sizeof(p), "%s/docs/dir", fx->root);
	assert_int_equal(symlink("sub", p), 0);
	snprintf(p, sizeof(p), "%s/docs/fifo", fx->root);
	assert_int_equal(mkfifo(p, 0666), 0);

	refused(fx, "docs/abs/secret.txt", 1, "leads outside", 0);
	refused(fx, "docs/up/outside/secret.txt", 1, "leads outside", 0);
	refused(fx, "docs/git/config", 1, "into .git or .itss", 0);
	refused(fx, "docs/loop", 1, "a loop of symbolic links", 0);
	refused(fx, "docs/dir", 1, "a directory, not a file", 0);
	refused(fx, "docs/fifo", 1, "a FIFO", 0);
	refused(fx, "docs/nope.txt", 1, "no such file", 1);
	refused(fx, "docs/sub/secret.txt/x", 1, "no such file", 1);
	refused(fx, "docs/in/secret.txt", 0, "a symbolic link, not followed", 0);
	refused(fx, "../outside/secret.txt", 1, "'..'", 0);
	/* A link inside, followed from its own directory. */
	fd = itss_repo_openat(fx->repo->rootfd, "docs/in/secret.txt", 1, &st,
	    &why, &missing);
	assert_true(fd >= 0);
	assert_int_equal(st.st_ino, fx->inside_file);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cited_file_swapped_parent,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_file_swapped_parent,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_refusals, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
