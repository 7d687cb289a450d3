"""Resources of the library, their files, collections, podcasts and moderation history."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from atelier.core.multilingual import MultilingualTextField
from atelier.core.storage import private_storage


def _generated_name(folder, filename, default_extension):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else default_extension
    if not extension.isalnum() or len(extension) > 8:
        extension = default_extension
    return f"{folder}/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.{extension}"


def resource_file_path(instance, filename):
    # The extension is the sniffed type's, set by ``files.store_upload``; never the uploader's.
    return _generated_name("library/files", filename, "bin")


def thumbnail_path(instance, filename):
    return _generated_name("library/thumbnails", filename, "webp")


def cover_path(instance, filename):
    return _generated_name("library/covers", filename, "webp")


class Kind(models.TextChoices):
    DOCUMENT = "document", _("Report or document")
    TOOLKIT = "toolkit", _("Toolkit")
    GUIDE = "guide", _("Guide")
    CASE_STUDY = "case-study", _("Case study")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    PODCAST_EPISODE = "podcast-episode", _("Podcast episode")
    PRESENTATION = "presentation", _("Presentation")
    DATASET = "dataset", _("Dataset")
    LINK = "link", _("Link")


class Licence(models.TextChoices):
    CC0 = "cc0", _("CC0 1.0 (public domain dedication)")
    CC_BY = "cc-by", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa", _("CC BY-SA 4.0")
    CC_BY_ND = "cc-by-nd", _("CC BY-ND 4.0")
    CC_BY_NC = "cc-by-nc", _("CC BY-NC 4.0")
    CC_BY_NC_SA = "cc-by-nc-sa", _("CC BY-NC-SA 4.0")
    CC_BY_NC_ND = "cc-by-nc-nd", _("CC BY-NC-ND 4.0")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")
    OTHER = "other", _("Other licence")


LICENCE_URLS = {
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_ND: "https://creativecommons.org/licenses/by-nd/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    Licence.CC_BY_NC_ND: "https://creativecommons.org/licenses/by-nc-nd/4.0/",
}


class Audience(models.TextChoices):
    CULTURAL_WORKERS = "cultural-workers", _("Cultural and community workers")
    TRAINERS = "trainers", _("Trainers and educators")
    ECOC_TEAMS = "ecoc-teams", _("European Capital of Culture teams")
    CREATIVE_SMES = "creative-smes", _("Creative businesses (SMEs)")
    ARTISTS = "artists", _("Artists and creators")
    POLICY_MAKERS = "policy-makers", _("Policy makers and local authorities")
    RESEARCHERS = "researchers", _("Researchers")
    STUDENTS = "students", _("Students")
    GENERAL_PUBLIC = "general-public", _("General public")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    CHANGES_REQUESTED = "changes-requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Podcast(models.Model):
    """A podcast series; its episodes are audio resources of kind ``podcast-episode``."""

    title = MultilingualTextField(_("title"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = MultilingualTextField(_("description"))
    language = models.CharField(_("language"), max_length=8)
    # An Apple Podcasts category, e.g. "Arts" or "Education"; subcategory optional.
    category = models.CharField(_("category"), max_length=60, default="Arts")
    subcategory = models.CharField(_("subcategory"), max_length=60, blank=True)
    author = models.CharField(_("author"), max_length=200)
    owner_name = models.CharField(_("owner's name"), max_length=200)
    owner_email = models.EmailField(_("owner's e-mail"))
    explicit = models.BooleanField(_("explicit content"), default=False)
    cover = models.ImageField(_("cover image"), upload_to=cover_path, blank=True)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="podcasts",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="podcasts",
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("podcast")
        verbose_name_plural = _("podcasts")

    def __str__(self):
        return self.title.text

    def get_absolute_url(self):
        return reverse("library:podcast", kwargs={"slug": self.slug})

    def role_scope(self):
        return self.programme


class Resource(models.Model):
    """A toolkit, report, recording, podcast episode or link in the library."""

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    title = MultilingualTextField(_("title"))
    abstract = MultilingualTextField(_("abstract"), blank=True, default=dict)
    # Sanitised HTML (``core.html.clean``) in its original language, with translations.
    body = MultilingualTextField(_("text"), blank=True, default=dict)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    themes = models.ManyToManyField(
        "core.Theme", verbose_name=_("themes"), blank=True, related_name="resources"
    )
    sectors = models.ManyToManyField(
        "network.Sector", verbose_name=_("sectors"), blank=True, related_name="resources"
    )
    audience = models.JSONField(_("audience"), default=list, blank=True)
    countries = CountryField(_("countries concerned"), multiple=True, blank=True)
    # Languages the content itself is in (ISO 639-1 codes), e.g. ["en", "bg"].
    languages = models.JSONField(_("languages of the content"), default=list, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY
    )
    licence_url = models.URLField(
        _("licence URL"), max_length=300, blank=True, help_text=_("For another licence.")
    )
    external_url = models.URLField(_("external link"), max_length=500, blank=True)
    cover = models.ImageField(_("cover image"), upload_to=cover_path, blank=True)

    podcast = models.ForeignKey(
        Podcast,
        verbose_name=_("podcast"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="episodes",
    )
    season = models.PositiveSmallIntegerField(_("season"), null=True, blank=True)
    episode_number = models.PositiveSmallIntegerField(_("episode"), null=True, blank=True)
    explicit = models.BooleanField(_("explicit content"), default=False)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contributed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributed_resources",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # Changes whenever anything a harvester sees changes (OAI-PMH datestamp).
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0, db_index=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [models.Index(fields=["status", "-published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(licence="other") | ~models.Q(licence_url=""),
                name="library_other_licence_has_url",
            ),
        ]

    def __str__(self):
        return self.title.text

    def get_absolute_url(self):
        return reverse("library:resource", kwargs={"pk": self.pk})

    def role_scope(self):
        """Roles held in the resource's programme govern it."""
        return self.programme

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def licence_link(self):
        if self.licence == Licence.OTHER:
            return self.licence_url
        return LICENCE_URLS.get(self.licence, "")


