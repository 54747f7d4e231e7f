# The two set-up commands of the README: `make run` and `make test`.
# Each installs what it needs into .venv (Kiepe, Python 3.11) and .venv-rasa (Rasa, Python 3.10).

PYTHON ?= $(shell command -v python3.11 || echo python3)
VENV := .venv
STAMP := $(VENV)/.installed-stamp
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench install clean

run: $(STAMP)
	$(VENV)/bin/kiepe serve

test: $(STAMP) $(CHROMIUM)
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# Debian's chromium for the web chat's browser tests (never `playwright install`).
$(CHROMIUM):
	$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

# The benchmarks (one table; see `kiepe bench --help`), e.g. `make bench BENCH_ARGS=--quick`.
bench: $(STAMP)
	$(VENV)/bin/kiepe bench $(BENCH_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .venv-rasa var nlu/rasa_project/models
