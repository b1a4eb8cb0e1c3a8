# Newswire — targets:
#   make deps    install missing system packages (libzmq3-dev, libxml2-dev, libsqlite3-dev, zlib1g-dev, pkg-config)
#                (make deps-test: what the tests need too, chromium)
#   make build   release build of every executable
#   make run     build, then start broker + stages + the sample site, ingest the sample feeds,
#                show progress and a summary; Ctrl-C drains and stops every process
#   make test    the whole test suite (unit and end-to-end: real processes, sockets, HTTP, SQLite)
#   make test-web  the web server's tests: API over SQLite and PostgreSQL, HTTP, headless Chromium
#   make bench   benchmarks (broker vs raw libzmq, parser, enricher, storage); medians of runs
#   make quality the extraction dev figures in one table (both bench sets, trafilatura beside)
#   make fuzz    libFuzzer targets (docs/FUZZING.md), FUZZ_SECONDS each (default 600)
#   make train-ner  rebuild the entity tagger models (en, de, fr, es) from corpora checkouts:
#                GERMEVAL=... EUROPEANA=... BVMC=... SMARTDATA=... EWT=... PUD=... GUM=...
#                (see scripts/enricher/train_ner.sh)
#   make soak    the pipeline for SOAK_SECONDS (default 300) while processes are killed with
#                SIGKILL and restarted; then every sample page must be stored exactly once
#   make up / make down   the docker compose stack
#   make clean   remove build output and ./data
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libzmq3-dev libxml2-dev libsqlite3-dev zlib1g-dev pkg-config
# What the tests need beyond the build: Debian's headless-capable Chromium (the
# web app's browser tests drive it over the DevTools protocol).
APT_TEST_PACKAGES := chromium
DATA ?= ./data
SHARED ?= ../shared
RELEASE_BIN = .build/release

.PHONY: train-ner deps deps-test build run test test-web bench quality fuzz soak clean up down test-compose

deps-test:
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(APT_TEST_PACKAGES)"

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "newswire: installing missing system packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 $$missing \
		|| { echo "newswire: could not install$$missing; install them and retry"; exit 1; }; \
	fi

build: deps
	$(SWIFT) build -c release

run: build
	NEWSWIRE_DATA_DIR=$(DATA) $(RELEASE_BIN)/newswire pipeline --data $(DATA)

# The storage suite also runs against a real PostgreSQL 15 on 127.0.0.1,
# started here (scripts/postgres/start.sh) and stopped when the tests end.
# One test at a time: on 2 cores the end-to-end tests (stage processes, the kill
# soak, the browser) starved the concurrency pool of the in-process servers of
# other tests, which then missed their deadlines (about 4 minutes in all).
test: deps deps-test
	$(SWIFT) build --build-tests
	@set -e; PG="$$(scripts/postgres/start.sh)"; eval "$$PG"; \
	trap 'scripts/postgres/stop.sh "$$NEWSWIRE_TEST_POSTGRES_DIR"' EXIT; \
	$(SWIFT) test --skip-build --no-parallel

# The web tests alone (also part of `make test`); screenshots in .build/web-screenshots.
test-web: deps deps-test
	NEWSWIRE_TEST_ONLY=WebTests $(SWIFT) build --build-tests
	@set -e; PG="$$(scripts/postgres/start.sh)"; eval "$$PG"; \
	trap 'scripts/postgres/stop.sh "$$NEWSWIRE_TEST_POSTGRES_DIR"' EXIT; \
	NEWSWIRE_TEST_ONLY=WebTests $(SWIFT) test --skip-build --filter WebTests

bench: build
	@echo "== broker: durable broker vs raw libzmq hop (10 KB messages)"
	$(RELEASE_BIN)/newswire bench broker --messages 20000 --runs 3
	@echo "== parser: extraction benchmark set"
	$(RELEASE_BIN)/newswire-parser bench --bench $(SHARED)/bench/extract --runs 5
	@echo "== enricher: whole enricher, tokens/s"
	$(RELEASE_BIN)/newswire-enricher bench
	@echo "== storage"
	$(RELEASE_BIN)/newswire-storage bench --articles 2000
	@echo "== end to end: sample-site pages repeated to 2,000, one process per stage"
	$(RELEASE_BIN)/newswire bench pipeline --pages 2000 --runs 3

# Text F1 on ../shared/bench/{extract,news}, dates, titles, authors, pages
# typed as non-articles, trafilatura's figures beside (scripts/quality).
quality: deps
	scripts/quality/quality.sh $(SHARED)

# make up PROFILES="demo postgres monitoring": the stack with optional profiles
# (postgres also points storage at it unless NEWSWIRE_STORAGE_DATABASE is set).
# make down stops every profile's containers, whichever were started.
PROFILES ?=
ifneq ($(filter postgres,$(PROFILES)),)
export NEWSWIRE_STORAGE_DATABASE ?= postgres://newswire:newswire@postgres:5432/newswire
endif

up:
	docker compose $(foreach p,$(PROFILES),--profile $(p)) up --build -d

down:
	docker compose --profile demo --profile postgres --profile monitoring down

FUZZ_SECONDS ?= 600
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh all

soak: build
	BIN=$(RELEASE_BIN) scripts/soak/soak.sh

clean:
	rm -rf .build .build-* $(DATA)

# The compose stack for real: engine, base image, host-built static binaries, scale and kill
# (scripts/compose/ci-test.sh; stops the daemons it started).
test-compose: deps
	scripts/compose/ci-test.sh

# The entity tagger models, from corpora checkouts given on the command line
# (scripts/enricher/train_ner.sh names the repositories; nothing is fetched).
train-ner: deps
	$(SWIFT) build -c release --product newswire-enricher
	scripts/enricher/train_ner.sh "$(GERMEVAL)" "$(EUROPEANA)" "$(BVMC)" "$(SMARTDATA)" "$(EWT)" "$(PUD)" "$(GUM)" $(RELEASE_BIN)/newswire-enricher
