# KIM-Portal: the two commands a new machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
KERN := node_modules/@kern-ux/native/dist
VENDOR := portal/static/vendor

.PHONY: run test setup install assets translations lint extract-messages benchmark clean

run: setup
	$(BIN)/kim-portal db upgrade
	$(BIN)/kim-portal demo-data --if-empty
	$(BIN)/kim-portal run --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/ruff check portal meetings documents tests benchmarks migrations
	$(BIN)/ruff format --check portal meetings documents tests benchmarks migrations
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
		echo "== on SQLite, with the browser tests =="; \
		$(BIN)/pytest; \
	else \
		echo "== on PostgreSQL ($$TEST_DATABASE_URL) and, side by side, on SQLite with the browser tests =="; \
		log=$$(mktemp); \
		$(BIN)/pytest -m "not browser" -p no:cacheprovider > $$log 2>&1 & pg=$$!; \
		env -u TEST_DATABASE_URL $(BIN)/pytest; sqlite=$$?; \
		wait $$pg; postgres=$$?; \
		echo "== PostgreSQL =="; cat $$log; rm -f $$log; \
		echo "SQLite exit $$sqlite, PostgreSQL exit $$postgres"; \
		[ $$sqlite -eq 0 ] && [ $$postgres -eq 0 ]; \
	fi

setup: install assets translations

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/kern
	cp $(KERN)/kern.min.css $(VENDOR)/kern/
	cp -r $(KERN)/fonts $(VENDOR)/kern/fonts
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d portal/translations

# --ignore-dirs: Babel's default would also skip folders starting with "_" (templates/_macros).
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 \
		--ignore-dirs '.* ._ node_modules __pycache__' -o portal/translations/messages.pot .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching

lint: $(VENV)/.installed
	$(BIN)/ruff check portal meetings documents tests benchmarks migrations
	$(BIN)/ruff format --check portal meetings documents tests benchmarks migrations

benchmark: setup
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) node_modules $(VENDOR) instance .pytest_cache
	find portal/translations -name '*.mo' -delete
