# Developer entry points. `make` builds, `make run` serves the demo site on
# http://127.0.0.1:8080, `make test` runs every test (normal build, then again
# under ASan+UBSan). Every target is idempotent and may be re-run at will.
# CI=true (as set by CI systems) turns warnings into errors.

BUILD_DIR ?= build
ASAN_DIR  ?= build-asan
DATA_DIR  ?= data
JOBS      ?= $(shell nproc)
# Integration tests start servers on ephemeral ports, so ctest may run them in parallel.
CTEST_JOBS ?= 2

ifeq ($(CI),true)
WERROR := ON
else
WERROR := OFF
endif

CMAKE_FLAGS := -DBROADSIDE_WERROR=$(WERROR)
CTEST := ctest --output-on-failure -j$(CTEST_JOBS)
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
                 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.DEFAULT_GOAL := build
.PHONY: deps build run test test-asan bench bench-search bench-members bench-webhooks clean

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	@if [ ! -f $(DATA_DIR)/broadside.toml ]; then \
	  echo "make run: creating demo site in $(DATA_DIR)/"; \
	  $(BUILD_DIR)/broadside init --data $(DATA_DIR) --demo; \
	fi
	exec $(BUILD_DIR)/broadside serve --data $(DATA_DIR)

test: build
	$(CTEST) --test-dir $(BUILD_DIR)
	$(MAKE) --no-print-directory test-asan

test-asan: deps
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DBROADSIDE_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_DIR) -j$(JOBS)
	$(SANITIZER_ENV) $(CTEST) --test-dir $(ASAN_DIR)

bench: build
	@bash scripts/install-deps.sh --bench
	BROADSIDE_BIN=$(BUILD_DIR)/broadside bash bench/run.sh

# Search and the Mailbag on a seeded site (5,000 articles, 10,000 Q&As; seeding
# takes a few minutes). BENCH_DATA=DIR keeps the seeded site for the next run.
bench-search: build
	@bash scripts/install-deps.sh --bench
	BROADSIDE_BIN=$(BUILD_DIR)/broadside bash bench/run.sh --search

# The back office's member list and search with 100,000 members, and 200 sign-ups/s.
bench-members: build
	@bash scripts/install-deps.sh --bench
	BROADSIDE_BIN=$(BUILD_DIR)/broadside bash bench/run.sh --members

# Stripe webhooks: 500 signed events/s for 30 s, each applied exactly once (counted).
bench-webhooks: build
	@bash scripts/install-deps.sh --bench
	BROADSIDE_BIN=$(BUILD_DIR)/broadside bash bench/run.sh --webhooks

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
