"""The form to create or edit a podcast, with Apple Podcasts' categories and cover checks."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from atelier.core import uploads
from atelier.core.languages import language_choices
from atelier.core.pickers import PickerField

from . import queries
from .models import Podcast

# Apple Podcasts' categories and subcategories. The feed carries the English names, which
# are the values directories match on; the labels are translated for the form.
CATEGORIES = {
    "Arts": ["Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"],
    "Business": [
        "Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit",
    ],
    "Comedy": ["Comedy Interviews", "Improv", "Stand-Up"],
    "Education": ["Courses", "How To", "Language Learning", "Self-Improvement"],
    "Fiction": ["Comedy Fiction", "Drama", "Science Fiction"],
    "Government": [],
    "Health & Fitness": [
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality",
    ],
    "History": [],
    "Kids & Family": ["Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"],
    "Leisure": [
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
        "Home & Garden", "Video Games",
    ],
    "Music": ["Music Commentary", "Music History", "Music Interviews"],
    "News": [
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
        "Sports News", "Tech News",
    ],
    "Religion & Spirituality": [
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ],
    "Science": [
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences",
    ],
    "Society & Culture": [
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships",
    ],
    "Sports": [
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
        "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness",
        "Wrestling",
    ],
    "Technology": [],
    "True Crime": [],
    "TV & Film": ["After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"],
}  # fmt: skip

CATEGORY_LABELS = {
    "Arts": _("Arts"),
    "Books": _("Books"),
    "Design": _("Design"),
    "Fashion & Beauty": _("Fashion & Beauty"),
    "Food": _("Food"),
    "Performing Arts": _("Performing Arts"),
    "Visual Arts": _("Visual Arts"),
    "Business": _("Business"),
    "Careers": _("Careers"),
    "Entrepreneurship": _("Entrepreneurship"),
    "Investing": _("Investing"),
    "Management": _("Management"),
    "Marketing": _("Marketing"),
    "Non-Profit": _("Non-Profit"),
    "Comedy": _("Comedy"),
    "Comedy Interviews": _("Comedy Interviews"),
    "Improv": _("Improv"),
    "Stand-Up": _("Stand-Up"),
    "Education": _("Education"),
    "Courses": _("Courses"),
    "How To": _("How To"),
    "Language Learning": _("Language Learning"),
    "Self-Improvement": _("Self-Improvement"),
    "Fiction": _("Fiction"),
    "Comedy Fiction": _("Comedy Fiction"),
    "Drama": _("Drama"),
    "Science Fiction": _("Science Fiction"),
    "Government": _("Government"),
    "Health & Fitness": _("Health & Fitness"),
    "Alternative Health": _("Alternative Health"),
    "Fitness": _("Fitness"),
    "Medicine": _("Medicine"),
    "Mental Health": _("Mental Health"),
    "Nutrition": _("Nutrition"),
    "Sexuality": _("Sexuality"),
    "History": _("History"),
    "Kids & Family": _("Kids & Family"),
    "Education for Kids": _("Education for Kids"),
    "Parenting": _("Parenting"),
    "Pets & Animals": _("Pets & Animals"),
    "Stories for Kids": _("Stories for Kids"),
    "Leisure": _("Leisure"),
    "Animation & Manga": _("Animation & Manga"),
    "Automotive": _("Automotive"),
    "Aviation": _("Aviation"),
    "Crafts": _("Crafts"),
    "Games": _("Games"),
    "Hobbies": _("Hobbies"),
    "Home & Garden": _("Home & Garden"),
    "Video Games": _("Video Games"),
    "Music": _("Music"),
    "Music Commentary": _("Music Commentary"),
    "Music History": _("Music History"),
    "Music Interviews": _("Music Interviews"),
    "News": _("News"),
    "Business News": _("Business News"),
    "Daily News": _("Daily News"),
    "Entertainment News": _("Entertainment News"),
    "News Commentary": _("News Commentary"),
    "Politics": _("Politics"),
    "Sports News": _("Sports News"),
    "Tech News": _("Tech News"),
    "Religion & Spirituality": _("Religion & Spirituality"),
    "Buddhism": _("Buddhism"),
    "Christianity": _("Christianity"),
    "Hinduism": _("Hinduism"),
    "Islam": _("Islam"),
    "Judaism": _("Judaism"),
    "Religion": _("Religion"),
    "Spirituality": _("Spirituality"),
    "Science": _("Science"),
    "Astronomy": _("Astronomy"),
    "Chemistry": _("Chemistry"),
    "Earth Sciences": _("Earth Sciences"),
    "Life Sciences": _("Life Sciences"),
    "Mathematics": _("Mathematics"),
    "Natural Sciences": _("Natural Sciences"),
    "Nature": _("Nature"),
    "Physics": _("Physics"),
    "Social Sciences": _("Social Sciences"),
    "Society & Culture": _("Society & Culture"),
    "Documentary": _("Documentary"),
    "Personal Journals": _("Personal Journals"),
    "Philosophy": _("Philosophy"),
    "Places & Travel": _("Places & Travel"),
    "Relationships": _("Relationships"),
    "Sports": _("Sports"),
    "Baseball": _("Baseball"),
    "Basketball": _("Basketball"),
    "Cricket": _("Cricket"),
    "Fantasy Sports": _("Fantasy Sports"),
    "Football": _("Football"),
    "Golf": _("Golf"),
    "Hockey": _("Hockey"),
    "Rugby": _("Rugby"),
    "Running": _("Running"),
    "Soccer": _("Soccer"),
    "Swimming": _("Swimming"),
    "Tennis": _("Tennis"),
    "Volleyball": _("Volleyball"),
    "Wilderness": _("Wilderness"),
    "Wrestling": _("Wrestling"),
    "Technology": _("Technology"),
    "True Crime": _("True Crime"),
    "TV & Film": _("TV & Film"),
    "After Shows": _("After Shows"),
    "Film History": _("Film History"),
    "Film Interviews": _("Film Interviews"),
    "Film Reviews": _("Film Reviews"),
    "TV Reviews": _("TV Reviews"),
}


def category_label(value):
    return CATEGORY_LABELS.get(value, value)


def category_choices():
    return [(name, CATEGORY_LABELS[name]) for name in CATEGORIES]


def subcategory_choices():
    """Subcategories grouped under their category, as the select shows them."""
    return [("", _("None"))] + [
        (CATEGORY_LABELS[name], [(sub, CATEGORY_LABELS[sub]) for sub in subs])
        for name, subs in CATEGORIES.items()
        if subs
    ]


# Directories ask for a square cover of 1400 to 3000 pixels, JPEG or PNG.
COVER_MIN_PIXELS = 1400
COVER_MAX_PIXELS = 3000
COVER_MAX_BYTES = getattr(settings, "ATELIER_PODCAST_COVER_MAX_BYTES", 10 * 1024 * 1024)
COVER_FORMATS = {"JPEG", "PNG", "WEBP"}
# Paths under /library/podcasts/ that are pages, not podcasts.
RESERVED_SLUGS = {"new"}


def _square_enough(header):
    if min(header.width, header.height) < COVER_MIN_PIXELS:
        raise forms.ValidationError(
            _(
                "Podcast directories need a cover of at least %(min)s × %(min)s pixels; "
                "this one is %(width)s × %(height)s."
            )
            % {"min": COVER_MIN_PIXELS, "width": header.width, "height": header.height},
            code="too_small",
        )


def clean_cover(upload):
    """A re-encoded square JPEG or PNG of 1400 to 3000 pixels, or a ValidationError.

    The size is read from the header; decoding and re-encoding run in a sandboxed child. A
    cover that is not square is cropped around its centre."""
    return uploads.clean_picture(
        upload,
        max_bytes=COVER_MAX_BYTES,
        formats=COVER_FORMATS,
        check_header=_square_enough,
        side=COVER_MAX_PIXELS,
        stem="cover",
        square=True,
        output="jpeg-or-png",
        quality=88,
    )


class PodcastForm(forms.ModelForm):
    """Title and description in one original language; the rest as the feed needs it."""

    title = forms.CharField(label=_("Title"), max_length=200)
    text_language = forms.ChoiceField(
        label=_("Language of the title and description"),
        help_text=_("Also the language of the podcast in its feed."),
    )
    description_text = forms.CharField(
        label=_("Description"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Podcast apps show it under the title."),
    )
    category = forms.ChoiceField(label=_("Category"))
    subcategory = forms.ChoiceField(label=_("Subcategory"), required=False)
    website = forms.URLField(
        label=_("Website"), required=False, max_length=300, assume_scheme="https"
    )
    cover = forms.ImageField(
        label=_("Cover image"),
        required=False,
        help_text=_("Square, at least 1400 × 1400 pixels, JPEG, PNG or WebP."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    # Programmes are many: typed to be found, the person's own first.
    programme = PickerField("library.curated", label=_("Programme"), required=False)

    class Meta:
        model = Podcast
        fields = [
            "slug",
            "category",
            "subcategory",
            "author",
            "owner_name",
            "owner_email",
            "explicit",
            "programme",
            "website",
        ]
        help_texts = {
            "slug": _("Letters, numbers and hyphens; it becomes the address of the podcast."),
            "author": _("The person or organisation podcast apps name as the author."),
            "owner_email": _(
                "Podcast directories write to this address to verify ownership; "
                "it is public in the feed."
            ),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        language_field = self.fields["text_language"]
        language_field.choices = [("", "")] + language_choices()
        self.fields["category"].choices = category_choices()
        self.fields["subcategory"].choices = subcategory_choices()
        self.fields["programme"].for_user(user)
        self.fields["programme"].required = not queries.curates_everywhere(user)
        if self.instance.pk:
            self.initial.setdefault("title", self.instance.title.text)
            self.initial.setdefault("description_text", self.instance.description.text)
            self.initial.setdefault("text_language", self.instance.title.language)
        else:
            self.initial.setdefault("category", "Arts")
        self.order_fields(
            ["title", "text_language", "description_text", "slug", "category", "subcategory"]
        )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is taken by a page of the library; choose another.") % {"slug": slug}
            )
        return slug

    def clean_cover(self):
        upload = self.cleaned_data.get("cover")
        if not upload:
            return None
        return clean_cover(upload)

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        subcategory = cleaned.get("subcategory")
        if category and subcategory and subcategory not in CATEGORIES.get(category, ()):
            self.add_error(
                "subcategory",
                _("“%(sub)s” is not a subcategory of “%(category)s”.")
                % {"sub": category_label(subcategory), "category": category_label(category)},
            )
        return cleaned

    def podcast_data(self):
        """The cleaned values as ``services.create_podcast`` and ``update_podcast`` take them."""
        data = self.cleaned_data
        return {
            "fields": {name: data[name] for name in self._meta.fields},
            "title": data["title"],
            "description": data["description_text"],
            "language": data["text_language"],
            "cover": data.get("cover"),
        }
