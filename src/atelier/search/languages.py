"""Language identification of indexed texts, limited to the languages content is written in."""

import threading

from atelier.core.languages import CONTENT_LANGUAGES

# Below this many letters a text says too little about its language.
MIN_LETTERS = 12
# A text identified with less confidence keeps the language its author declared.
MIN_CONFIDENCE = 0.6

_lock = threading.Lock()
_identifier = None


def _get_identifier():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier.set_languages(
                    [c for c in CONTENT_LANGUAGES if c in identifier.nb_classes]
                )
                _identifier = identifier
    return _identifier


def identify(text, declared=""):
    """The language of ``text``: identified when the text says enough, else ``declared``."""
    text = (text or "").strip()
    if sum(1 for char in text[:2000] if char.isalpha()) < MIN_LETTERS:
        return declared or ""
    language, confidence = _get_identifier().classify(text[:2000])
    if confidence < MIN_CONFIDENCE and declared:
        return declared
    return language
