# localnet: `make report` builds the demo report, `make test` runs the test suite.
# Both create the virtual environment in .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STUDY  ?= data
OUT    ?= reports
JOBS   ?= 2

.PHONY: setup report test lab benchmark docs clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

report: setup
	$(BIN)/localnet run --study $(STUDY) --out $(OUT) --jobs $(JOBS)

test: setup
	$(BIN)/ruff check localnet_helpers tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

docs: setup
	$(BIN)/python -c "from localnet_helpers.catalogue import update_docs; update_docs('docs/outputs.md')"

benchmark: setup
	$(BIN)/python benchmarks/run.py

lab: setup
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(OUT)/* $(VENV)
