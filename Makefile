# figscan: `make scan` sets up and scans samples/ into reports/samples; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
DEBIAN_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-kor chromium

.PHONY: setup system-packages scan test samples benchmark eval clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml | system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dask,bench,train]'
	touch $@

# Debian packages: Tesseract for scanned pages, Chromium for the browser tests of the report.
system-packages:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get install -y -q $$missing || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $$missing; }; \
	fi

scan: setup
	$(BIN)/figscan scan samples --out reports/samples

# Tests on TEST_WORKERS pytest-xdist processes; with --dist loadgroup, tests/conftest.py's XDIST_GROUPS
# keeps each group on one worker, so its module fixture (the corpus scan, the hostile scan) runs once.
TEST_WORKERS ?= 2
test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadgroup

samples: setup
	$(BIN)/python samples/make_samples.py

benchmark: setup
	$(BIN)/python benchmarks/bench_scan.py

eval: setup
	$(BIN)/figscan scan ../shared/corpus --out reports/corpus --quiet; \
	$(BIN)/python ../shared/eval/score.py reports/corpus/results.jsonl ../shared/corpus

clean:
	rm -rf reports/samples reports/corpus build *.egg-info
