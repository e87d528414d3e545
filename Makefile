# bsweep: batch-size sweeps of a small neural network, in C.
#
#   make              build ./bsweep
#   make run          install missing packages, build, sweep configs/blobs.json, plots
#   make check        install missing packages, build, run the tests
#   make check SANITIZE=1   the tests under AddressSanitizer + UBSan
#   make valgrind     memcheck on a small sweep
#   make fuzz         libFuzzer on config parsing (clang), FUZZ_TIME=60 seconds
#   make bench        time the default sweep (median of several runs)
#   make plots        bsweep plot on every results/*/ (RESULTS=dir for one, FORMAT=svg|pdf)
#   make compare DIRS="A B"   bsweep compare -o: figure comparing results dirs of one
#                     config (OUT=results/compare.png)
#   make install      PREFIX=/usr/local DESTDIR= (BINDIR, MANDIR, DATADIR) ; make uninstall
#
# Variables users may set: CC, CPPFLAGS, CFLAGS, LDFLAGS, PREFIX, DESTDIR, PKG_CONFIG,
# BLAS_CFLAGS/BLAS_LIBS, CJSON_CFLAGS/CJSON_LIBS and CSV_CFLAGS/CSV_LIBS (systems without .pc
# files), WERROR=1, SANITIZE=1.

VERSION  = 0.1.0
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
# the plotting scripts go to $(DATADIR)/bsweep, compiled into the binary
# (src/plot.c; without DESTDIR, which only stages the files)
DATADIR ?= $(PREFIX)/share
PKG_CONFIG ?= pkg-config
PYTHON  ?= /usr/bin/python3

CFLAGS  ?= -O2 -g
BLAS_CFLAGS  ?= $(shell $(PKG_CONFIG) --cflags openblas 2>/dev/null)
BLAS_LIBS    ?= $(shell $(PKG_CONFIG) --libs openblas 2>/dev/null || echo -lopenblas)
CJSON_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags libcjson 2>/dev/null)
CJSON_LIBS   ?= $(shell $(PKG_CONFIG) --libs libcjson 2>/dev/null || echo -lcjson)
# libcsv (Debian's libcsv-dev) ships no .pc file: -lcsv unless the system has one
CSV_CFLAGS   ?= $(shell $(PKG_CONFIG) --cflags libcsv 2>/dev/null)
CSV_LIBS     ?= $(shell $(PKG_CONFIG) --libs libcsv 2>/dev/null || echo -lcsv)
# Google's double-conversion (libdouble-conversion-dev): the shortest digits
# of the number formatter (src/dtoa.cc, the one C++ file)
DCONV_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags double-conversion 2>/dev/null)
DCONV_LIBS   ?= $(shell $(PKG_CONFIG) --libs double-conversion 2>/dev/null || echo -ldouble-conversion)
CMOCKA_CFLAGS ?= $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   ?= $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wconversion
# No -ffast-math, and no FMA contraction: the data must equal NumPy's
# doubles bit for bit, and NaN checks must keep working.  Vectorising
# element-wise loops (Adam's sqrtf needs -fno-math-errno: errno is never
# read) changes no result: float reductions are not reassociated.
PROJECT_CFLAGS = -std=c11 $(WARN) -ffp-contract=off -fno-math-errno \
	-ftree-vectorize -fvect-cost-model=cheap
PROJECT_CXXFLAGS = -std=c++11 -Wall -Wextra -Wshadow -Wconversion -ffp-contract=off
ifeq ($(WERROR),1)
PROJECT_CFLAGS += -Werror
PROJECT_CXXFLAGS += -Werror
endif
# No -march: one binary for every machine of its target.  The fused
# kernels (src/kernels.c), where the time goes, and the optimizers'
# updates (src/update.c) are compiled once per
# instruction set, KERN_VARIANTS, each with its KERN_FLAGS_<name>, and the
# program picks one at start-up from the CPU (src/isa.c, BSWEEP_ISA=name
# to force one); all give the same results bit for bit.  Everything else
# gains about 4 % from -march=native at the smallest batch (Adam's loop:
# measured on the default sweep), not worth a binary that runs on one
# machine only.  So PORTABLE=1 is the default build, and the variable is
# no longer read.  The base variant is the target's baseline (SSE2 on
# x86-64), compiled without any extra flag.
ifneq ($(filter x86_64%,$(shell $(CC) -dumpmachine 2>/dev/null)),)
KERN_VARIANTS = sse2 avx2 avx512
else
KERN_VARIANTS = generic
endif
KERN_FLAGS_avx2 = -mavx2
KERN_FLAGS_avx512 = -mavx2 -mavx512f -mavx512dq -mavx512bw -mavx512vl
ifeq ($(SANITIZE),1)
PROJECT_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
PROJECT_CXXFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SAN_LDFLAGS = -fsanitize=address,undefined
# UBSan's pointer-overflow check more than doubles the time to compile the
# kernels (about 90 s instead of 40 s for the AVX-512 variant, measured):
# every address computed in their unrolled loops gets its own check.
# AddressSanitizer still checks every access they make.
KERN_SAN_FLAGS = -fno-sanitize=pointer-overflow
BUILD = build/san
else
BUILD = build/rel
endif

