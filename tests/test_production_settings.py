"""Production settings refuse placeholder secrets and pass Django's deploy checks (run in a fresh interpreter)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k7Qx2vN9pL4mR8sT1wY6zB3cF5hJ0dG" + "aE7uI2oK9nM4bV1xC8qW3eR5tY7uI9oP0"


def _run(code: str, **overrides) -> subprocess.CompletedProcess:
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": STRONG_KEY,
        "SAPHAN_PUBLIC_BASE_URL": "https://saphan.example.org", "ALLOWED_HOSTS": "saphan.example.org",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://saphan:saphan@127.0.0.1:55432/saphan"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:56379/0"),
        "ELASTICSEARCH_URL": os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:59200"),
        "ELASTICSEARCH_PASSWORD": os.environ.get("ELASTICSEARCH_PASSWORD") or "only-the-settings-are-checked",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set while Playwright runs (conftest's browser); never in a deployment
    env.update(overrides)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_deploy_check_has_no_warnings():
    result = _run("import django; django.setup(); from django.core.management import call_command; "
                  "call_command('check', '--deploy', '--fail-level', 'WARNING')")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "WARNINGS" not in result.stderr


@pytest.mark.parametrize("secret", ["", "change-me-in-env", "short", "x" * 60, "django-insecure-" + "a1b2c3" * 10])
def test_placeholder_or_weak_secret_is_refused(secret):
    result = _run("import django; django.setup()", SECRET_KEY=secret)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("url", ["", "http://localhost:8000", "http://saphan.example.org"])
def test_public_base_url_must_be_https(url):
    result = _run("import django; django.setup()", SAPHAN_PUBLIC_BASE_URL=url)
    assert result.returncode != 0 and "SAPHAN_PUBLIC_BASE_URL" in result.stderr


def test_forwarded_proto_is_trusted_only_behind_a_declared_proxy():
    code = "from django.conf import settings; print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    assert _run("import django; django.setup(); " + code).stdout.strip() == "None"
    trusted = _run("import django; django.setup(); " + code, TRUSTED_PROXY="true").stdout.strip()
    assert trusted == "('HTTP_X_FORWARDED_PROTO', 'https')"


@pytest.mark.parametrize("url", ["http://127.0.0.1:59200", "http://127.0.0.1:59200,http://127.0.0.1:59201"])
def test_elasticsearch_without_credentials_is_refused(url):
    result = _run("import django; django.setup()", ELASTICSEARCH_PASSWORD="", ELASTICSEARCH_URL=url)
    assert result.returncode != 0 and "ELASTICSEARCH_PASSWORD" in result.stderr, result.stderr[-1500:]


def test_elasticsearch_credentials_come_from_settings_or_the_url_or_anonymity_is_explicit():
    code = ("import django; django.setup(); from search.client import credentials, node_urls; "
            "print(credentials(), node_urls())")
    plain = _run(code, ELASTICSEARCH_URL="http://127.0.0.1:59200", ELASTICSEARCH_USERNAME="saphan-app",
                 ELASTICSEARCH_PASSWORD="pw-from-settings")
    assert (plain.stdout.strip()
            == "('saphan-app', 'pw-from-settings') ['http://127.0.0.1:59200']"), plain.stderr[-1500:]
    in_url = _run(code, ELASTICSEARCH_URL="http://elastic:p%40ss@10.0.0.5:9200,http://10.0.0.6:9200",
                  ELASTICSEARCH_PASSWORD="")
    assert in_url.stdout.strip() == "('elastic', 'p@ss') ['http://10.0.0.5:9200', 'http://10.0.0.6:9200']", \
        in_url.stderr[-1500:]
    allowed = _run(code, ELASTICSEARCH_PASSWORD="", ELASTICSEARCH_URL="http://127.0.0.1:59200",
                   ELASTICSEARCH_ALLOW_ANONYMOUS="true")
    assert allowed.stdout.strip() == "None ['http://127.0.0.1:59200']", allowed.stderr[-1500:]


def test_compose_has_no_default_secret():
    env = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["x-app"]["environment"]
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert env["SAPHAN_PUBLIC_BASE_URL"].startswith("${SAPHAN_PUBLIC_BASE_URL:?")


def test_pages_are_not_framed_but_the_admin_preview_is(client, django_user_model, settings):
    settings.X_FRAME_OPTIONS = "DENY"
    assert client.get("/").headers["X-Frame-Options"] == "DENY"
    admin = django_user_model.objects.create_superuser(username="frame-admin", password="x" * 12)
    client.force_login(admin)
    assert client.get("/cms/").headers["X-Frame-Options"] == "SAMEORIGIN"
