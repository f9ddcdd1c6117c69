# BorderDesk: `make run` opens the app, `make test` runs every check. Both install what is
# missing first (Debian packages, npm packages, tauri-driver).
SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo
TOOLS := $(CURDIR)/.tools
UI := ui

.PHONY: help deps ui-deps ui build run test check fmt-check clippy ui-check bindings-check \
        test-rust test-e2e bench server clean deb

help:
	@echo "make run    - build and open the BorderDesk app (offline, bundled catalog, local SQLite)"
	@echo "make test   - every check: fmt, clippy, UI type check, unit, PostgreSQL integration, end-to-end"
	@echo "make bench  - benchmarks (start-up, sync throughput, durable submit)"
	@echo "make server - run borderdesk-server (needs BORDERDESK_DATABASE_URL)"
	@echo "make deb    - the app's Debian package (target/release/bundle/deb/borderdesk_*.deb)"

deps:
	@bash scripts/ensure-system-deps.sh
	@$(MAKE) --no-print-directory ui-deps

ui-deps:
	@if [ ! -d $(UI)/node_modules ] || [ $(UI)/package-lock.json -nt $(UI)/node_modules/.package-lock.json ]; then \
	  cd $(UI) && npm ci --no-audit --no-fund --loglevel=error; fi

ui: ui-deps
	cd $(UI) && npm run build && npm run build:console

build: deps ui
	$(CARGO) build -p borderdesk -p borderdesk-server -p borderdesk-ctl

run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found: running under a virtual X server (xvfb-run)."; \
	  xvfb-run -a -s "-screen 0 1280x800x24" ./target/debug/borderdesk; \
	else ./target/debug/borderdesk; fi

deb: deps ui
	@bash scripts/package-deb.sh release

server:
	$(CARGO) run -p borderdesk-server -- serve

test: deps ui
	@bash scripts/test.sh

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

ui-check: ui-deps
	cd $(UI) && npm run check

bindings-check:
	@bash scripts/check-bindings.sh

test-rust:
	$(CARGO) test --workspace

test-e2e:
	@bash tests/e2e/run.sh

bench: deps ui
	@bash tests/bench/run.sh

clean:
	$(CARGO) clean
	rm -rf $(UI)/dist $(UI)/node_modules
