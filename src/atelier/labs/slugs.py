"""A lab's address made from its title: Latin letters, digits and hyphens, unique.

Titles come in every language of the platform; Cyrillic (Bulgarian by its official
streamlined system, with the letters of the other Cyrillic alphabets) and Greek are
transliterated, Latin letters lose their diacritics, so a Bulgarian title gives a readable
address rather than an empty one.
"""

from django.utils.text import slugify

SLUG_LENGTH = 70
# Words the lab pages' own paths use after /labs/: a lab may not be named like them.
RESERVED = {"new", "join", "programme"}

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
    "ё": "yo", "ы": "y", "э": "e", "є": "ye", "і": "i", "ї": "yi", "ґ": "g",
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj",
    "ѕ": "dz",
}  # fmt: skip
_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o", "ά": "a", "έ": "e", "ή": "i", "ί": "i", "ό": "o", "ύ": "y", "ώ": "o",
    "ϊ": "i", "ϋ": "y", "ΐ": "i", "ΰ": "y",
}  # fmt: skip
# Latin letters that do not decompose into a base letter and a diacritic.
_LATIN = {
    "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "þ": "th", "ð": "d",
    "ı": "i", "ħ": "h", "ŧ": "t",
}  # fmt: skip
_LETTERS = {**_CYRILLIC, **_GREEK, **_LATIN}
# Greek pairs read as one sound.
_PAIRS = {"αυ": "av", "ευ": "ev", "ου": "ou", "αύ": "av", "εύ": "ev", "ού": "ou"}


def transliterate(text):
    """``text`` in Latin letters, upper case kept where the first letter was upper case."""
    for pair, latin in _PAIRS.items():
        text = text.replace(pair, latin).replace(pair.capitalize(), latin.capitalize())
    out = []
    for char in text:
        lower = char.lower()
        latin = _LETTERS.get(lower)
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char != lower else latin)
    return "".join(out)


def base_slug(title, fallback="lab"):
    """The address part a title gives, before it is made unique."""
    slug = slugify(transliterate(title or ""))[:SLUG_LENGTH].strip("-")
    return slug or fallback


def unique_slug(title, taken, fallback="lab"):
    """The first of ``base``, ``base-2``, ``base-3``... that ``taken(slug)`` says is free and
    is not one of the reserved words."""
    base = base_slug(title, fallback)
    candidate, number = base, 1
    while candidate in RESERVED or taken(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate
