# The two commands of the README: `make demo` and `make test`.
# Each creates .venv and installs what it needs on first use (and again when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test test-quick bench

# mysqlclient (the mysqldb driver) compiles against the MariaDB/MySQL client library: it is
# installed only where that library is present (.ci/run installs libmariadb-dev), else its tests skip.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,lsp,postgresql,mysql,async]'
	if pkg-config --exists libmariadb || pkg-config --exists mysqlclient; then \
	  $(PY) -m pip install -q 'mysqlclient>=2.2' || echo "warning: mysqlclient did not build; its tests will skip"; \
	fi
	touch $(STAMP)

demo: $(STAMP)
	$(PY) examples/demo.py

# Every test: the real databases are used when ORMLENS_TEST_POSTGRESQL_URL / ORMLENS_TEST_MYSQL_URL
# are set (see README); .ci/run sets them and ORMLENS_REQUIRE_DBS=1.
test: $(STAMP)
	$(PY) -m pytest -n 2 -q

# The quick ones only (no slow end-to-end tests).
test-quick: $(STAMP)
	$(PY) -m pytest -n 2 -q -m 'not slow'

bench: $(STAMP)
	$(PY) benchmarks/run.py
