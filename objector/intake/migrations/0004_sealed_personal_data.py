"""Seal the personal data stored in the clear before issue #4: each request gets a data key,
sealed to the organisation's public key (no secret is needed) and wrapped under its receipt
secret; its personal fields, its timeline's texts and its deadlines' labels are encrypted; the
clear columns are then dropped, and the idempotency key is kept only as a hash."""

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.db import migrations, models

from objector.vault import crypto

PERSONAL = ("name", "unit", "region", "story", "contact", "contact_method")
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def _secret(idempotency_key: str) -> str:
    # As intake.actions.receipt_secret, normalised (no dashes), at the time of this migration.
    digest = hmac.new(
        settings.SECRET_KEY.encode(), b"receipt:" + idempotency_key.encode(), hashlib.sha256
    ).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:16])


def seal_existing(apps: Any, schema_editor: Any) -> None:
    Request = apps.get_model("intake", "Request")
    Entry = apps.get_model("cases", "Entry")
    Deadline = apps.get_model("cases", "Deadline")
    Organisation = apps.get_model("accounts", "Organisation")
    if not Request.objects.exists():
        return
    public_key = Organisation.objects.values_list("public_key", flat=True).first()
    if not public_key:
        raise RuntimeError(
            "requests exist but no organisation has been set up, so there is no key to seal "
            "them to: run `objector setup` on the previous version first / обращения есть, "
            "а организация не создана, и зашифровать их нечем: сначала выполните "
            "`objector setup` на предыдущей версии"
        )
    for request in Request.objects.iterator():
        key = crypto.new_data_key()
        personal = {f: getattr(request, f) for f in PERSONAL}
        personal.update(facts=request.facts, assessment=request.assessment)
        request.personal_data = crypto.encrypt(
            key, json.dumps(personal, ensure_ascii=False), context="intake.request.personal"
        )
        request.sealed_key = crypto.seal(key, bytes(public_key))
        wrap = crypto.key_from_secret(_secret(request.idempotency_key), purpose="receipt")
        request.receipt_key = crypto.encrypt(wrap, key.hex(), context="intake.request.receipt_key")
        request.idempotency_key = hashlib.sha256(
            b"idempotency:" + request.idempotency_key.encode()
        ).hexdigest()
        request.save(
            update_fields=["personal_data", "sealed_key", "receipt_key", "idempotency_key"]
        )
        for entry in Entry.objects.filter(request=request):
            if entry.kind in ("status", "assignment"):
                continue
            body = json.dumps({"text": entry.text, "data": entry.data}, ensure_ascii=False)
            entry.sealed = crypto.encrypt(key, body, context="cases.entry")
            entry.data = {}
            entry.save(update_fields=["sealed", "data"])
        for deadline in Deadline.objects.filter(request=request).exclude(label=""):
            deadline.label_sealed = crypto.encrypt(
                key, deadline.label, context="cases.deadline.label"
            )
            deadline.save(update_fields=["label_sealed"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0003_triage_key"),
        ("cases", "0002_sealed_fields"),
        ("accounts", "0003_seal_epoch"),
    ]

    operations = [
        migrations.AddField(
            model_name="request", name="sealed_key", field=models.BinaryField(default=b"")
        ),
        migrations.AddField(
            model_name="request", name="receipt_key", field=models.BinaryField(default=b"")
        ),
        migrations.AddField(
            model_name="request", name="personal_data", field=models.BinaryField(default=b"")
        ),
        migrations.AddField(
            model_name="request",
            name="name_index",
            field=models.CharField(blank=True, db_index=True, max_length=32),
        ),
        migrations.AddField(
            model_name="request",
            name="shredded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        *(
            migrations.RemoveField(model_name="request", name=name)
            for name in (
                "assessment",
                "contact",
                "contact_method",
                "facts",
                "name",
                "region",
                "story",
                "unit",
            )
        ),
    ]
