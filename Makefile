# aeupgrade — build, test, demo and benchmark. Every target installs what it is missing.
SWIFT ?= swift
SHELL := /bin/bash

.PHONY: deps build test demo bench clean

## deps: system packages the build and tests need (libcurl headers, chromium, graphviz, PostgreSQL for the state
## backend's tests: each starts a throwaway cluster), installed with apt-get when missing.
deps:
	@if ! echo '#include <curl/curl.h>' | cc -E -x c - >/dev/null 2>&1; then \
		echo "installing libcurl4-openssl-dev (curl/curl.h is missing)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcurl4-openssl-dev; \
	fi
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing (headless browser for the HTML report test, Graphviz for the DOT test, PostgreSQL for the state tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

## test: builds and runs every test. One test at a time: on 2 cores the tests' in-process servers, simulated farms
## and child processes starve each other when run side by side (deadlines missed), and one at a time is faster too.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel
	@bash scripts/contract-test.sh
	@bash scripts/demo-test.sh

## demo: the whole story on a simulated farm in about 70 s: plan, validate, apply with live progress,
## Ctrl-C half-way, status, resume, zero lost jobs, HTML report.
demo: deps
	$(SWIFT) build
	@bash scripts/demo.sh

## bench: speed and memory figures, printed as ratios measured side by side.
bench: deps
	$(SWIFT) build -c release
	@bash scripts/bench.sh
	@bash scripts/bench-sim.sh
	@bash scripts/bench-apply.sh
	@bash scripts/bench-state.sh

clean:
	rm -rf .build .aeupgrade