GIT_VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
FLAGS_STRING = $(PROJECT_CFLAGS) $(CFLAGS)
ALL_CFLAGS = $(PROJECT_CFLAGS) $(BLAS_CFLAGS) $(CJSON_CFLAGS) $(CSV_CFLAGS) $(CFLAGS) \
	-DBSWEEP_VERSION='"$(VERSION)"' -DBSWEEP_CFLAGS='"$(FLAGS_STRING)"'
LIBS = $(BLAS_LIBS) $(CJSON_LIBS) $(CSV_LIBS) $(DCONV_LIBS) -lstdc++ -lm

LIB_SRC = afile.c aggregate.c analysis.c analyze.c blas.c classification.c cli.c compare.c config.c csv.c data.c describe.c fingerprint.c interp.c json.c npy.c \
	isa.c jsonsrc.c measure.c merge.c mlp.c optim.c outdir.c plot.c pool.c report.c results.c rng.c \
	noise.c regions.c runfile.c shapes.c shard.c sharp.c scaling.c schedule.c select.c stats.c sweep.c table.c target.c train.c util.c weights.c
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o) $(KERN_VARIANTS:%=$(BUILD)/kernels_%.o) \
	$(KERN_VARIANTS:%=$(BUILD)/update_%.o) $(BUILD)/dtoa.o
TESTS = test_rng test_gen test_mlp test_noise test_sharp test_optim test_schedule test_train test_csv test_measure test_config test_select test_npy test_scaling test_shard test_table test_pool test_describe
# tests/columns.c: prints the column tables for the shell tests, which
# read column names from the program instead of keeping a copy
# tests/weval.c: evaluates a run's saved weights (tests/weights.sh)
TEST_BIN = $(TESTS:%=$(BUILD)/%) $(BUILD)/columns $(BUILD)/weval

ifeq ($(SANITIZE),1)
BSWEEP = $(BUILD)/bsweep
else
BSWEEP = ./bsweep
endif

.PHONY: FORCE all run check deps test-deps valgrind bench plots analyze compare install uninstall clean fixtures fuzz
.DELETE_ON_ERROR:

all: $(BSWEEP)

$(BUILD)/%.o: src/%.c $(BUILD)/flags | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(EXTRA_DEFS) -MMD -MP -c -o $@ $<