class ResourceAuthor(models.Model):
    """An author: a member, an organisation, or a name in free text."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_resources",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.name:
            return self.name
        if self.organisation_id:
            return self.organisation.name
        if self.person_id:
            return self.person.display_name_or_fallback
        return ""


class ResourceFile(models.Model):
    """A file of a resource, stored under a generated name with its checksum."""

    class Role(models.TextChoices):
        MAIN = "main", _("File")
        CAPTIONS = "captions", _("Captions (WebVTT)")
        TRANSCRIPT = "transcript", _("Transcript")

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Text extracted")
        FAILED = "failed", _("Text could not be extracted")
        NONE = "none", _("No text to extract")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MAIN)
    # Captions and transcripts belong to one audio or video file of the same resource.
    media = models.ForeignKey(
        "self",
        verbose_name=_("for the file"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tracks",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Private: served only through the download and media views, which check permissions.
    file = models.FileField(
        _("file"), upload_to=resource_file_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(_("original name"), max_length=255)
    label = models.CharField(_("label"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    duration_seconds = models.PositiveIntegerField(_("duration in seconds"), null=True, blank=True)
    # Private like the file, whose first page or picture it shows: served by the thumbnail
    # view under the file's own permission.
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=thumbnail_path, storage=private_storage, blank=True
    )
    extraction = models.CharField(
        _("text extraction"),
        max_length=10,
        choices=Extraction.choices,
        default=Extraction.PENDING,
    )
    extracted_text = models.TextField(_("extracted text"), blank=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.label or self.original_name

    @property
    def is_audio(self):
        return self.mime_type.startswith("audio/")

    @property
    def is_video(self):
        return self.mime_type.startswith("video/")

    @property
    def is_image(self):
        return self.mime_type.startswith("image/")


class ModerationEvent(models.Model):
    """One step in a resource's history: submitted, approved, changes asked, rejected..."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        RESUBMITTED = "resubmitted", _("Submitted again after changes")
        PUBLISHED = "published", _("Published directly")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes-requested", _("Changes requested")
        REJECTED = "rejected", _("Rejected")
        EDITED = "edited", _("Edited")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("moderation step")
        verbose_name_plural = _("moderation history")

    def __str__(self):
        return f"{self.get_action_display()} ({self.created:%Y-%m-%d})"


class Collection(models.Model):
    """An ordered, curated list of resources with a page of its own."""

    title = MultilingualTextField(_("title"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = MultilingualTextField(_("description"), blank=True, default=dict)
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collections",
    )
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("curated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resources = models.ManyToManyField(
        Resource, through="CollectionItem", related_name="collections", blank=True
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return self.title.text

    def get_absolute_url(self):
        return reverse("library:collection", kwargs={"slug": self.slug})

    def role_scope(self):
        return self.programme


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("position"), default=0)
    note = models.CharField(_("curator's note"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "resource"], name="library_collection_item_once"
            ),
        ]

    def __str__(self):
        return f"{self.collection_id}:{self.position}:{self.resource_id}"
