# Newswire — targets:
#   make deps    install missing system packages (libzmq3-dev, libxml2-dev, libsqlite3-dev, ...)
#   make build   release build of every executable
#   make run     build, then start broker + stages + sample site and ingest the sample feeds
#   make test    the whole test suite (unit and end-to-end, real processes and sockets)
#   make bench   benchmarks (broker throughput, parser, enricher, end to end)
#   make up / make down   docker compose stack
#   make clean   remove build output and ./data
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libzmq3-dev libxml2-dev libsqlite3-dev pkg-config

.PHONY: deps build run test bench clean up down

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "newswire: installing missing system packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 $$missing; \
	fi

build: deps
	$(SWIFT) build -c release

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build .build-* data
