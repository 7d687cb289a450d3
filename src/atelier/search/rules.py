"""Who may search: everyone, visitors included; the index holds only what anyone may see."""

import rules

rules.add_perm("search.search", rules.always_allow)