# src/kernels.c once per variant (kern_pass_avx2, ...; src/isa.c); the
# first variant also holds what does not depend on it (KERN_BASE).  A
# static pattern: a plain one would also match make's attempts to remake
# the included kernels_*.d files (kernels_avx2.d.o)
VARIANT_CC = $(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(KERN_SAN_FLAGS) -Wno-psabi $(KERN_FLAGS_$*) \
	-DKERN_VARIANT=$* -DKERN_BASE=$(if $(filter $*,$(firstword $(KERN_VARIANTS))),1,0) \
	-MMD -MP -c -o $@ $<
$(KERN_VARIANTS:%=$(BUILD)/kernels_%.o): $(BUILD)/kernels_%.o: src/kernels.c $(BUILD)/flags | $(BUILD)
	$(VARIANT_CC)
# src/update.c too, the same way: the optimizers' loops (update.h)
$(KERN_VARIANTS:%=$(BUILD)/update_%.o): $(BUILD)/update_%.o: src/update.c $(BUILD)/flags | $(BUILD)
	$(VARIANT_CC)

# Rebuild when the flags change (a stamp rewritten only when they differ),
# and the fingerprint when the git version does, so --version and run.json
# never describe a stale build.
$(BUILD)/flags: FORCE | $(BUILD)
	@printf '%s\n' "$(FLAGS_STRING) $(KERN_SAN_FLAGS) $(BLAS_CFLAGS) $(CJSON_CFLAGS) $(VERSION)" | cmp -s - $@ || \
	  printf '%s\n' "$(FLAGS_STRING) $(KERN_SAN_FLAGS) $(BLAS_CFLAGS) $(CJSON_CFLAGS) $(VERSION)" >$@
$(BUILD)/git-version: FORCE | $(BUILD)
	@printf '%s\n' "$(GIT_VERSION)" | cmp -s - $@ || printf '%s\n' "$(GIT_VERSION)" >$@
$(BUILD)/fingerprint.o: $(BUILD)/git-version
$(BUILD)/fingerprint.o: EXTRA_DEFS = -DBSWEEP_GIT='"$(GIT_VERSION)"'
# the installed scripts' directory, likewise: plot.o is rebuilt when it moves
$(BUILD)/datadir: FORCE | $(BUILD)
	@printf '%s\n' "$(DATADIR)/bsweep" | cmp -s - $@ || printf '%s\n' "$(DATADIR)/bsweep" >$@
$(BUILD)/plot.o: $(BUILD)/datadir
$(BUILD)/plot.o: EXTRA_DEFS = -DBSWEEP_DATADIR='"$(DATADIR)/bsweep"'

$(BUILD)/%.o: src/%.cc $(BUILD)/flags | $(BUILD)
	$(CXX) $(CPPFLAGS) $(PROJECT_CXXFLAGS) $(DCONV_CFLAGS) $(CXXFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/test_%.o: tests/test_%.c $(BUILD)/flags | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Isrc -MMD -MP -c -o $@ $<

$(BSWEEP): $(LIB_OBJ) $(BUILD)/main.o
	$(CC) $(LDFLAGS) $(SAN_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/columns.o: tests/columns.c $(BUILD)/flags | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Isrc -MMD -MP -c -o $@ $<
$(BUILD)/columns: $(BUILD)/columns.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) $(SAN_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/weval.o: tests/weval.c $(BUILD)/flags | $(BUILD)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Isrc -MMD -MP -c -o $@ $<
$(BUILD)/weval: $(BUILD)/weval.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) $(SAN_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/test_%: $(BUILD)/test_%.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) $(SAN_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(LIBS)

$(BUILD):
	mkdir -p $@

# Install whatever Debian packages are missing (sudo when not root); on
# other systems, say what is needed.
deps:
	@sh scripts/deps.sh run
test-deps:
	@sh scripts/deps.sh check

run: deps
	$(MAKE) all
	./bsweep configs/blobs.json
	$(MAKE) plots RESULTS=results/blobs

# Allocation failure points (tests/alloc.sh, the OOM loops of
# tests/compare.sh): one in 2 under the sanitizers, one in 5 otherwise (CI
# runs both).  Which ones moves with the commit (k = 1 + c mod S, 1 + c mod
# S + S, ..., c the number of commits), so two consecutive commits try
# every point under the sanitizers; BSWEEP_ALLOC_STRIDE=1 tries them all.
check: export BSWEEP_ALLOC_STRIDE ?= $(if $(filter 1,$(SANITIZE)),2,5)
check: export BSWEEP_ALLOC_OFFSET ?= $(shell git rev-list --count HEAD 2>/dev/null || echo 0)
check: test-deps
	$(MAKE) $(BSWEEP) $(TEST_BIN)
	sh tests/run.sh $(BSWEEP) $(BUILD)

valgrind: test-deps
	$(MAKE) all
	sh tests/valgrind.sh ./bsweep

# make bench [QUICK=1] [RUNS=N]: the table of scripts/bench.sh (speed
# targets, peers, large config vs GEMM-only, scaling, -j).  Also builds the
# PORTABLE=1 binary beside ./bsweep and tests/bench_gemm.c.
BENCH_PORTABLE = build/portable/bsweep
bench: deps
	$(MAKE) all bench-portable $(BUILD)/bench_gemm
	sh scripts/bench.sh $(if $(QUICK),--quick) --portable $(BENCH_PORTABLE) \
	  --gemm $(BUILD)/bench_gemm ./bsweep $(RUNS)

# A second build in build/portable/, leaving ./bsweep alone.  PORTABLE=1
# is the default build now (no -march; the kernels dispatch at run time),
# so this times the same flags twice: the bench's portable row checks that.
.PHONY: bench-portable
bench-portable:
	$(MAKE) PORTABLE=1 BUILD=build/portable BSWEEP=$(BENCH_PORTABLE) $(BENCH_PORTABLE)

$(BUILD)/bench_gemm: tests/bench_gemm.c $(BUILD)/flags | $(BUILD)
	$(CC) $(CPPFLAGS) $(PROJECT_CFLAGS) $(BLAS_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BLAS_LIBS)

# libFuzzer on config parsing + validation (tests/fuzz_config.c), built
# with clang, ASan and UBSan in build/fuzz/; runs FUZZ_TIME seconds from a
# seed corpus of every config in the tree (tests/fuzz/run.sh).  Crashes
# and the grown corpus stay in build/fuzz/.
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_DIR = build/fuzz
FUZZ_CFLAGS = -std=c11 $(WARN) -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SRC = tests/fuzz_config.c src/config.c src/json.c src/jsonsrc.c src/util.c
fuzz:
	@sh scripts/deps.sh fuzz
	$(MAKE) $(FUZZ_DIR)/fuzz_config
	sh tests/fuzz/run.sh $(FUZZ_DIR)/fuzz_config $(FUZZ_TIME) $(FUZZ_DIR)

FUZZ_CXX ?= clang++
$(FUZZ_DIR)/dtoa.o: src/dtoa.cc src/dtoa.h
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CXX) $(CPPFLAGS) -std=c++11 -g -O1 -fsanitize=address,undefined $(DCONV_CFLAGS) -c -o $@ src/dtoa.cc
$(FUZZ_DIR)/fuzz_config: $(FUZZ_SRC) $(FUZZ_DIR)/dtoa.o src/config.h src/json.h src/jsonsrc.h src/util.h src/dtoa.h
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) $(CJSON_CFLAGS) -Isrc -o $@ $(FUZZ_SRC) $(FUZZ_DIR)/dtoa.o \
	  $(CJSON_LIBS) $(DCONV_LIBS) -lstdc++ -lm

# Regenerate the golden files from NumPy/scikit-learn (needs python3-sklearn).
fixtures:
	$(PYTHON) scripts/make_fixtures.py tests/golden
	$(PYTHON) scripts/make_generator_fixtures.py tests/golden
	$(PYTHON) scripts/make_noise_fixture.py tests/golden
	$(PYTHON) scripts/make_sharp_fixture.py tests/golden
	$(PYTHON) scripts/make_protocol_golden.py tests/golden

RUNS ?= 11
# make plots [RESULTS=...] [FORMAT=png|svg|pdf]: bsweep plot (this tree's
# scripts/plots.sh) on every results directory with an epochs.csv (by
# default every results/*/).
# make compare DIRS="A B ..." [OUT=results/compare.png]: bsweep compare -o
# OUT (the comparison, then the figure by scripts/compare.sh); the format
# follows OUT's extension.
# RESULTS and DIRS: blank-separated directories or shell patterns, or one
# directory per line (then taken as they are, blanks included); RESULTS may
# also be a single directory of any name.  Names are data, never code: the
# values reach the shell through the environment, as make got them (no make
# expansion, never pasted into a recipe), and the scripts pass them on as
# arguments only.  One directory failing does not stop the others; the exit
# status says whether every one succeeded.  The figures do not depend on the
# locale (LC_ALL=C here; the scripts fix their own).
RESULTS ?=
FORMAT ?= png
DIRS ?=
OUT ?= results/compare.png
# exported as make does by default, $(...) in a value given on the command
# line would be expanded (and run, for $(shell ...)) for every recipe
unexport RESULTS FORMAT DIRS OUT
plots: export BSWEEP_RESULTS := $(value RESULTS)
plots: export BSWEEP_FORMAT := $(value FORMAT)
plots: export BSWEEP_PROGRAM := $(BSWEEP)
plots: $(BSWEEP)
	@LC_ALL=C; export LC_ALL; nl=$$(printf '\nx'); nl=$${nl%x}; \
	if [ -z "$$BSWEEP_RESULTS" ]; then set -- results/*/; \
	elif [ -d "$$BSWEEP_RESULTS" ]; then set -- "$$BSWEEP_RESULTS"; \
	else case $$BSWEEP_RESULTS in *"$$nl"*) IFS=$$nl; set -f ;; esac; \
	  set -- $$BSWEEP_RESULTS; unset IFS; set +f; fi; \
	found=0; failed=0; \
	for d in "$$@"; do \
	  if [ -f "$$d/epochs.csv" ]; then found=$$((found + 1)); \
	    "$$BSWEEP_PROGRAM" plot --format "$$BSWEEP_FORMAT" -- "$$d" || failed=$$((failed + 1)); fi; \
	done; \
	if [ $$found = 0 ]; then \
	  echo "make plots: no results directory with an epochs.csv in: $${BSWEEP_RESULTS:-results/}" >&2; \
	  echo "hint: run ./bsweep configs/blobs.json first" >&2; exit 1; fi; \
	if [ $$failed != 0 ]; then echo "make plots: $$failed of $$found directories failed (see above)" >&2; exit 1; fi

# make analyze RESULTS=DIR [TARGET=METRIC=VALUE]: bsweep analyze (the
# analysis of the finished sweep in DIR written again, for TARGET or the
# sweep's own target, without training), then make plots on DIR, whose old
# figures analyze removed.  Values through the environment, as for plots.
TARGET ?=
unexport TARGET
analyze: export BSWEEP_RESULTS := $(value RESULTS)
analyze: export BSWEEP_TARGET := $(value TARGET)
analyze: export BSWEEP_PROGRAM := $(BSWEEP)
analyze: $(BSWEEP)
	@if [ -z "$$BSWEEP_RESULTS" ]; then 	  echo 'make analyze: no RESULTS; usage: make analyze RESULTS=DIR [TARGET=val_acc=0.9]' >&2; exit 2; fi; 	set -- "$$BSWEEP_RESULTS"; 	if [ -n "$$BSWEEP_TARGET" ]; then set -- --target "$$BSWEEP_TARGET" "$$@"; fi; 	"$$BSWEEP_PROGRAM" analyze "$$@"
	@$(MAKE) --no-print-directory plots

compare: export BSWEEP_DIRS := $(value DIRS)
compare: export BSWEEP_OUT := $(value OUT)
compare: export BSWEEP_PROGRAM := $(BSWEEP)
compare: $(BSWEEP)
	@LC_ALL=C; export LC_ALL; nl=$$(printf '\nx'); nl=$${nl%x}; \
	case $$BSWEEP_DIRS in *"$$nl"*) IFS=$$nl; set -f ;; esac; \
	set -- $$BSWEEP_DIRS; unset IFS; set +f; \
	if [ $$# = 0 ]; then \
	  echo 'make compare: no DIRS; usage: make compare DIRS="DIR_A DIR_B ..." [OUT=results/compare.png]' >&2; exit 2; fi; \
	case $$BSWEEP_OUT in ?*/*) mkdir -p -- "$${BSWEEP_OUT%/*}" || exit 1 ;; esac; \
	"$$BSWEEP_PROGRAM" compare -o "$$BSWEEP_OUT" -- "$$@"

# what bsweep plot and bsweep compare -o run (src/plot.c), into
# $(DATADIR)/bsweep: the two shell scripts and everything they load
SCRIPTS = scripts/plots.sh scripts/compare.sh scripts/aggregate.awk scripts/description.awk $(wildcard scripts/*.gp)

install: $(BSWEEP)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/bsweep
	install -m 755 $(BSWEEP) $(DESTDIR)$(BINDIR)/bsweep
	install -m 644 bsweep.1 $(DESTDIR)$(MANDIR)/man1/bsweep.1
	install -m 644 $(SCRIPTS) $(DESTDIR)$(DATADIR)/bsweep

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bsweep $(DESTDIR)$(MANDIR)/man1/bsweep.1
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/bsweep/,$(notdir $(SCRIPTS)))
	rmdir $(DESTDIR)$(DATADIR)/bsweep 2>/dev/null || true

clean:
	rm -rf build bsweep

-include $(wildcard $(BUILD)/*.d)
