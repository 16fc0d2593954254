# The two commands of the README: `make serve` (build the site into site/ and serve it) and
# `make test` (every check and test). Both set up .venv/ and node_modules/ first, idempotently.
PYTHON := .venv/bin/python
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build preview validate lint setup bench lock

setup:
	@bash tools/bootstrap.sh

# `make serve PORT=8080`: the site is built for the address it is served at (instant navigation needs that).
serve: setup
	@GX_SITE_URL=$${GX_SITE_URL:-http://127.0.0.1:$(PORT)/} $(PYTHON) -m generator build
	@echo "网站已生成在 site/，正在 http://127.0.0.1:$(PORT) 提供服务（Ctrl+C 停止）"
	@$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory site

build: setup
	@$(PYTHON) -m generator build

preview: setup
	@$(PYTHON) -m generator preview

validate: setup
	@$(PYTHON) -m generator validate

# requirements.txt (every pin, transitive ones included) from the one list in pyproject.toml; needs the package index.
lock: setup
	@.venv/bin/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.txt pyproject.toml

lint:
	@$(PYTHON) -m ruff check .
	@$(PYTHON) -m ruff format --check .
	@$(PYTHON) -m mypy

test:
	@bash tools/bootstrap.sh --browser
	@$(MAKE) --no-print-directory lint
	@$(PYTHON) -m generator validate
	@$(PYTHON) -m pytest

# Benchmarks and performance budgets (bench/README.md): not part of `make test` (which runs a smoke run of each).
# Writes bench/results.json and the table of the README's 性能 section.
# Without Chromium the browser benchmarks are skipped with a message; without nginx gzip sizes are computed.
bench: setup
	@$(PYTHON) -m bench
