# `make run` and `make test` are the two commands the README promises. Both build a local
# virtual environment in .venv from requirements*.txt, so nothing is installed system-wide.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint validate boundaries bench screenshots clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
	  { echo "python3 -m venv failed: on Debian/Ubuntu run '$$(command -v sudo) apt-get update && $$(command -v sudo) apt-get install -y python3-venv'"; exit 1; }

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

validate: $(STAMP)
	$(BIN)/python -m geo validate

# Rebuilds data/boundaries/ from Natural Earth as shipped in Debian's qgis-common (needs apt).
boundaries: $(STAMP)
	$(BIN)/python scripts/build_boundaries.py --fetch

bench: $(STAMP)
	$(BIN)/python bench/bench_geo.py
	$(BIN)/python bench/bench_map.py
	$(BIN)/python bench/bench_raster.py
	$(BIN)/python bench/bench_store.py

# Refreshes docs/screenshot.png (1440x900) and out/1366x768.png from the running app.
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
