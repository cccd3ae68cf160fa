# itss - see README.md. `make` builds, `make check` tests (plain, then
# under ASan+UBSan), `make install` honours PREFIX and DESTDIR.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/itss
MANDIR  ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
VERSION  = 0.1.0

CC      ?= cc
CFLAGS  ?= -O2 -g
PKG_CONFIG ?= pkg-config
LIBS_PC  = yaml-0.1 sqlite3 libcrypto xlsxwriter zlib libxml-2.0

ITSS_CPPFLAGS = -Iinclude -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DITSS_VERSION='"$(VERSION)"' -DITSS_DATADIR='"$(DATADIR)"' \
	-DITSS_LOCALEDIR='"$(LOCALEDIR)"' -Ibuild/gen \
	$(shell $(PKG_CONFIG) --cflags $(LIBS_PC))
ITSS_CFLAGS = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wwrite-strings -Wformat=2 \
	-Wno-format-nonliteral -Wundef -fno-common
# libcsv ships no pkg-config file. The headers of libcrypto, libxlsxwriter
# and libxml2 are used, but the libraries are loaded when first needed
# (include/itss/dl.h), by the SONAME of what was built against.
DL_PC = libcrypto xlsxwriter libxml-2.0
ITSS_LIBS = $(shell $(PKG_CONFIG) --libs $(filter-out $(DL_PC),$(LIBS_PC))) \
	-lcsv -pthread
soname = $(shell objdump -p $$($(CC) -print-file-name=$(1)) 2>/dev/null | \
	awk '$$1 == "SONAME" { print $$2 }')
LIBCRYPTO_SONAME := $(or $(call soname,libcrypto.so),libcrypto.so.3)
LIBXML2_SONAME := $(or $(call soname,libxml2.so),libxml2.so.2)
LIBXLSXWRITER_SONAME := $(or $(call soname,libxlsxwriter.so),libxlsxwriter.so.4)
ITSS_CPPFLAGS += -DITSS_LIBCRYPTO_SONAME='"$(LIBCRYPTO_SONAME)"' \
	-DITSS_LIBXLSXWRITER_SONAME='"$(LIBXLSXWRITER_SONAME)"' \
	-DITSS_LIBXML2_SONAME='"$(LIBXML2_SONAME)"'
TEST_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

# Sanitizer build for `make check`, in its own object directory.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

LIB_SRC = src/util.c src/dl.c src/i18n.c src/diag.c src/atomic.c src/hash.c src/yaml.c src/json.c \
	src/crosswalk.c \
	src/model.c src/model_read.c src/model_clauses.c \
	src/model_matrix.c src/model_find.c src/repo.c src/evidence.c src/evidence_set.c src/judgements.c src/actions.c src/evidence_csv.c src/seal.c src/xlsx_read.c src/store.c src/store_build.c \
	src/import.c src/import_invalid.c src/import_walk.c src/import_files.c src/statcache.c \
	src/import_write.c src/import_records.c src/import_stream.c src/import_keep.c src/summaries.c src/records.c src/ledger.c src/saved.c \
	src/template.c src/engine.c src/review.c src/report.c src/report_text.c \
	src/report_sheets.c src/report_register.c src/report_actions.c src/report_requests.c src/report_portfolio.c src/report_lxw.c src/xlsx_verify.c
CLI_SRC = src/main.c src/cli_repo.c src/cli_assess.c src/cmd_model.c \
	src/cmd_init.c src/cmd_evidence.c src/cmd_assess.c src/cmd_history.c \
	src/cmd_check.c src/cmd_report.c src/cmd_diff.c src/cmd_actions.c \
	src/cmd_requests.c src/cmd_seal.c src/cmd_portfolio.c
TESTS   = test_yaml test_repo test_model test_util test_evidence test_engine test_report \
	test_store test_xlsx_nolib test_lib_missing

O = build/plain
S = build/san
F = build/fuzz

# libFuzzer harnesses (tests/fuzz/), built with clang.
FUZZERS = fuzz_yaml fuzz_model fuzz_evidence fuzz_csv fuzz_judgements fuzz_actions fuzz_saved \
	fuzz_config fuzz_crosswalk fuzz_xlsx fuzz_walk
FUZZ_CC ?= clang
FUZZ_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_TIME ?= 60

# The message catalogues (po/LANG.po): compiled for gettext, and copied
# into the binary for the workbook (src/i18n.c, tools/po2c.awk).
LINGUAS = zh_CN
MO = $(foreach l,$(LINGUAS),build/locale/$(l)/LC_MESSAGES/itss.mo)

all: itss $(MO)

build/locale/%/LC_MESSAGES/itss.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@.tmp $< && mv $@.tmp $@

build/gen/catalog_%.inc: po/%.po tools/po2c.awk
	@mkdir -p $(@D)
	awk -f tools/po2c.awk $< >$@.tmp && mv $@.tmp $@

$(O)/i18n.o $(S)/i18n.o $(F)/i18n.o: build/gen/catalog_zh_CN.inc

# The messages to translate, from the sources (xgettext); `make po`
# brings po/*.po in step with them (msgmerge), for a translator to finish.
XGETTEXT_FLAGS = --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: \
	-k --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=T --keyword=TP:1,2 \
	--package-name=itss --package-version=$(VERSION) \
	--msgid-bugs-address="see README.md" --no-wrap --sort-by-file
build/itss.pot: Makefile $(LIB_SRC) $(CLI_SRC) $(wildcard src/*.h include/itss/*.h)
	@mkdir -p $(@D)
	xgettext $(XGETTEXT_FLAGS) -o $@.tmp $(sort $(LIB_SRC) $(CLI_SRC) $(wildcard src/*.h)) && mv $@.tmp $@

po: build/itss.pot
	set -e; for l in $(LINGUAS); do \
		msgmerge --quiet --update --backup=none --no-wrap po/$$l.po build/itss.pot; done

# Rebuild when the flags change (a new PREFIX changes the compiled-in
# model directory), as git's GIT-CFLAGS does.
build/flags: FORCE
	@mkdir -p build
	@echo '$(CC) $(ITSS_CPPFLAGS) $(CPPFLAGS) $(ITSS_CFLAGS) $(CFLAGS)' | \
		cmp -s - $@ || echo '$(CC) $(ITSS_CPPFLAGS) $(CPPFLAGS) $(ITSS_CFLAGS) $(CFLAGS)' >$@

define objs
$(patsubst src/%.c,$(1)/%.o,$(2))
endef

itss: $(call objs,$(O),$(LIB_SRC) $(CLI_SRC))
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(ITSS_LIBS)

# The link makes the sanitizer binary find the source tree's models as the
# plain one does: in models/ beside the binary.
$(S)/itss: $(call objs,$(S),$(LIB_SRC) $(CLI_SRC))
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(ITSS_LIBS)
	ln -sfn ../../models $(S)/models
	ln -sfn ../locale $(S)/locale

$(O)/%.o: src/%.c build/flags
	@mkdir -p $(@D)
	$(CC) $(ITSS_CPPFLAGS) $(CPPFLAGS) $(ITSS_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(S)/%.o: src/%.c build/flags
	@mkdir -p $(@D)
	$(CC) $(ITSS_CPPFLAGS) $(CPPFLAGS) $(ITSS_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

$(O)/tests/%.o: tests/%.c build/flags
	@mkdir -p $(@D)
	$(CC) $(ITSS_CPPFLAGS) $(CPPFLAGS) $(ITSS_CFLAGS) -Wno-missing-prototypes $(CFLAGS) -MMD -MP -c -o $@ $<

$(S)/tests/%.o: tests/%.c build/flags
	@mkdir -p $(@D)
	$(CC) $(ITSS_CPPFLAGS) $(CPPFLAGS) $(ITSS_CFLAGS) -Wno-missing-prototypes $(CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

$(O)/tests/%: $(O)/tests/%.o $(call objs,$(O),$(LIB_SRC))
	$(CC) $(CFLAGS) $(LDFLAGS) $(TEST_WRAP) -o $@ $^ $(ITSS_LIBS) $(TEST_LIBS)

$(S)/tests/%: $(S)/tests/%.o $(call objs,$(S),$(LIB_SRC))
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) $(TEST_WRAP) -o $@ $^ $(ITSS_LIBS) $(TEST_LIBS)

# The .xlsx reader built again with a libxml2 no machine has, in place of
# its own object (tests/test_xlsx_nolib.c).
$(O)/tests/test_xlsx_nolib: $(O)/tests/test_xlsx_nolib.o \
		$(call objs,$(O),$(filter-out src/xlsx_read.c,$(LIB_SRC)))
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(ITSS_LIBS) $(TEST_LIBS)

$(S)/tests/test_xlsx_nolib: $(S)/tests/test_xlsx_nolib.o \
		$(call objs,$(S),$(filter-out src/xlsx_read.c,$(LIB_SRC)))
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(ITSS_LIBS) $(TEST_LIBS)

# libxlsxwriter and libcrypto no machine has (tests/test_lib_missing.c).
$(O)/tests/test_lib_missing: $(O)/tests/test_lib_missing.o \
		$(call objs,$(O),$(filter-out src/report_lxw.c src/hash.c,$(LIB_SRC)))
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(ITSS_LIBS) $(TEST_LIBS)

$(S)/tests/test_lib_missing: $(S)/tests/test_lib_missing.o \
		$(call objs,$(S),$(filter-out src/report_lxw.c src/hash.c,$(LIB_SRC)))
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(ITSS_LIBS) $(TEST_LIBS)

# The index's test fails library calls on purpose (tests/test_store.c).
$(O)/tests/test_store $(S)/tests/test_store: \
	TEST_WRAP = -Wl,--wrap=sqlite3_step,--wrap=fsync,--wrap=rename,--wrap=itss_repo_openat

$(F)/%.o: src/%.c build/flags
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ITSS_CPPFLAGS) $(CPPFLAGS) $(ITSS_CFLAGS) $(FUZZ_FLAGS) \
		-fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(F)/tests/fuzz/%.o: tests/fuzz/%.c build/flags
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ITSS_CPPFLAGS) $(CPPFLAGS) $(ITSS_CFLAGS) $(FUZZ_FLAGS) \
		-fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(F)/fuzz_%: $(F)/tests/fuzz/fuzz_%.o $(call objs,$(F),$(LIB_SRC))
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(ITSS_LIBS)

# Each harness for FUZZ_TIME seconds (make fuzz FUZZ_TIME=600); make check
# runs each briefly, so that a harness that no longer builds, or a kept
# regression input that fails again, fails the suite.
fuzz: $(addprefix $(F)/,$(FUZZERS))
	@set -e; for f in $(FUZZERS); do tests/fuzz/run.sh $(F) $$f $(FUZZ_TIME); done

check-fuzz: $(addprefix $(F)/,$(FUZZERS))
	@echo '== fuzzers, briefly'
	@set -e; for f in $(FUZZERS); do tests/fuzz/run.sh $(F) $$f 4; done

.PRECIOUS: $(O)/tests/%.o $(S)/tests/%.o $(F)/tests/fuzz/%.o $(F)/%.o

# The suite: unit tests, then the command-line tests against the binary.
# ITSS_MODEL_PATH is emptied so an installed model cannot stand in.
check: check-plain check-san check-fuzz

check-plain: itss $(MO) $(addprefix $(O)/tests/,$(TESTS))
	@echo '== unit tests'
	@set -e; for t in $(TESTS); do (cd tests && ../$(O)/tests/$$t); done
	@echo '== the engine harness refuses what it does not understand'
	@cd tests && ../$(O)/tests/test_engine data/engine-refused --all-fail >/dev/null 2>&1 && echo 'engine-refused: every case refused'
	@echo '== command-line tests'
	@ITSS_MODEL_PATH= tests/cli/run.sh ./itss
	@echo '== limits'
	@ITSS_MODEL_PATH= tests/limits.sh ./itss
	@echo '== every model key taken away'
	@ITSS_MODEL_PATH= tests/model-keys.sh ./itss
	@echo '== evidence repository'
	@ITSS_MODEL_PATH= tests/evidence.sh ./itss
	@echo '== assess, check, history, diff'
	@ITSS_MODEL_PATH= tests/assess.sh ./itss
	@ITSS_MODEL_PATH= tests/actions.sh ./itss
	@ITSS_MODEL_PATH= tests/requests.sh ./itss
	@ITSS_MODEL_PATH= tests/calendar.sh ./itss
	@ITSS_MODEL_PATH= tests/seal.sh ./itss
	@ITSS_MODEL_PATH= tests/portfolio.sh ./itss
	@echo '== one broken file blocks nobody'
	@ITSS_MODEL_PATH= tests/invalid.sh ./itss
	@echo '== the index kept in step with each change'
	@ITSS_MODEL_PATH= tests/incremental.sh ./itss
	@echo '== the workbook'
	@ITSS_MODEL_PATH= tests/report.sh ./itss
	@echo '== the two specifications in use'
	@ITSS_MODEL_PATH= tests/specs.sh ./itss
	@echo '== several models in one repository'
	@ITSS_MODEL_PATH= tests/models.sh ./itss
	@echo "== in the user's language"
	@ITSS_MODEL_PATH= tests/i18n.sh ./itss
	@echo '== kill and concurrency'
	@ITSS_MODEL_PATH= tests/kill.sh ./itss
	@ITSS_MODEL_PATH= tests/concurrent.sh ./itss
	@ITSS_MODEL_PATH= tests/fresh.sh ./itss
	@ITSS_MODEL_PATH= tests/stream.sh ./itss
	@echo '== install'
	@tests/install.sh
	@echo '== one package list'
	@tests/packages.sh
	@echo '== the examples in the README'
	@ITSS_MODEL_PATH= tests/readme.sh ./itss
	@echo '== every message translated'
	@tests/po.sh
	@echo '== man pages'
	@mandoc -Tlint -W warning man/itss.1 man/itss-model.5 man/itss-evidence.5 && echo 'mandoc -Tlint: clean'
	@# A quote opened inside another (.Ql twice on a line) renders broken.
	@for f in man/itss.1 man/itss-model.5 man/itss-evidence.5; do \
		! mandoc -Tutf8 $$f | grep -n "‘[^’]*‘" || { echo "$$f: nested quotes"; exit 1; }; \
	done; echo 'man pages: no nested quotes'

check-san: $(S)/itss $(MO) $(addprefix $(S)/tests/,$(TESTS))
	@echo '== unit tests (ASan+UBSan)'
	@set -e; for t in $(TESTS); do (cd tests && ASAN_OPTIONS=detect_leaks=1 ../$(S)/tests/$$t); done
	@# A failed cmocka case leaves its allocations behind: no leak check here.
	@cd tests && ASAN_OPTIONS=detect_leaks=0 ../$(S)/tests/test_engine data/engine-refused --all-fail >/dev/null 2>&1 && echo 'engine-refused (ASan+UBSan): every case refused'
	@echo '== command-line tests (ASan+UBSan)'
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/cli/run.sh ./$(S)/itss
	@echo '== limits (ASan+UBSan)'
	@# ASan and UBSan slow the parser some fourfold: a quadratic blow-up
	@# over 100,000 keys would still take minutes, not 4 s.
	@ITSS_MODEL_PATH= ITSS_LIMIT_MS=4000 tests/limits.sh ./$(S)/itss
	@echo '== every model key taken away (ASan+UBSan)'
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/model-keys.sh ./$(S)/itss
	@echo '== evidence repository (ASan+UBSan)'
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/evidence.sh ./$(S)/itss
	@ITSS_MODEL_PATH= tests/concurrent.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/fresh.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/stream.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/assess.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/actions.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/requests.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/calendar.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/seal.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/portfolio.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/invalid.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/incremental.sh ./$(S)/itss
	@echo '== the workbook (ASan+UBSan)'
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 ITSS_NO_OFFICE=1 tests/report.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/specs.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/models.sh ./$(S)/itss
	@ITSS_MODEL_PATH= ASAN_OPTIONS=detect_leaks=1 tests/i18n.sh ./$(S)/itss

# The main job on the bundled example: check the models, then import,
# assess and check the example organisation (examples/huaxin), save two
# assessments (mid-year and year-end, for the trend) and write the
# workbook, in a copy under build/ so the source tree stays clean. It
# aims at 协同级 and does not reach it: assess and check exit 1
# (findings), which is the point.
demo: itss $(MO)
	./itss model validate models/*.yaml models/crosswalks/*.yaml
	rm -rf build/example
	mkdir -p build
	cp -R examples/huaxin build/example
	rm -rf build/example/.itss build/example/itss-report.xlsx
	cd build/example && ../../itss evidence import
	cd build/example && ../../itss assess --as-of 2025-12-31; \
		test $$? -le 1
	cd build/example && ../../itss check --as-of 2025-12-31 \
		--junit ../example-junit.xml; test $$? -le 1
	cd build/example && ../../itss requests --as-of 2025-12-31
	cd build/example && ../../itss actions --as-of 2025-12-31
	cd build/example && ../../itss assess --as-of 2025-06-30 --save \
		>/dev/null; test $$? -le 1
	cd build/example && ../../itss assess --as-of 2025-12-31 --save \
		>/dev/null; test $$? -le 1
	cd build/example && ../../itss report --as-of 2025-12-31 \
		-o ../example-report.xlsx
	@echo "JUnit report: build/example-junit.xml"
	@echo "Workbook: build/example-report.xlsx"
	@# The second example: a provider assessed against T/DGAG 038—2025
	@# and T/CESA 1299—2023 at once, its ITSS records counting for DGAG
	@# through the crosswalk, two quarters of Appendix B evaluations.
	rm -rf build/example2
	cp -R examples/guangkuan build/example2
	rm -rf build/example2/.itss
	cd build/example2 && ../../itss evidence import
	cd build/example2 && ../../itss assess --as-of 2026-06-30; \
		test $$? -le 1
	cd build/example2 && ../../itss assess --model itss1-2023 \
		--as-of 2026-06-30 >/dev/null; test $$? -le 1
	cd build/example2 && ../../itss check --as-of 2026-06-30 \
		--junit ../example2-junit.xml; test $$? -le 1
	cd build/example2 && ../../itss report --as-of 2026-06-30 \
		-o ../example2-report.xlsx
	@echo "Workbooks: build/example2-report.xlsx (T/DGAG 038—2025),"
	@echo "           build/example2-report-itss1-2023.xlsx (T/CESA 1299—2023)"
	@# A portfolio of the two organisations, from their saved assessments.
	cd build/example2 && ../../itss assess --as-of 2026-06-30 --save \
		>/dev/null; test $$? -le 1
	./itss portfolio --as-of 2026-01-15 -o build/portfolio.xlsx \
		build/example build/example2; test $$? -le 1

# The evidence templates, made from the model; a test checks they match.
# The default model's at the top, every other bundled model's in a
# directory named by its id (itss_template_root).
OTHER_MODELS = $(filter-out itss1-2023,$(basename $(notdir $(wildcard models/*.yaml))))
templates: itss
	rm -rf evidence-templates/[0-9]* $(addprefix evidence-templates/,$(OTHER_MODELS))
	./itss evidence template --force evidence-templates
	set -e; for m in $(OTHER_MODELS); do \
		./itss evidence template --force --model $$m evidence-templates/$$m; done

lint-man:
	mandoc -Tlint -W warning man/itss.1 man/itss-model.5 man/itss-evidence.5

install: itss $(MO)
	set -e; for l in $(LINGUAS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
		install -m 644 build/locale/$$l/LC_MESSAGES/itss.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/; done
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/models/crosswalks \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 itss $(DESTDIR)$(BINDIR)/itss
	install -m 644 models/*.yaml $(DESTDIR)$(DATADIR)/models/
	install -m 644 models/crosswalks/*.yaml $(DESTDIR)$(DATADIR)/models/crosswalks/
	install -m 644 man/itss.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/itss-model.5 man/itss-evidence.5 $(DESTDIR)$(MANDIR)/man5/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/itss $(DESTDIR)$(MANDIR)/man1/itss.1 \
		$(DESTDIR)$(MANDIR)/man5/itss-model.5 \
		$(DESTDIR)$(MANDIR)/man5/itss-evidence.5
	set -e; for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/itss.mo; done
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build itss

FORCE:

.PHONY: FORCE all po demo templates check check-plain check-san check-fuzz fuzz lint-man install uninstall clean

-include $(wildcard $(O)/*.d $(O)/tests/*.d $(S)/*.d $(S)/tests/*.d $(F)/*.d $(F)/tests/fuzz/*.d)
