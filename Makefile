# ringwall — plain Makefile + pkg-config.
#   make          build ./ringwall (V=1 shows the compiler commands)
#   make deps     install the Debian packages the build needs (idempotent, quiet when all present)
#   make run      deps + build + scan the bundled examples/
#   make check    test deps + both builds + the whole test suite, plain and under ASan+UBSan
#   make tsan     ThreadSanitizer build, running the suite of threaded scans (scan -j)
#   make fuzz     build and run the libFuzzer targets for a bounded time
#   make bench    run the benchmarks under bench/
#   make docs     regenerate docs/checks.md from the catalog
#   make builtin-rules  regenerate src/audit/audit_builtin.c from data/audit/builtin_rules.yaml
#   make node-defs      regenerate src/node/node_defs.c from data/node/*.yaml

CC      ?= cc
PKGS    := yaml-0.1 zlib libcurl openssl
# OPTFLAGS selects the build flavour (the sanitizer build overrides it);
# CFLAGS stays free for the user's additions.
OPTFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror -Wno-unused-parameter
ALL_CFLAGS = $(OPTFLAGS) -std=c11 -D_GNU_SOURCE $(WARNINGS) \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
# libcurl is compiled against but loaded by the first HTTP alert sink or
# etcd client (src/audit/audit_sink_curl.h), not linked; so are OpenSSL's
# libcrypto and libssl, by the first command that calls them (the HTTPS
# server of src/serve, node's certificate checks, etcd's probes and backups:
# src/core/openssl_libs.h). Unit tests that make keys link libcrypto.
PKGS_LINK := yaml-0.1 zlib
LDLIBS  += $(shell pkg-config --libs $(PKGS_LINK) 2>/dev/null || echo -lyaml -lz) -ldl -lpthread
UNIT_LDLIBS := $(shell pkg-config --libs openssl 2>/dev/null || echo -lssl -lcrypto)

SRC     := $(shell find src -name '*.c' | sort)
LIBSRC  := $(filter-out src/cli/%,$(SRC))
CLISRC  := $(filter src/cli/%,$(SRC))
UNITSRC := $(wildcard tests/unit/*.c)

BUILD   ?= build
OBJ      = $(SRC:%.c=$(BUILD)/%.o)
LIBOBJ   = $(LIBSRC:%.c=$(BUILD)/%.o)
CLIOBJ   = $(CLISRC:%.c=$(BUILD)/%.o)

# Debian packages: the build's, then what the tests and the benchmarks add.
# clang's sanitizer and fuzzer runtimes are the libclang-rt-N-dev of the
# installed clang's major version N (deps_clang_rt below).
DEPS_BUILD := gcc make pkg-config libyaml-dev zlib1g-dev \
              libcurl4-openssl-dev libssl-dev
DEPS_TEST  := $(DEPS_BUILD) libcmocka-dev clang python3 python3-jsonschema python3-yaml \
              openssl curl time logrotate etcd-server etcd-client python3-cryptography
DEPS_BENCH := $(DEPS_BUILD) python3 python3-yaml hyperfine time wrk nginx-light openssl curl \
              libmicrohttpd-dev libgnutls28-dev \
              etcd-server etcd-client jq libfyaml-dev
NPROC      := $(shell nproc 2>/dev/null || echo 2)

# Quiet by default: one short line per step; V=1 prints the commands, and
# `make -s` prints nothing but errors.
ifeq ($(V),1)
Q   :=
SAY := @:
else
Q   := @
SAY := $(if $(findstring s,$(firstword -$(MAKEFLAGS))),@:,@printf '  %-6s %s\n')
endif

# Installs the packages of $(1) that are missing (apt-get, as root).
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	  grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq >/dev/null && apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

.PHONY: all deps deps-test deps-bench run check test units asan tsan fuzz bench docs builtin-rules node-defs clean

all: ringwall

ringwall: $(BUILD)/ringwall
	cp $< $@

$(BUILD)/ringwall: $(OBJ)
	$(SAY) LD $@
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libringwall.a: $(LIBOBJ)
	$(SAY) AR $@
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(SAY) CC $(BUILD)/$<
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libringwall.a
	@mkdir -p $(dir $@)
	$(SAY) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libringwall.a $(LDLIBS) $(UNIT_LDLIBS) -lcmocka

UNITBIN = $(UNITSRC:tests/unit/%.c=$(BUILD)/tests/%)

# Applications of the server module that the suites and benchmarks run.
SERVEBIN = $(BUILD)/tests-serve/echo_server

$(BUILD)/tests-serve/%: tests/serve/%.c $(BUILD)/libringwall.a
	@mkdir -p $(dir $@)
	$(SAY) CC $@
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libringwall.a $(LDLIBS)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libringwall.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libringwall.a $(LDLIBS)

deps:
	$(call apt_install,$(DEPS_BUILD))

deps-test:
	$(call apt_install,$(DEPS_TEST))
	@v=$$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1); \
	$(MAKE) -s --no-print-directory deps-clang-rt CLANG_RT=libclang-rt-$$v-dev

deps-clang-rt:
	$(call apt_install,$(CLANG_RT))

deps-bench:
	$(call apt_install,$(DEPS_BENCH))

run: deps
	@$(MAKE) -s --no-print-directory -j$(NPROC) ringwall
	./ringwall scan examples/ || [ $$? -eq 1 ]

units: $(UNITBIN) $(SERVEBIN)

test: ringwall units
	python3 tests/run.py --ringwall ./ringwall --units $(BUILD)/tests

# The sanitizer build also carries libFuzzer's edge counters (a few per cent
# of its run time), so that the fuzz smoke test links its targets against
# this library instead of compiling the sources a third time.
asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan CC=clang \
	  OPTFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	  -fsanitize-coverage=inline-8bit-counters,pc-table" \
	  build-asan/ringwall units

# The threaded scan under ThreadSanitizer: a data race fails the suite (the
# report differs from the one-thread run). Not part of check: it would add
# a third build and the suite again.
tsan: deps-test
	$(Q)$(MAKE) --no-print-directory -j$(NPROC) BUILD=build-tsan CC=clang \
	  OPTFLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer" build-tsan/ringwall
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" python3 tests/run.py \
	  --ringwall build-tsan/ringwall --units build-tsan/tests --only suite/scan_parallel

# Both builds at once, then every suite (in parallel, one line per suite).
check: deps-test
	@echo "building (plain and ASan+UBSan)"
	@$(MAKE) -s --no-print-directory -j$(NPROC) ringwall units asan
	python3 tests/run.py --ringwall ./ringwall --units $(BUILD)/tests \
	  --asan-ringwall build-asan/ringwall --asan-units build-asan/tests

fuzz: deps-test
	$(MAKE) -C tests/fuzz run

bench: deps-bench ringwall
	sh bench/run.sh

docs: ringwall
	@mkdir -p docs
	./ringwall checks --format markdown > docs/checks.md.tmp && mv docs/checks.md.tmp docs/checks.md

builtin-rules:
	python3 data/audit/gen_builtin.py data/audit/builtin_rules.yaml src/audit/audit_builtin.c

node-defs:
	python3 data/node/gen_defs.py data/node cis-1.12,cis-1.11 src/node/node_defs.c

clean:
	rm -rf build build-asan build-tsan build-fuzz ringwall

-include $(OBJ:.o=.d)
