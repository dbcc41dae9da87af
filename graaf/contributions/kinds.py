"""Which builder turns each form into triples: one place, so a new form is one line here and one in fields."""

from collections.abc import Callable

from graaf.contributions.build import Context, Draft, Values, effect, practice
from graaf.contributions.evidence import evidence
from graaf.contributions.experiment import experiment
from graaf.contributions.session import session

BUILDERS: dict[str, Callable[[Context, Values], Draft]] = {
    "praktijk": practice,
    "effect": effect,
    "bewijs": evidence,
    "sessie": session,
    "experiment": experiment,
}
