"""`pip install .` (not only editable) gives a working portal: templates and migrations inside."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (built,) = out.glob("kim_portal-*.whl")
    return built


def test_the_wheel_carries_packages_templates_migrations_and_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())

    for expected in [
        "portal/__init__.py",
        "meetings/__init__.py",
        "documents/__init__.py",
        "portal/templates/base.html",
        "portal/templates/email/password_reset.txt",
        "portal/migrations/env.py",
        "portal/migrations/alembic.ini",
        "portal/static/css/portal.css",
        "portal/static/vendor/kern/kern.min.css",
        "portal/translations/en/LC_MESSAGES/messages.mo",
    ]:
        assert expected in names, expected
    assert any(name.startswith("portal/migrations/versions/") for name in names)
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "kim-portal = portal.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_wheel_migrates_and_serves_pages(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    script = (
        "import portal, flask_migrate\n"
        "from portal import create_app\n"
        f"assert portal.__file__.startswith({str(target)!r}), portal.__file__\n"
        "app = create_app()\n"
        "portal.init_migrations(app)\n"
        f"assert app.template_folder.startswith({str(target)!r})\n"
        "with app.app_context():\n"
        "    flask_migrate.upgrade(directory=str(portal.resource_dir('migrations')))\n"
        "client = app.test_client()\n"
        "assert client.get('/login').status_code == 200\n"
        "assert client.get('/static/vendor/kern/kern.min.css').status_code == 200\n"
        "assert client.get('/healthz').get_json() == {'status': 'ok', 'database': 'ok'}\n"
        "print('ok')\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "PORTAL_INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'installed.db'}",
        "PYTHONNOUSERSITE": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
