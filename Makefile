# cnsnet: make run · make test · make soak · make screenshots · make bench · make lint · make lock · make dist
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements.lock
LOCKED := $(VENV)/.locked
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed
# uv creates both venvs and installs into them (pinned with hashes in tools/requirements-uv.txt;
# fetched by the Python's own pip, or by a small venv's pip where the Python has none).
UV_DIR := .venv-uv
UV := $(UV_DIR)/bin/uv
# uv makes each venv on exactly $(PYTHON) (the interpreter it runs as, not any Python of
# that version uv could find), never on a Python it downloaded or installed itself; like pip
# it compiles bytecode.
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON_PREFERENCE := only-system
export UV_COMPILE_BYTECODE := 1
NEW_VENV = $(UV) venv --quiet --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
# what to do when uv cannot make a venv, e.g. one is there whose Python no longer runs (uv's
# own hint names a flag of its own)
BROKEN_VENV = echo "make: could not create $(1) (see above); if a $(1) is left there, run make clean, then make again" >&2; exit 1
# Build-time tools (cyclonedx-python-lib, pip, setuptools): their own venv, never a runtime
# dependency.
TOOLS := .venv-dist
TOOLS_STAMP := $(TOOLS)/.installed
# make dist PLATFORMS=host builds for this machine's Python and platform only.
PLATFORMS ?= all
DIST_DIR ?= dist

.PHONY: run test soak screenshots bench lint lock dist clean
# `make` alone sets up .venv for `make run`, as it did when that was the first rule here
.DEFAULT_GOAL := $(RUNTIME)

# Two jobs at once: `make test` fills the test venv and the build tools' venv side by side,
# each waiting on its own downloads. Goals named together (`make clean test`) still run one at a time,
# as does `make` with no goal.
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j2
endif
ifneq ($(words $(MAKECMDGOALS)),1)
.NOTPARALLEL:
endif

# Runtime dependencies come from the lock, every file checked against its recorded hash.
$(LOCKED): pyproject.toml $(LOCK) $(UV)
	test -x $(PY) || $(NEW_VENV) $(VENV) || { $(call BROKEN_VENV,$(VENV)); }
	$(UV) pip install --quiet --python $(PY) --require-hashes -r $(LOCK)
	touch $(LOCKED)

# make run: cnsnet itself on top, installed from this folder (editable).
$(RUNTIME): $(LOCKED)
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	touch $(RUNTIME)

# make test: cnsnet with its test extra, the extra's versions free but the runtime ones held
# to the lock. This installs cnsnet as $(RUNTIME) does (one editable build, not two), so it
# stands for $(RUNTIME) too.
$(STAMP): $(LOCKED)
	sed -E '/^ *(--hash|#)/d; s/ *\\$$//' $(LOCK) > $(VENV)/constraints.txt
	$(UV) pip install --quiet --python $(PY) -e '.[test]' -c $(VENV)/constraints.txt
	touch $(STAMP) $(RUNTIME)

run: $(RUNTIME)
	$(VENV)/bin/cnsnet

# Tests may cache compiled modules (__pycache__, ignored by git) even where the machine sets
# PYTHONDONTWRITEBYTECODE: without the cache every xdist worker and every cnsnet process a
# test starts compiles cnsnet again, and pytest rewrites every test module again (measured
# here: 63 s for the suite without it, 56 s with it).
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest

# The bundle test (tests/bundle) builds the bundle with the build tools' venv. Made here, it
# installs beside the test venv instead of inside the test run. Where it cannot be made, the
# bundle test tries again (and skips, saying why, offline).
test: $(STAMP) build-tools
	$(PYTEST) -q
	$(VENV)/bin/lint-imports

# The random key bursts of `make test` at length: SOAK_SEEDS apps × SOAK_BURSTS bursts each.
SOAK_SEEDS ?= 100
SOAK_BURSTS ?= 60
soak: $(STAMP)
	CNSNET_SOAK_SEEDS=$(SOAK_SEEDS) CNSNET_SOAK_BURSTS=$(SOAK_BURSTS) \
		$(PYTEST) -q -p no:cacheprovider tests/tui/test_key_bursts.py -k random_key_bursts

screenshots: $(STAMP)
	$(PY) -m tui.screenshots screenshots

bench: $(STAMP)
	$(PY) bench/run.py

# make lint: the lint extra (ruff, mypy) on top of the test venv, held to the lock as the test
# extra is. Only the extra's own packages: cnsnet stays installed as $(STAMP) left it.
LINT_STAMP := $(VENV)/.lint
$(LINT_STAMP): $(STAMP)
	$(UV) pip install --quiet --python $(PY) -r pyproject.toml --extra lint -c $(VENV)/constraints.txt
	touch $(LINT_STAMP)

lint: $(LINT_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# For make test: the build tools if they can be had quickly (uv retries once, not three
# times: offline, every make test would wait on it).
.PHONY: build-tools
build-tools: $(UV)
	@UV_HTTP_RETRIES=1 $(MAKE) --no-print-directory $(TOOLS_STAMP) || \
		echo "make: the build tools ($(TOOLS)) could not be installed now; the bundle test tries again, and skips if PyPI cannot be reached"

$(TOOLS_STAMP): tools/requirements-build.txt $(UV)
	test -x $(TOOLS)/bin/python || $(NEW_VENV) $(TOOLS) || { $(call BROKEN_VENV,$(TOOLS)); }
	$(UV) pip install --quiet --python $(TOOLS)/bin/python -r tools/requirements-build.txt
	touch $(TOOLS_STAMP)

# uv itself: into $(UV_DIR) with the Python's pip (about 2 s; even where pip is set to
# install only into a venv), or, where that Python has no pip, into a venv of its own there.
# Either way the command is $(UV_DIR)/bin/uv. --no-deps: uv needs no other package, and with
# every file pinned by its hash pip has nothing to resolve (that took 0.45 s of the 2 s).
$(UV): tools/requirements-uv.txt
	rm -rf $(UV_DIR)
	if $(PYTHON) -m pip --version >/dev/null 2>&1; then \
		PIP_ROOT_USER_ACTION=ignore PIP_REQUIRE_VIRTUALENV=0 $(PYTHON) -m pip install --quiet --disable-pip-version-check \
			--require-hashes --no-deps --target $(UV_DIR) -r tools/requirements-uv.txt; \
	else \
		$(PYTHON) -m venv $(UV_DIR) && \
		$(UV_DIR)/bin/python -m pip install --quiet --require-hashes --no-deps -r tools/requirements-uv.txt; \
	fi
	touch $(UV)

# Refresh the lock: every runtime dependency pinned with the hashes of all its files, for
# every platform and Python version at once (network needed).
lock: $(UV)
	$(UV) pip compile pyproject.toml --universal --generate-hashes \
		--python-version 3.11 --custom-compile-command "make lock" --quiet -o $(LOCK)

# The offline bundle: dist/cnsnet-<version>-offline.zip (network needed to fetch wheels).
dist: $(TOOLS_STAMP)
	$(TOOLS)/bin/python tools/dist.py --platforms $(PLATFORMS) --out $(DIST_DIR)

clean:
	rm -rf $(VENV) $(TOOLS) $(UV_DIR) .pytest_cache .hypothesis build
