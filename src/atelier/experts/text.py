"""Words for matching: the same light normalisation for experts' keywords and requests' texts."""

import re

_WORD = re.compile(r"\w+")
# Words that say nothing about a topic, in the languages most requests are written in.
STOP_WORDS = frozenset(
    """
    and the for with our who what how from into are was were you your this that they their
    have has will can all any more most about also not but its out one two new need needs want
    und der die das mit für von den des ein eine ist wir
    les des pour avec une dans sur par
    oraz dla nie jak się jest
    """.split()
)


def stem(word):
    """Casefolded, with a plural "s" dropped: "Museums" and "museum" meet."""
    word = word.casefold()
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def stems(text):
    """The topic-bearing words of a text, normalised, in order, repeats kept."""
    return [
        stem(word)
        for word in _WORD.findall(text or "")
        if len(word) >= 3 and word.casefold() not in STOP_WORDS and not word.isdigit()
    ]


def keyword_key(keyword):
    """A keyword as one token without spaces ("creative+europe"), or "" when it has no word."""
    return "+".join(stems(keyword))
