"""Which builder turns each form into triples: one place, so a new form is one line here and one in fields."""

from collections.abc import Callable

from graaf.contributions.build import Context, Draft, Values, effect, evidence, practice, session
from graaf.contributions.experiment import experiment

BUILDERS: dict[str, Callable[[Context, Values], Draft]] = {
    "praktijk": practice,
    "effect": effect,
    "bewijs": evidence,
    "sessie": session,
    "experiment": experiment,
}
