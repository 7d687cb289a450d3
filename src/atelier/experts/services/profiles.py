"""The write path of the expert pool: profiles, CVs."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from atelier.accounts.roles import Role
from atelier.accounts.rules import holds_role
from atelier.accounts.services import assign_role
from atelier.core.audit import log_action
from atelier.core.languages import CONTENT_LANGUAGES
from atelier.core.multilingual import MultilingualText
from atelier.core.storage import delete_after_commit, delete_on_rollback, private_storage
from atelier.core.uploads import check_file

from ..areas import AREA_SLUGS, clean_areas
from ..models import ExpertProfile, LanguageLevel

_LEVELS = frozenset(LanguageLevel.values)
_LEVEL_ORDER = {level: rank for rank, level in enumerate(LanguageLevel.values)}


def normalise_keywords(keywords):
    """Trimmed keywords, each once (case-insensitively), in the order given."""
    seen, result = set(), []
    for word in keywords or ():
        word = " ".join(str(word).split())[:60]
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            result.append(word)
    return result


def normalise_languages(languages):
    """``[{code, level}]`` from codes or dicts; unknown codes refused, one entry per code."""
    result = {}
    for entry in languages or ():
        if isinstance(entry, str):
            code, level = entry, ""
        else:
            code, level = entry.get("code", ""), entry.get("level", "") or ""
        code = str(code).strip().lower()
        if code not in CONTENT_LANGUAGES:
            raise ValidationError(
                _("“%(code)s” is not a language we know."), code="language", params={"code": code}
            )
        if level and level not in _LEVELS:
            raise ValidationError(
                _("“%(level)s” is not a language level (A1 to C2, or mother tongue)."),
                code="level",
                params={"level": level},
            )
        result[code] = {"code": code, "level": level}
    return list(result.values())


def normalise_countries(countries):
    from django_countries import countries as known

    result = []
    for code in countries or ():
        code = str(code).strip().upper()
        if code not in dict(known):
            raise ValidationError(
                _("“%(code)s” is not a country code we know."),
                code="country",
                params={"code": code},
            )
        if code not in result:
            result.append(code)
    return result


def _merge_languages(current, added):
    merged = {entry["code"]: dict(entry) for entry in current if entry.get("code")}
    for entry in added:
        existing = merged.get(entry["code"])
        if existing is None:
            merged[entry["code"]] = dict(entry)
        elif entry["level"] and _LEVEL_ORDER.get(entry["level"], -1) > _LEVEL_ORDER.get(
            existing.get("level", ""), -1
        ):
            existing["level"] = entry["level"]
    return list(merged.values())


def _merge(current, added, key=lambda value: value):
    seen = {key(value) for value in current}
    result = list(current)
    for value in added:
        if key(value) not in seen:
            seen.add(key(value))
            result.append(value)
    return result


@transaction.atomic
def ensure_expert(user, *, areas=(), keywords=(), languages=(), countries=(), bio=None, actor=None):
    """The user's expert profile, created or completed, and the platform-wide expert role.

    Lists are merged into what the profile holds (nothing is removed); ``bio`` (a string in the
    user's language, or a ``MultilingualText``) fills an empty biography and never replaces
    one the expert wrote. A new profile is not listed in the public directory until the expert
    says so. Calls use it when an application to a call for experts is accepted.
    """
    unknown = [slug for slug in areas if slug not in AREA_SLUGS]
    if unknown:
        raise ValidationError(
            _("“%(area)s” is not an area of expertise."),
            code="area",
            params={"area": unknown[0]},
        )
    languages = normalise_languages(languages)
    countries = normalise_countries(countries)
    profile, created = ExpertProfile.objects.select_for_update().get_or_create(user=user)
    profile.areas = clean_areas([*profile.areas, *areas])
    profile.keywords = _merge(
        profile.keywords, normalise_keywords(keywords), key=lambda word: word.casefold()
    )
    profile.languages = _merge_languages(profile.languages, languages)
    profile.countries = _merge(profile.countries, countries)
    if bio is not None and not profile.bio:
        if not isinstance(bio, MultilingualText):
            bio = MultilingualText(str(bio), language=user.preferred_language or "en")
        profile.bio = bio
    profile.save()
    if not holds_role(user, Role.EXPERT):
        assign_role(user, Role.EXPERT, actor=actor)
    log_action(
        "experts.profile.create" if created else "experts.profile.update",
        actor=actor,
        target=profile,
        via="ensure_expert",
    )
    return profile


# A CV is a document people read: PDF, Word or OpenDocument text, checked like library files.
CV_TYPES = frozenset({"pdf", "docx", "odt"})


def _cv_only(file_type, name):
    if file_type.key not in CV_TYPES:
        raise ValidationError(
            _("“%(name)s” is not a PDF, DOCX or ODT document. Upload your CV as one of these."),
            code="cv_type",
            params={"name": name},
        )


def check_cv(upload):
    """Check a CV by size, sniffed type and zip limits; return the ``CheckedUpload``."""
    return check_file(upload, accept=_cv_only)


def _store_cv(profile, checked):
    storage = private_storage()
    checked.upload.seek(0)
    name = storage.save(
        f"experts/cv/{uuid.uuid4().hex}.{checked.file_type.extension}", checked.upload
    )
    delete_on_rollback(storage, [name])
    profile.cv.name = name
    profile.cv_name = checked.display_name[:200]


@transaction.atomic
def update_own_profile(user, *, data, cv=None, remove_cv=False):
    """Save what an expert says about themselves; a new CV replaces the old one.

    ``data`` holds the profile's plain fields (already cleaned by the form). The CV is checked
    before anything is written: a refused file leaves the profile as it was.
    """
    checked = check_cv(cv) if cv is not None else None
    profile, created = ExpertProfile.objects.select_for_update().get_or_create(user=user)
    old_cv = profile.cv.name or ""
    for field, value in data.items():
        setattr(profile, field, value)
    profile.areas = clean_areas(profile.areas)
    profile.keywords = normalise_keywords(profile.keywords)
    profile.languages = normalise_languages(profile.languages)
    profile.countries = normalise_countries(profile.countries)
    profile.visible_fields = [
        field for field in ExpertProfile.Visible.values if field in set(profile.visible_fields)
    ]
    if checked is not None:
        _store_cv(profile, checked)
    elif remove_cv:
        profile.cv.name = ""
        profile.cv_name = ""
    profile.full_clean(exclude=["user", "cv"])
    profile.save()
    if old_cv and old_cv != (profile.cv.name or ""):
        delete_after_commit(private_storage(), [old_cv])
    log_action(
        "experts.profile.create" if created else "experts.profile.update",
        actor=user,
        target=profile,
        cv="replaced" if checked else ("removed" if remove_cv and old_cv else "kept"),
    )
    return profile


def export_profile(user):
    """The person's expert profile for their data export (the CV by its name only)."""
    profile = ExpertProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {
        "areas": profile.areas,
        "keywords": profile.keywords,
        "languages": profile.languages,
        "countries": profile.countries,
        "ecoc_experience": profile.ecoc_experience,
        "ecoc_cities": profile.ecoc_cities,
        "availability": profile.availability,
        "available_from": profile.available_from,
        "available_until": profile.available_until,
        "daily_rate": str(profile.daily_rate) if profile.daily_rate is not None else None,
        "currency": profile.currency,
        "bio": profile.bio.to_json(),
        "cv": profile.cv_name,
        "is_listed": profile.is_listed,
        "visible_fields": profile.visible_fields,
        "created": profile.created_at,
        "updated": profile.updated_at,
    }


def erase_profile(user):
    """On erasure: the profile leaves the directory and the pool keeps nothing personal.

    Areas, languages and countries stay, unattributed, so missions already delivered still
    count in reports; the CV file goes once the erasure commits.
    """
    profile = ExpertProfile.objects.filter(user=user).first()
    if profile is None:
        return
    old_cv = profile.cv.name or ""
    profile.keywords = []
    profile.ecoc_experience = ""
    profile.ecoc_cities = []
    profile.bio = MultilingualText()
    profile.cv.name = ""
    profile.cv_name = ""
    profile.daily_rate = None
    profile.is_listed = False
    profile.visible_fields = []
    profile.availability = ExpertProfile.Availability.UNAVAILABLE
    profile.save()
    delete_after_commit(private_storage(), [old_cv])
