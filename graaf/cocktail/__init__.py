"""Cocktails: a fitting combination of interventions for one anonymous situation, with the reasons.

    suggestion = suggest(store, Situation(mechanisms=("schulden", "chronische-stress"), place="Pekela"))
    print(suggestion.text())

The steps are separate modules: vocabulary (recognise words), situation (check the profile),
candidates (SPARQL), search (choose), explain (say why). All numbers are in weights.

May import the store layer (graaf.storage) and ontologie; never validatie or api.
"""

import weakref

from graaf.cocktail.candidates import find
from graaf.cocktail.candidates import prepare as _prepare
from graaf.cocktail.explain import Suggestion, explain
from graaf.cocktail.search import Problem, choose
from graaf.cocktail.situation import Situation, resolve
from graaf.cocktail.vocabulary import Vocabulary
from graaf.cocktail.weights import WEIGHTS, Weights
from graaf.storage.long_lived import long_lived
from graaf.storage.store import Store

_VOCABULARIES: "weakref.WeakKeyDictionary[Store, tuple[int, Vocabulary]]" = weakref.WeakKeyDictionary()


def vocabulary_of(store: Store) -> Vocabulary:
    """The store's vocabulary, read again only after a write (the store counts its writes)."""
    cached = _VOCABULARIES.get(store)
    if cached is None or cached[0] != store.version:
        cached = (store.version, Vocabulary.load(store))
        _VOCABULARIES[store] = cached
    return cached[1]


def prepare(store: Store) -> int:
    """Read the rows every cocktail may need, once per store version; see candidates.prepare."""
    with long_lived():
        return _prepare(store, vocabulary_of(store))


def suggest(store: Store, situation: Situation, weights: Weights = WEIGHTS) -> Suggestion:
    """Suggest a cocktail for the situation from what the store knows now."""
    vocab = vocabulary_of(store)
    resolved = resolve(situation, vocab, weights)
    pool = find(store, resolved, vocab, weights)
    problem = Problem(pool, resolved, weights)
    return explain(store, pool, problem, choose(problem), resolved, vocab)


__all__ = ["WEIGHTS", "Situation", "Suggestion", "Weights", "prepare", "suggest"]
