# myia: `make demo` runs the demo, `make test` runs every test, `make fuzz` a
# fuzzing campaign (docs/fuzzing.md).
# Both create the virtual environment .venv (Python 3.11) when it is missing and
# (re)install the project into it, editable, when pyproject.toml changed.

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.myia-installed

.PHONY: demo test lit pytest lint typecheck wheel install clean fuzz

demo: $(STAMP)
	@if [ -f examples/mlp.py ]; then $(BIN)/python examples/mlp.py; else $(BIN)/python examples/demo.py; fi

# Every suite runs even if an earlier one fails; the target fails if any does.
test: $(STAMP)
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(MAKE) --no-print-directory typecheck || status=1; \
	$(BIN)/pytest -n 2 tests || status=1; \
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/lit -v tests/filecheck || status=1; \
	$(MAKE) --no-print-directory wheel || status=1; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy (configured in pyproject.toml) finds the package `myia.dialects` in
# build/typecheck/myia/dialects, a link to the folder dialects/ (and so for each).
typecheck: $(STAMP)
	@rm -rf build/typecheck && mkdir -p build/typecheck/myia
	@for f in myia/*.py; do ln -s "$(CURDIR)/$$f" "build/typecheck/$$f"; done
	@for d in dialects frontend passes lowering runtime; do ln -s "$(CURDIR)/$$d" build/typecheck/myia/$$d; done
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -n 2 tests

# The wheel, installed (not editable) in a throwaway environment, works outside the checkout.
wheel: $(STAMP)
	bash tests/install/check_wheel.sh $(BIN)/python

lit: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/lit -v tests/filecheck

# A differential fuzzing campaign against CPython (docs/fuzzing.md): SEED (default
# random), COUNT programs, at most TIME seconds; FUZZ_ARGS takes the other options
# (`make fuzz FUZZ_ARGS=--help`). Failures, reduced, go to fuzz-failures/.
SEED ?=
COUNT ?= 1000
TIME ?=
FUZZ_ARGS ?=
fuzz: $(STAMP)
	cd tests && $(abspath $(BIN))/python -m fuzz --count $(COUNT) --out $(CURDIR)/fuzz-failures \
		$(if $(SEED),--seed $(SEED)) $(if $(TIME),--time $(TIME)) $(FUZZ_ARGS)

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml setup.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,cuda,dask]'
	touch $(STAMP)

clean:
	rm -rf build *.egg-info .pytest_cache fuzz-failures
	find tests -name Output -type d -prune -exec rm -rf {} +
