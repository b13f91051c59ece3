"""Posts: roles and positions (never named people) from a gazetteer and a few
patterns ("chair of the X", "X is chaired by an independent chair").
Rules: ``kg/rules/posts.yaml``; the relations posts take part in are found by
``kg/extractors/accountability.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from kg.components import Component, Context, load_rules, register
from kg.model import Mention
from kg.text import EntityRules, sentence_index

FAMILY = "posts"


@lru_cache(maxsize=1)
def _entity_rules() -> EntityRules:
    return EntityRules(load_rules(FAMILY))


@register(FAMILY)
class Posts(Component):
    produces = ("Post",)

    @property
    def entity_rules(self) -> EntityRules:
        return _entity_rules()

    def find_mentions(self, ctx: Context) -> Iterable[Mention]:
        text = ctx.document.text or ctx.document.raw_text
        return self.entity_rules.find(text, sentence_index(ctx.sentences))
