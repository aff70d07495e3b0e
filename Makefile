# dz - build, test, demo, bench.  GNU make.
#   make          build ./dz (installs missing Debian packages first)
#   make test     unit + end-to-end tests, then the same suite under
#                 AddressSanitizer + UndefinedBehaviorSanitizer
#   make demo     run the demo county (fixtures/demo/county.ini) into out/
#   make fixtures regenerate the demo county from the generator
#   make bench    benchmark on a generated 1,000,000-resident county
#   make bench-scale  the scaling table to 10,000,000 residents (~2 GB cache)
#   make fuzz     build the libFuzzer harnesses of tests/fuzz/ with clang and
#                 run each for FUZZ_SECONDS (default 60; FUZZ_ONLY=csv runs one)
#   make install  install dz, man pages, docs and examples under PREFIX
#                 (default /usr/local; DESTDIR for staging); make uninstall

CC      ?= gcc
OPT     ?= -O2 -g
PKGS    := libxml-2.0 xlsxwriter minizip inih zlib sqlite3 freexl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  := -std=c11 -Wall -Wextra -D_GNU_SOURCE $(OPT) -Ipipeline $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS  := -lcsv $(PKG_LIBS) -lpthread -lm
BUILD   ?= build
ifeq ($(SAN),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif

PIPE_SRC := $(sort $(wildcard pipeline/*.c))
CMD_SRC  := $(sort $(wildcard cmd/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
PIPE_OBJ := $(PIPE_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ  := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
GEN_BIN  := $(BUILD)/fixtures/gen
TOOL_BIN := $(BUILD)/bench/csvcount
# fuzz harnesses (tests/fuzz/<name>.c, docs/testing.md): replay-<name> is the
# harness over files (gcc, make test); fuzz-<name> the libFuzzer binary (make fuzz)
FUZZ_SRC := $(filter-out tests/fuzz/replay.c,$(sort $(wildcard tests/fuzz/*.c)))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/%.c=%)
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay-%)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DOCDIR  ?= $(PREFIX)/share/doc/dz
INSTALL ?= install
# man pages: man/*.1 (or man/man1/*.1) in English, man/zh_CN/*.1 (or
# man/zh_CN/man1/*.1) in Chinese; the demo county without its answer keys
MAN1    := $(wildcard man/*.1 man/man1/*.1)
MAN1_ZH := $(wildcard man/zh_CN/*.1 man/zh_CN/man1/*.1)
DOCS    := README.md $(wildcard docs/*.md)
EXAMPLES := $(wildcard docs/examples/*)
DEMO    := $(filter-out fixtures/demo/expected fixtures/demo/out,$(wildcard fixtures/demo/*))

.PHONY: all deps build test test-build demo fixtures bench bench-scale clean install uninstall \
	fuzz fuzz-build
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory build

deps:
	@sh tools/deps.sh

build: dz

dz: $(BUILD)/dz
	cp $< $@

$(BUILD)/dz: $(CMD_OBJ) $(BUILD)/libdz.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libdz.a: $(PIPE_OBJ)
	rm -f $@
	ar rcs $@ $^

# minizip and libfreexl have no version macro: dz version reports pkg-config's
$(BUILD)/pipeline/version.o: CFLAGS += \
	-DDZ_MINIZIP_VERSION='"$(shell pkg-config --modversion minizip 2>/dev/null)"' \
	-DDZ_FREEXL_VERSION='"$(shell pkg-config --modversion freexl 2>/dev/null)"'

$(BUILD)/%.o: %.c $(wildcard pipeline/*.h cmd/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(BUILD)/libdz.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(BUILD)/libdz.a $(LDLIBS)

$(GEN_BIN): $(wildcard fixtures/*.c fixtures/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c,$^) $(LDLIBS)

$(TOOL_BIN): bench/csvcount.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

$(BUILD)/fuzz/replay-%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(BUILD)/libdz.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/fuzz $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libdz.a $(LDLIBS)

$(BUILD)/fuzz/fuzz-%: tests/fuzz/%.c tests/fuzz/fuzz.h $(BUILD)/libdz.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/fuzz $(LDFLAGS) -o $@ $< $(BUILD)/libdz.a $(LDLIBS)

test-build: $(BUILD)/dz $(UNIT_BIN) $(GEN_BIN) $(REPLAY_BIN)

test: deps
	@$(MAKE) --no-print-directory BUILD=build test-build
	@$(MAKE) --no-print-directory BUILD=build/san SAN=1 test-build
	@sh tests/run.sh build build/san

# libFuzzer with ASan+UBSan: the library is rebuilt by clang in build/libfuzzer
FUZZ_SECONDS ?= 60
FUZZ_ONLY ?= $(FUZZ_NAMES)
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
fuzz: deps
	@$(MAKE) --no-print-directory BUILD=build/libfuzzer CC=clang OPT="-O1 -g" \
		EXTRA_CFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
		LDFLAGS="-fsanitize=fuzzer $(FUZZ_SAN)" FUZZ_ONLY="$(FUZZ_ONLY)" fuzz-build
	@sh tests/fuzz/run.sh build/libfuzzer $(FUZZ_SECONDS) $(FUZZ_ONLY)

fuzz-build: $(FUZZ_ONLY:%=$(BUILD)/fuzz/fuzz-%)

demo: all
	./dz run fixtures/demo/county.ini --out out

fixtures: deps
	@$(MAKE) --no-print-directory $(GEN_BIN)
	$(GEN_BIN) demo fixtures/demo

bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/dz $(BUILD)/libdz.a $(GEN_BIN) $(TOOL_BIN)
	@sh bench/bench.sh $(BUILD)

# the scaling table up to 10,000,000 residents and a province on one machine
bench-scale: deps
	@$(MAKE) --no-print-directory $(BUILD)/dz $(GEN_BIN) $(TOOL_BIN)
	@sh bench/scale.sh $(BUILD)

install: $(BUILD)/dz
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/zh_CN/man1 \
		$(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR)/demo
	$(INSTALL) -m 755 $(BUILD)/dz $(DESTDIR)$(BINDIR)/dz
	$(if $(MAN1),$(INSTALL) -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/)
	$(if $(MAN1_ZH),$(INSTALL) -m 644 $(MAN1_ZH) $(DESTDIR)$(MANDIR)/zh_CN/man1/)
	$(INSTALL) -m 644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	$(if $(EXAMPLES),$(INSTALL) -m 644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/)
	$(INSTALL) -m 644 $(DEMO) $(DESTDIR)$(DOCDIR)/demo/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dz
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/zh_CN/man1/,$(notdir $(MAN1_ZH)))
	rm -rf $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build dz out
