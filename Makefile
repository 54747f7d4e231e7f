# The two set-up commands of the README: `make run` and `make test`.
# Each installs what it needs into .venv (Kiepe, Python 3.11) and .venv-rasa (Rasa, Python 3.10).

PYTHON ?= $(shell command -v python3.11 || echo python3)
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install clean

run: $(STAMP)
	$(VENV)/bin/kiepe serve

test: $(STAMP)
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .venv-rasa var nlu/rasa_project/models
