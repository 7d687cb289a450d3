import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from atelier.settings import envbool, envint

ROOT = Path(__file__).resolve().parents[2]


def test_envbool_reads_true_and_false(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert envbool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert envbool("X_FLAG", True) is False


def test_envbool_fails_loudly_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        envbool("X_FLAG", False)


def test_envint_fails_loudly_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        envint("X_NUMBER", 1)


def test_debug_is_off_unless_asked():
    from django.conf import settings

    assert settings.DEBUG is False


def test_check_deploy_passes_with_production_values(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "SECRET_KEY": "x" * 20 + "production-like-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "atelier.example.org",
        "SITE_URL": "https://atelier.example.org",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
        "ATELIER_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _settings_under(env_overrides, tmp_path, names):
    """The values of some settings when Atelier starts with the given environment."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
        "ATELIER_VAR_DIR": str(tmp_path),
        **env_overrides,
    }
    for name in ("SECURE_HSTS_SECONDS", "SECURE_COOKIES", "DEBUG"):
        if name not in env_overrides:
            env.pop(name, None)
    code = "from atelier import settings as s; print(" + ",".join(f"s.{n}" for n in names) + ")"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT / "src",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_an_https_site_sends_hsts_and_secure_language_cookies_by_default(tmp_path):
    values = _settings_under(
        {"SITE_URL": "https://atelier.example.org"},
        tmp_path,
        ["SECURE_HSTS_SECONDS", "LANGUAGE_COOKIE_SECURE", "SESSION_COOKIE_SECURE"],
    )
    assert values == ["31536000", "True", "True"]


def test_a_plain_http_site_sends_no_hsts_and_plain_cookies(tmp_path):
    values = _settings_under(
        {"SITE_URL": "http://127.0.0.1:8000"},
        tmp_path,
        ["SECURE_HSTS_SECONDS", "LANGUAGE_COOKIE_SECURE"],
    )
    assert values == ["0", "False"]


def test_hsts_can_be_turned_off_on_an_https_site(tmp_path):
    values = _settings_under(
        {"SITE_URL": "https://atelier.example.org", "SECURE_HSTS_SECONDS": "0"},
        tmp_path,
        ["SECURE_HSTS_SECONDS"],
    )
    assert values == ["0"]
