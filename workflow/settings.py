"""Settings, read from the environment in one place (tests pass overrides)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_DATABASE_URL = "sqlite:///casework.db"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    county_file: str | None = None
    user: str | None = None
    max_backdate_hours: float = 72.0
    queue: str = "casework"
    projection_batch: int = 1000
    # Ed25519 signing key (events.signing): a key file, or its base64 seed as a secret
    signing_key_file: str | None = None
    signing_key: str | None = field(default=None, repr=False)  # a secret: never shown
    witness_file: str | None = None  # append-only witness of checkpoints (events.witness)
    public_site: str | None = None  # the published site's directory: its witness.jsonl grows too
    checkpoint_minutes: float = 5.0
    evidence_dir: str = "evidence"  # the web console's uploaded evidence, by SHA-256
    evidence_max_mb: float = 200.0  # the largest file `case evidence --file` hashes
    # every console cookie `Secure`, whatever the request's scheme: for TLS ended by a proxy
    # whose X-Forwarded-Proto the server does not trust (uvicorn trusts 127.0.0.1 only, or
    # FORWARDED_ALLOW_IPS); behind deploy/nginx on the same machine the scheme says https
    secure_cookies: bool = False


def from_env(**overrides: Any) -> Settings:
    """Build settings from CASEWORK_* variables, then apply overrides that are not None."""
    env = os.environ
    settings = Settings(
        database_url=env.get("CASEWORK_DATABASE_URL") or DEFAULT_DATABASE_URL,
        redis_url=env.get("CASEWORK_REDIS_URL") or None,
        county_file=env.get("CASEWORK_COUNTY") or None,
        user=env.get("CASEWORK_USER") or None,
        max_backdate_hours=float(env.get("CASEWORK_MAX_BACKDATE_HOURS") or 72),
        queue=env.get("CASEWORK_QUEUE") or "casework",
        projection_batch=int(env.get("CASEWORK_PROJECTION_BATCH") or 1000),
        signing_key_file=env.get("CASEWORK_SIGNING_KEY_FILE") or None,
        signing_key=env.get("CASEWORK_SIGNING_KEY") or None,
        witness_file=env.get("CASEWORK_WITNESS_FILE") or None,
        public_site=env.get("CASEWORK_PUBLIC_SITE") or None,
        checkpoint_minutes=float(env.get("CASEWORK_CHECKPOINT_MINUTES") or 5),
        evidence_dir=env.get("CASEWORK_EVIDENCE_DIR") or "evidence",
        evidence_max_mb=float(env.get("CASEWORK_EVIDENCE_MAX_MB") or 200),
        secure_cookies=(env.get("CASEWORK_SECURE_COOKIES") or "").lower() in ("on", "1", "true", "yes"),
    )
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})
