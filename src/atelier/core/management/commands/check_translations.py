"""Fail when a UI string is missing from a catalogue, untranslated or fuzzy."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def _catalogue_problems(po, path):
    problems = []
    if po.metadata_is_fuzzy:
        problems.append("the header is marked fuzzy")
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        # Placeholders and plural forms that do not match their source break pages at run time.
        check = subprocess.run(
            [msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
        )
        if check.returncode:
            problems.append(f"msgfmt --check: {check.stderr.strip()}")
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                problems.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {entry.msgid!r}")
    return problems


class Command(BaseCommand):
    help = (
        "Extract the UI strings afresh and check that every one is translated, not fuzzy, "
        "in every supported language. The catalogues on disk are left as they were."
    )

    def handle(self, *args, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        source_dir = locale_dir.parent
        failures = []
        with tempfile.TemporaryDirectory() as backup:
            backup_dir = Path(backup) / "locale"
            if locale_dir.exists():
                shutil.copytree(locale_dir, backup_dir)
            try:
                self._extract(source_dir)
                for language in TRANSLATED_LANGUAGES:
                    fresh_path = locale_dir / language / "LC_MESSAGES" / "django.po"
                    kept_path = backup_dir / language / "LC_MESSAGES" / "django.po"
                    if not kept_path.exists():
                        failures.append(
                            f"{language}: no catalogue at {kept_path.relative_to(backup)}"
                        )
                        continue
                    kept = polib.pofile(str(kept_path))
                    fresh = polib.pofile(str(fresh_path))
                    kept_ids = {(e.msgctxt, e.msgid) for e in kept if not e.obsolete}
                    for entry in fresh:
                        if (entry.msgctxt, entry.msgid) not in kept_ids:
                            failures.append(f"{language}: missing from catalogue: {entry.msgid!r}")
                    failures.extend(
                        f"{language}: {p}" for p in _catalogue_problems(kept, kept_path)
                    )
            finally:
                if backup_dir.exists():
                    shutil.rmtree(locale_dir, ignore_errors=True)
                    shutil.copytree(backup_dir, locale_dir)
        if failures:
            for failure in failures:
                self.stderr.write(failure)
            raise CommandError(
                f"{len(failures)} translation problem(s). Run `make messages`, translate, retry."
            )
        self.stdout.write(f"Every UI string is translated into {', '.join(TRANSLATED_LANGUAGES)}.")

    def _extract(self, source_dir):
        cwd = os.getcwd()
        os.chdir(source_dir)
        try:
            call_command(
                "makemessages",
                locale=TRANSLATED_LANGUAGES,
                no_obsolete=True,
                no_location=True,
                verbosity=0,
                ignore_patterns=["static/*"],
            )
        finally:
            os.chdir(cwd)
