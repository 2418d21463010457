"""Beyond one machine: uploads go through Django's storage API only (so S3-compatible storage is a setting).
(Sign-in limits, which count failures only, are tested in accounts/tests/test_login_limits.py.)"""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from payments import services
from payments.tests.test_invoices import _invoice, payee, payer, recording_payable  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parent.parent


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_slip_image_is_stored_through_the_storage_api_not_the_local_disk(payee, payer, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    from django.core.files.storage import default_storage

    invoice = _invoice(payee, payer)
    payment = services.confirm_by_slip(invoice_id=invoice.pk, amount=invoice.amount, by=None, transaction_ref="ST1",
                                       slip_image=SimpleUploadedFile("slip.png", _png(), content_type="image/png"))
    name = payment.slip_image.name
    assert name.startswith("slips/") and default_storage.exists(name)
    assert default_storage.open(name).read() == _png()
    assert not (tmp_path / "media").exists()  # nothing written beside the storage


def test_media_storage_s3_switches_uploads_to_private_s3_compatible_storage():
    code = ("import django; django.setup(); from django.core.files.storage import storages; "
            "w = storages['default']; "
            "print(type(w).__module__, type(w).__name__, w.bucket_name, w.endpoint_url, w.location, "
            "w.querystring_auth, w.default_acl, w.file_overwrite)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "MEDIA_STORAGE": "s3",
           "S3_BUCKET": "saphan-media", "S3_ENDPOINT_URL": "https://obs.example.test", "S3_ACCESS_KEY_ID": "k",
           "S3_SECRET_ACCESS_KEY": "s"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["storages.backends.s3", "S3Storage", "saphan-media", "https://obs.example.test",
                                     "media", "True", "None", "False"]
