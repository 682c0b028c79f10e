"""Per-person notification preferences: channels on/off, language, muted event kinds."""

from __future__ import annotations

from marketplace.core.exceptions import ErrorCollector, PermissionDenied

from ..events import SPECS
from ..models import NotificationPreference


def get_preferences(user) -> NotificationPreference:
    """The saved preferences, or unsaved defaults (email on, chat off, the account's language)."""
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref or NotificationPreference(user=user)


def update_preferences(
    *,
    user,
    email_enabled: bool | None = None,
    chat_enabled: bool | None = None,
    language_code: str | None = None,
    muted_kinds: list[str] | None = None,
) -> NotificationPreference:
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Silakan masuk terlebih dahulu.")
    errors = ErrorCollector()
    if language_code is not None and language_code not in ("", "id", "en"):
        errors.add("languageCode", "INVALID", "Bahasa harus 'id' atau 'en'.")
    if muted_kinds is not None:
        unknown = sorted(set(muted_kinds) - set(SPECS))
        if unknown:
            errors.add(
                "mutedKinds",
                "INVALID",
                f"Jenis peristiwa tidak dikenal: {', '.join(unknown)[:200]}.",
            )
    if chat_enabled and not user.phone:
        errors.add(
            "chatEnabled", "INVALID", "Isi nomor telepon di akun Anda untuk menerima pesan chat."
        )
    errors.raise_if_any()
    pref, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    if email_enabled is not None:
        pref.email_enabled = email_enabled
    if chat_enabled is not None:
        pref.chat_enabled = chat_enabled
    if language_code is not None:
        pref.language_code = language_code
    if muted_kinds is not None:
        pref.muted_kinds = sorted(set(muted_kinds))
    pref.save()
    return pref
