# ringwall — plain Makefile + pkg-config.
#   make          build ./ringwall
#   make deps     install missing Debian packages (idempotent, quiet when all present)
#   make run      deps + build + scan the bundled examples/
#   make check    deps + build + the whole test suite, plain and under ASan+UBSan
#   make fuzz     build and run the libFuzzer targets for a bounded time
#   make bench    run the benchmarks under bench/
#   make docs     regenerate docs/checks.md from the catalog

CC      ?= cc
PKGS    := yaml-0.1
# OPTFLAGS selects the build flavour (the sanitizer build overrides it);
# CFLAGS stays free for the user's additions.
OPTFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror -Wno-unused-parameter
ALL_CFLAGS = $(OPTFLAGS) -std=c11 -D_GNU_SOURCE $(WARNINGS) \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml) -lm

SRC     := $(shell find src -name '*.c' | sort)
LIBSRC  := $(filter-out src/cli/%,$(SRC))
CLISRC  := $(filter src/cli/%,$(SRC))
UNITSRC := $(wildcard tests/unit/*.c)

BUILD   ?= build
OBJ      = $(SRC:%.c=$(BUILD)/%.o)
LIBOBJ   = $(LIBSRC:%.c=$(BUILD)/%.o)
CLIOBJ   = $(CLISRC:%.c=$(BUILD)/%.o)

# Debian packages the build, the tests and the benchmarks need.
DEPS := gcc make pkg-config libyaml-dev libcmocka-dev clang libclang-rt-14-dev \
        python3 python3-jsonschema python3-yaml openssl curl hyperfine time

.PHONY: all deps run check test units asan fuzz bench docs clean

all: ringwall

ringwall: $(BUILD)/ringwall
	cp $< $@

$(BUILD)/ringwall: $(OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libringwall.a: $(LIBOBJ)
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libringwall.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libringwall.a $(LDLIBS) -lcmocka

UNITBIN = $(UNITSRC:tests/unit/%.c=$(BUILD)/tests/%)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libringwall.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libringwall.a $(LDLIBS)

deps:
	@missing=$$(for p in $(DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	  grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq >/dev/null && apt-get install -y -qq $$missing >/dev/null; \
	fi

run: deps ringwall
	./ringwall scan --exclude ringwall.yaml examples/ || [ $$? -eq 1 ]

units: $(UNITBIN)

test: ringwall units
	python3 tests/run.py --ringwall ./ringwall --units $(BUILD)/tests

asan:
	$(MAKE) BUILD=build-asan CC=clang \
	  OPTFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  build-asan/ringwall units

check: deps
	$(MAKE) ringwall units
	$(MAKE) asan
	python3 tests/run.py --ringwall ./ringwall --units $(BUILD)/tests \
	  --asan-ringwall build-asan/ringwall --asan-units build-asan/tests

fuzz: deps
	$(MAKE) -C tests/fuzz run

bench: deps ringwall
	sh bench/run.sh

docs: ringwall
	@mkdir -p docs
	./ringwall checks --format markdown > docs/checks.md.tmp && mv docs/checks.md.tmp docs/checks.md

clean:
	rm -rf build build-asan build-fuzz ringwall

-include $(OBJ:.o=.d)
