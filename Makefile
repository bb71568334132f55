# Sáng Tạo — the two commands are `make run` and `make test`; the rest are helpers.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help run test setup worker lint messages

help:
	@echo "make run       install, migrate, load the demo data once, start the worker and http://127.0.0.1:8000/"
	@echo "make test      install the test dependencies and run every test (DATABASE_URL for PostgreSQL)"
	@echo "make setup     install the dependencies from uv.lock and compile the translations"
	@echo "make worker    run the background task worker in the foreground"
	@echo "make lint      ruff check"
	@echo "make messages  extract the translatable strings into locale/*/LC_MESSAGES/django.po"

run:
	@scripts/run.sh

test:
	@scripts/test.sh

setup:
	@scripts/setup.sh

worker:
	@source scripts/python.sh && "$$VENV_PY" manage.py db_worker

lint:
	@source scripts/python.sh && "$$UV" sync --frozen --group dev --quiet && "$$VENV_PY" -m ruff check .

messages:
	@source scripts/python.sh && "$$VENV_PY" manage.py makemessages -l vi -l en \
		--ignore .venv --ignore var --ignore test-artifacts --ignore node_modules --no-obsolete
