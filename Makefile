# Two commands on a fresh machine:  `make book`  and  `make test`.
# Both create the virtual environment first when none is active.
VENV ?= $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV),.venv)
BIN := $(VENV)/bin
STAMP := $(VENV)/.belpolicy-installed
export PATH := $(abspath $(BIN)):$(PATH)
# matplotlib must never try to open a window (CI has no screen)
export MPLBACKEND := Agg

.PHONY: book test test-fast env check clean

book: $(STAMP)
	$(BIN)/belpolicy build --edition all

test: $(STAMP)
	$(BIN)/python -m pytest

# The unit tests only (no notebook is executed): well under a minute.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

env: $(STAMP)

check: $(STAMP)
	$(BIN)/belpolicy data check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf _build _book .quarto _variables.yml
