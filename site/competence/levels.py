"""DigComp 2.2's eight proficiency levels, as a self-assessment scale.

DigComp 2.2 (JRC, 2022) groups eight levels in four: foundation (1-2), intermediate
(3-4), advanced (5-6) and highly specialised (7-8); each level says how complex the
tasks are, how autonomously one does them and what one does with them. The short
descriptions below paraphrase the framework's level descriptors (English here, sv,
nb and da in the .po files). Level 0 is the honest "not yet".
"""

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NOT_YET = 0
LOWEST = 0
HIGHEST = 8

# The level below which a competence counts as a gap when no role profile is chosen:
# level 3 is where DigComp's people work on their own (intermediate).
DEFAULT_TARGET = 3

GROUPS = {
    0: pgettext_lazy("DigComp proficiency", "Not yet"),
    1: pgettext_lazy("DigComp proficiency", "Foundation"),
    2: pgettext_lazy("DigComp proficiency", "Foundation"),
    3: pgettext_lazy("DigComp proficiency", "Intermediate"),
    4: pgettext_lazy("DigComp proficiency", "Intermediate"),
    5: pgettext_lazy("DigComp proficiency", "Advanced"),
    6: pgettext_lazy("DigComp proficiency", "Advanced"),
    7: pgettext_lazy("DigComp proficiency", "Highly specialised"),
    8: pgettext_lazy("DigComp proficiency", "Highly specialised"),
}

DESCRIPTIONS = {
    0: _("I have not done this yet, or I do not know what it means."),
    1: _("I can do simple tasks with guidance."),
    2: _("I can do simple tasks on my own, with guidance where I need it."),
    3: _(
        "I can do well-defined, routine tasks and solve straightforward problems "
        "on my own."
    ),
    4: _(
        "I can do tasks and solve well-defined, non-routine problems "
        "independently, as I need."
    ),
    5: _("I can do different tasks, solve problems and guide others."),
    6: _(
        "I can choose the most suitable approach and adapt to others in complex "
        "situations."
    ),
    7: _(
        "I can solve complex problems with few solutions and help develop "
        "professional practice."
    ),
    8: _(
        "I can solve complex problems with many interacting factors and propose "
        "new ideas to the field."
    ),
}

LEVELS = list(range(LOWEST, HIGHEST + 1))


def label(level):
    """ "Level 3 · Intermediate" (or "Not yet") for tables and the chart."""
    if level is None:
        return ""
    if level == NOT_YET:
        return str(GROUPS[0])
    return _("Level %(level)s · %(group)s") % {"level": level, "group": GROUPS[level]}


def choices():
    """(level, "label: description") for a radio group."""
    return [(level, f"{label(level)}: {DESCRIPTIONS[level]}") for level in LEVELS]


# For choices made at import time (a model field's): translated when shown.
label_lazy = lazy(label, str)
