# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DATA := $(SHARED)/data
DEMO_DB ?= demo.db
# `DEMO_SERVE=0 make demo` ends after the terminal output instead of serving the web app.
DEMO_SERVE ?= 1
# The demo set: the two seed reports, one NewsWCL50 event (five outlets), one BASIL triplet
# and a few pages of the Zyte benchmark (HTML).
DEMO_INPUTS := $(SHARED)/seeds $(DATA)/newswcl50/1-raw-articles/event_1 \
	$(wildcard $(DATA)/basil/articles/2016/*.json) \
	$(wordlist 1,5,$(sort $(wildcard $(DATA)/zyte-extraction/html/*.html.gz)))

.PHONY: demo test install lint postgres chromium clean

$(BIN)/synoptic: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

install: $(BIN)/synoptic

$(VENV)/.test-deps: $(BIN)/synoptic
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/synoptic ingest --db $(DEMO_DB) $(DEMO_INPUTS)
	$(BIN)/synoptic ingest --db $(DEMO_DB) $(SHARED)/seeds
	$(BIN)/synoptic articles --db $(DEMO_DB) --limit 20
	$(BIN)/synoptic outlets --db $(DEMO_DB)
	$(BIN)/synoptic stats --db $(DEMO_DB)
	$(BIN)/synoptic stories --db $(DEMO_DB)
	$(BIN)/synoptic compare $(sort $(wildcard $(SHARED)/seeds/*.txt))
	[ "$(DEMO_SERVE)" = "0" ] || $(BIN)/synoptic serve --db $(DEMO_DB)

postgres:
	@scripts/ensure-postgres.sh

chromium:
	@scripts/ensure-chromium.sh

lint: $(VENV)/.test-deps
	$(BIN)/ruff check synoptic tests benchmarks
	$(BIN)/ruff format --check synoptic tests benchmarks
	$(BIN)/mypy synoptic

test: $(VENV)/.test-deps postgres chromium
	$(BIN)/ruff check synoptic tests benchmarks
	$(BIN)/mypy synoptic
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache
