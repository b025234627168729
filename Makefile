# Two commands do everything (see README.md):
#   make run    install, then start the app on the embedded default scenario (Trùng Khánh, 12/2022)
#   make test   install (with test tools, Debian's Chromium and LibreOffice Impress), then run the tests
# Both are safe to repeat: installs are skipped when nothing changed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
PORT   ?= 8501
PYTEST_ARGS ?=

.PHONY: run setup setup-dev fonts system-deps test test-all lint bench freeze clean

run: setup fonts
	$(PY) -m streamlit run streamlit_app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

setup: $(VENV)/.runtime-installed vendor/node_modules/.installed static/leaflet/.installed

setup-dev: setup $(VENV)/.dev-installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# Leaflet and any other front-end code come from the npm registry into vendor/node_modules
# (git-ignored); the app serves them itself, so maps work without internet.
vendor/node_modules/.installed: vendor/package.json vendor/package-lock.json
	cd vendor && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The interactive maps (st_folium) load Leaflet by URL: Streamlit serves static/ at /app/static/
# (server.enableStaticServing), so the installed copy goes to static/leaflet (git-ignored).
static/leaflet/.installed: vendor/node_modules/.installed
	rm -rf static/leaflet
	mkdir -p static
	cp -R vendor/node_modules/leaflet/dist static/leaflet
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download browsers here),
# Liberation Serif 2 (Times New Roman metrics, with Vietnamese letters; version 1 lacks ộ, ư, ả)
# for the printed plans and Liberation Sans 2 (Arial metrics) for the slides, and LibreOffice
# Impress, which the tests use to open the slide deck and convert it to PDF.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1 || \
			[ ! -d /usr/share/fonts/truetype/liberation2 ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-liberation2 fonts-dejavu-core >/dev/null && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends libreoffice-impress >/dev/null; \
	fi

# Best effort for `make run`: the printed plans need Liberation Serif 2; without root/sudo the app
# still runs and the PDF export says which package to install.
fonts:
	@[ -d /usr/share/fonts/truetype/liberation2 ] || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo "sudo -n" ); \
		( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			fonts-liberation2 >/dev/null ) || \
		echo "Chưa cài được fonts-liberation2 (cần quyền root): xuất PDF sẽ báo cách cài."; }

test: setup-dev system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

test-all: setup-dev system-deps
	$(PY) -m pytest -m "" $(PYTEST_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# The solver bench (bench/run.py, writes bench/RESULTS.md); its PyVRP peer needs
# requirements-bench.txt, installed here only.
bench: setup $(VENV)/.bench-installed
	$(PY) -m bench.run

$(VENV)/.bench-installed: requirements-bench.txt requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-bench.txt
	touch $@

freeze:
	$(PIP) freeze

clean:
	rm -rf $(VENV) vendor/node_modules static/leaflet .pytest_cache .mypy_cache .ruff_cache
