"""Forms to contribute a resource to the library, edit it, and attach captions or transcripts."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from atelier.core.languages import CONTENT_LANGUAGES, language_choices
from atelier.core.models import Theme
from atelier.core.multilingual import MultilingualText
from atelier.core.pickers import PickerField
from atelier.core.uploads import TYPES
from atelier.network.models import Sector, normalise_name
from atelier.network.queries import organisations
from atelier.programmes.queries import programmes

from . import files
from .models import Audience, Kind, Licence, Podcast, ResourceFile

ACCEPT_FILES = ",".join(
    sorted(
        f".{extension}"
        for file_type in TYPES.values()
        if file_type.family != "captions"
        for extension in file_type.extensions
    )
)
ACCEPT_IMAGES = "image/jpeg,image/png,image/webp"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; each is checked by ``files.check_uploads``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_FILES}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(each, initial) for each in data if each]
        return [single(data, initial)] if data else []


def _kept(old, text, language):
    """The new original text; translations stay only while the original is unchanged."""
    old = MultilingualText.from_json(old)
    if old.text == text and old.language == language:
        return old
    return MultilingualText(text, language)


class ResourceForm(forms.Form):
    """A resource's description, where it belongs, its licence, files and podcast details."""

    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    language = forms.ChoiceField(
        label=_("Language of the title and description"), choices=language_choices
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    abstract = forms.CharField(
        label=_("Abstract"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences on what the resource is and who it is for."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=100_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Optional. You may use simple HTML: paragraphs, headings, lists, links, tables. "
            "Anything else is removed."
        ),
    )
    authors = forms.CharField(
        label=_("Authors"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: people or organisations. An organisation of the directory is linked "
            "when its name matches."
        ),
    )
    # Programmes are many: typed to be found, the person's own first.
    programme = PickerField(
        "programmes",
        label=_("Programme"),
        queryset=programmes(),
        required=False,
        empty_label=_("None (the whole platform)"),
        help_text=_("The programme the resource comes from; its moderators review it."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.MultipleChoiceField(
        label=_("Audience"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries concerned"),
        choices=lambda: list(countries),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of the content"),
        choices=language_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "The languages the files or the page are in. Without a choice, the language of the "
            "title is taken."
        ),
    )
    published_on = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY)
    licence_url = forms.URLField(
        label=_("Address of the licence"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=_("Needed for another licence."),
    )
    external_url = forms.URLField(
        label=_("External link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Where the resource can be found on the web; needed for a link."),
    )
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_(
            "PDF, DOCX, ODT, PPTX, XLSX, EPUB, TXT, MD, MP3, M4A, OGG, MP4, WebM, JPEG, PNG or "
            "WebP, up to %(limit)s each. You can choose several files."
        ),
    )
    cover = forms.FileField(
        label=_("Cover image"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT_IMAGES}),
        help_text=_("A JPEG, PNG or WebP picture shown with the resource."),
    )
    podcast = forms.ModelChoiceField(
        label=_("Podcast"),
        queryset=Podcast.objects.none(),
        required=False,
        empty_label=_("Not part of a podcast"),
    )
    season = forms.IntegerField(label=_("Season"), min_value=1, max_value=999, required=False)
    episode_number = forms.IntegerField(
        label=_("Episode"), min_value=1, max_value=9999, required=False
    )
    explicit = forms.BooleanField(label=_("Explicit content"), required=False)

    ABOUT = ("kind", "language", "title", "abstract", "body", "authors")
    PLACE = ("programme", "themes", "sectors", "audience", "countries", "languages")
    RIGHTS = ("published_on", "licence", "licence_url")
    CONTENT = ("files", "external_url", "cover")
    PODCAST = ("podcast", "season", "episode_number", "explicit")

    def __init__(self, *args, user, resource=None, **kwargs):
        self.user = user
        self.resource = resource
        if resource is not None:
            kwargs.setdefault("initial", self._initial_from(resource))
        else:
            kwargs.setdefault("initial", {"language": self._default_language()})
        super().__init__(*args, **kwargs)
        self.fields["programme"].for_user(user)
        self.fields["files"].help_text = self.fields["files"].help_text % {
            "limit": filesizeformat(settings.ATELIER_LIBRARY_MAX_UPLOAD_BYTES)
        }
        if resource is not None:
            self.fields["files"].label = _("Add files")
            self.fields["cover"].label = _("Replace the cover image")
        self.fields["podcast"].queryset = self._podcasts()
        self.fields["kind"].widget.attrs["data-controls"] = "kind"
        self.fields["licence"].widget.attrs["data-controls"] = "licence"

    @staticmethod
    def _default_language():
        language = (get_language() or "en").split("-")[0]
        return language if language in CONTENT_LANGUAGES else "en"

    def _podcasts(self):
        # Only those who manage a podcast add episodes to it; the current one always stays.
        allowed = [
            podcast.pk
            for podcast in Podcast.objects.select_related("programme")
            if self.user.has_perm("library.change_podcast", podcast)
        ]
        if self.resource is not None and self.resource.podcast_id:
            allowed.append(self.resource.podcast_id)
        return Podcast.objects.filter(pk__in=allowed)

    @staticmethod
    def _initial_from(resource):
        return {
            "kind": resource.kind,
            "language": resource.title.language,
            "title": resource.title.text,
            "abstract": resource.abstract.text if resource.abstract else "",
            "body": resource.body.text if resource.body else "",
            "authors": "\n".join(author.display_name for author in resource.authors.all()),
            "programme": resource.programme_id,
            "themes": list(resource.themes.all()),
            "sectors": list(resource.sectors.all()),
            "audience": resource.audience,
            "countries": [country.code for country in resource.countries],
            "languages": resource.languages,
            "published_on": resource.published_on,
            "licence": resource.licence,
            "licence_url": resource.licence_url,
            "external_url": resource.external_url,
            "podcast": resource.podcast_id,
            "season": resource.season,
            "episode_number": resource.episode_number,
            "explicit": resource.explicit,
        }

    def groups(self):
        """The fields in the fieldsets the page shows, with their legends."""
        return [
            (_("About the resource"), "about", [self[name] for name in self.ABOUT]),
            (_("Where it belongs"), "place", [self[name] for name in self.PLACE]),
            (_("Publication and licence"), "rights", [self[name] for name in self.RIGHTS]),
            (_("Files and link"), "content", [self[name] for name in self.CONTENT]),
            (_("Podcast episode"), "podcast", [self[name] for name in self.PODCAST]),
        ]

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_files(self):
        return files.check_uploads(self.cleaned_data.get("files"))

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        return files.encode_cover(cover) if cover else None

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("kind")
        if kind != Kind.PODCAST_EPISODE:
            # The podcast fields are hidden for other types; what they held does not count.
            cleaned_data.update(podcast=None, season=None, episode_number=None, explicit=False)
        if cleaned_data.get("licence") == Licence.OTHER and not cleaned_data.get("licence_url"):
            self.add_error("licence_url", _("Give the address of the licence."))
        if kind == Kind.LINK and not cleaned_data.get("external_url"):
            self.add_error("external_url", _("A link needs its address."))
        has_files = bool(cleaned_data.get("files")) or (
            self.resource is not None
            and self.resource.files.filter(role=ResourceFile.Role.MAIN).exists()
        )
        if (
            kind
            and kind != Kind.LINK
            and "files" not in self.errors
            and not has_files
            and not cleaned_data.get("external_url")
        ):
            self.add_error("files", _("Add at least one file or an external link."))
        return cleaned_data

    def _authors(self):
        lines = []
        for line in self.cleaned_data.get("authors", "").splitlines():
            line = " ".join(line.split())[:200]
            if line and line not in lines:
                lines.append(line)
        existing = {}
        if self.resource is not None:
            for author in self.resource.authors.select_related("organisation", "person"):
                existing.setdefault(author.display_name, author)
        by_name = {}
        for organisation in organisations().filter(
            normalised_name__in=[normalise_name(line) for line in lines]
        ):
            by_name.setdefault(organisation.normalised_name, []).append(organisation)
        authors = []
        for line in lines:
            if line in existing and (existing[line].person_id or existing[line].organisation_id):
                kept = existing[line]
                authors.append({"person": kept.person, "organisation": kept.organisation})
                continue
            matches = by_name.get(normalise_name(line), [])
            if len(matches) == 1:
                authors.append({"organisation": matches[0]})
            else:
                authors.append({"name": line})
        return authors

    def _text(self, field, value, language):
        if not value:
            return MultilingualText()
        old = getattr(self.resource, field, None) if self.resource is not None else None
        return _kept(old, value, language)

    def service_arguments(self):
        """What ``services.submit_resource`` and ``services.update_resource`` take."""
        data = self.cleaned_data
        language = data["language"]
        fields = {
            "kind": data["kind"],
            "title": self._text("title", data["title"], language),
            "abstract": self._text("abstract", data["abstract"].strip(), language),
            "body": self._text("body", data["body"].strip(), language),
            "programme": data["programme"],
            "audience": data["audience"],
            "countries": data["countries"],
            "languages": data["languages"] or [language],
            "published_on": data["published_on"],
            "licence": data["licence"],
            "licence_url": data["licence_url"],
            "external_url": data["external_url"],
            "podcast": data["podcast"],
            "season": data["season"],
            "episode_number": data["episode_number"],
            "explicit": data["explicit"],
        }
        return {
            "fields": fields,
            "themes": list(data["themes"]),
            "sectors": list(data["sectors"]),
            "authors": self._authors(),
            "uploads": data["files"],
            "cover": data["cover"],
        }


class TrackForm(forms.Form):
    """Captions or a transcript for one of the resource's audio or video files."""

    media = forms.ModelChoiceField(
        label=_("For the recording"), queryset=ResourceFile.objects.none(), empty_label=None
    )
    role = forms.ChoiceField(
        label=_("What it is"),
        choices=[
            (ResourceFile.Role.CAPTIONS, _("Captions (WebVTT), shown while it plays")),
            (ResourceFile.Role.TRANSCRIPT, _("Transcript (WebVTT or plain text)")),
        ],
        widget=forms.RadioSelect,
        initial=ResourceFile.Role.CAPTIONS,
    )
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        required=False,
        help_text=_("What players show, for example “English” or “Slovenščina (auto)”."),
    )
    file = forms.FileField(
        label=_("File"), widget=forms.FileInput(attrs={"accept": ".vtt,.txt,text/vtt,text/plain"})
    )

    def __init__(self, *args, resource, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("language", ResourceForm._default_language())
        super().__init__(*args, **kwargs)
        self.resource = resource
        self.fields["media"].queryset = media_files(resource)

    def clean(self):
        cleaned_data = super().clean()
        upload, role = cleaned_data.get("file"), cleaned_data.get("role")
        if upload and role:
            try:
                cleaned_data["file"] = files.check_upload(upload, role)
            except forms.ValidationError as error:
                self.add_error("file", error)
        return cleaned_data

    def track(self):
        data = self.cleaned_data
        return files.Track(
            upload=data["file"],
            media=data["media"],
            role=data["role"],
            language=data["language"],
            label=data["label"].strip(),
        )


def media_files(resource):
    """The resource's audio and video files, to which captions and transcripts belong."""
    return resource.files.filter(role=ResourceFile.Role.MAIN).filter(
        mime_type__regex=r"^(audio|video)/"
    )
