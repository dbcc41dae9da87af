"""Cocktails: a fitting combination of interventions for one anonymous situation, with the reasons.

    suggestion = suggest(store, Situation(mechanisms=("schulden", "chronische-stress"), place="Pekela"))
    print(suggestion.text())

The steps are separate modules: vocabulary (recognise words), situation (check the profile),
candidates (SPARQL), search (choose), explain (say why). All numbers are in weights.
"""

from graaf.cocktail.candidates import find
from graaf.cocktail.explain import Suggestion, explain
from graaf.cocktail.search import Problem, choose
from graaf.cocktail.situation import Situation, resolve
from graaf.cocktail.vocabulary import Vocabulary
from graaf.cocktail.weights import WEIGHTS, Weights
from graaf.store import Store


def suggest(store: Store, situation: Situation, weights: Weights = WEIGHTS) -> Suggestion:
    """Suggest a cocktail for the situation from what the store knows now."""
    vocab = Vocabulary.load(store)
    resolved = resolve(situation, vocab, weights)
    pool = find(store, resolved, vocab, weights)
    problem = Problem(pool, resolved, weights)
    return explain(store, pool, problem, choose(problem), resolved, vocab)


__all__ = ["WEIGHTS", "Situation", "Suggestion", "Weights", "suggest"]
