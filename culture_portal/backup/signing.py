"""The manifest's signature: an HMAC with SECRET_KEY over its canonical JSON, so an altered archive is refused."""

import hmac
import json

from django.conf import settings
from django.utils.crypto import salted_hmac


def _canonical(manifest: dict) -> bytes:
    unsigned = {key: value for key, value in manifest.items() if key != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _signature(manifest: dict, key: str) -> str:
    # The salt names the module this lived in when the first archives were signed: changing it would make every
    # existing backup look altered.
    return salted_hmac(
        "culture_portal.backup.manifest", _canonical(manifest), secret=key, algorithm="sha256"
    ).hexdigest()


def manifest_sign(manifest: dict) -> dict:
    return {**manifest, "signature": _signature(manifest, settings.SECRET_KEY)}


def signed_by_this_installation(manifest: dict) -> bool:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    given = str(manifest.get("signature", ""))
    return any(hmac.compare_digest(_signature(manifest, key), given) for key in keys)
