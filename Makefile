# The two commands that matter (see README.md):
#   make run    set up and run the main job
#   make test   set up and run every test (what CI runs, via .ci/run)
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: setup run test quick lint typecheck bench clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

setup: .venv/.synced

run: setup
	.venv/bin/lockstep serve

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

typecheck: setup
	.venv/bin/mypy

# Every test, slow, browser (Chromium) and PostgreSQL tests included; the services
# are installed when missing and started for the run by scripts/with-test-services.
test: lint typecheck
	scripts/with-test-services .venv/bin/pytest -m "" -q

# The default quick suite for the edit-test loop.
quick: setup
	.venv/bin/pytest -q -m "not slow and not browser and not postgres and not dask"

bench: setup
	.venv/bin/python -m benchmarks

clean:
	rm -rf .venv .tools .mypy_cache .ruff_cache .pytest_cache
