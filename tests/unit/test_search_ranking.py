"""Typo-tolerant doctor search: pure ranking over names and specialties."""

from __future__ import annotations

import pytest

from chalicelib.services.catalogue._search_ranking import Candidate, edit_distance, rank, words

SMITH = Candidate("d-smith", "Anna Smith", "Cardiology")
SCHMIDT = Candidate("d-schmidt", "Jonas Schmidt", "Dermatology")
MULLER = Candidate("d-muller", "Jürgen Müller", "Orthopädie")
LOPEZ = Candidate("d-lopez", "José López", "Pediatrics")
KIM = Candidate("d-kim", "Min Kim", "Cardiology")
DIRECTORY = [SMITH, SCHMIDT, MULLER, LOPEZ, KIM]


def keys(query: str, candidates: list[Candidate] = DIRECTORY) -> list[str]:
    return [c.key for c in rank(query, candidates)]


def test_a_specialty_prefix_finds_every_doctor_of_that_specialty() -> None:
    assert set(keys("cardio")) == {"d-smith", "d-kim"}


def test_a_misspelt_name_with_a_title_finds_the_doctor() -> None:
    assert keys("Dr Smiht") == ["d-smith"]


def test_a_typo_in_the_specialty_is_forgiven() -> None:
    assert set(keys("cardiolgy")) == {"d-smith", "d-kim"}


@pytest.mark.parametrize("query", ["muller", "MÜLLER", "jurgen", "orthopadie", "lopez", "José"])
def test_accents_and_case_are_folded_on_both_sides(query: str) -> None:
    assert keys(query) != []
    assert keys(query)[0] in {"d-muller", "d-lopez"}


@pytest.mark.parametrize("query", ["neurology", "xyzzy", "zebra surgeon", "12345", "'; DROP TABLE doctors; --"])
def test_an_unrelated_query_finds_nothing(query: str) -> None:
    assert keys(query) == []


@pytest.mark.parametrize("query", ["", "   ", "dr", "Dr. Prof.", "!!!", "😀"])
def test_a_query_of_only_titles_or_symbols_finds_nothing(query: str) -> None:
    assert keys(query) == []


def test_every_query_word_must_match_something() -> None:
    # "anna" matches Smith, "dermatology" matches Schmidt: nobody matches both
    assert keys("anna dermatology") == []
    assert keys("anna cardiology") == ["d-smith"]


def test_words_combine_name_and_specialty() -> None:
    assert keys("kim cardio") == ["d-kim"]


def test_an_exact_match_ranks_above_a_prefix_match_above_a_typo() -> None:
    # Given three doctors whose surnames match "carter" exactly, by prefix and with one typo
    exact = Candidate("exact", "Zoe Carter", "Dermatology")
    prefix = Candidate("prefix", "Yan Carterson", "Dermatology")
    typo = Candidate("typo", "Abe Crater", "Dermatology")

    # When
    ranked = keys("carter", [typo, prefix, exact])

    # Then exact > prefix > typo, whatever their names' alphabetical order
    assert ranked == ["exact", "prefix", "typo"]


def test_ties_are_ordered_by_name() -> None:
    zed = Candidate("z", "Zed Kim", "Cardiology")
    abe = Candidate("a", "Abe Kim", "Cardiology")

    assert keys("kim", [zed, abe]) == ["a", "z"]


def test_short_words_must_match_exactly_or_as_a_prefix() -> None:
    # Three letters allow no typo: "kin" is not "kim"
    assert keys("kin") == []
    assert keys("ki") == ["d-kim"]


def test_a_long_word_tolerates_two_typos_but_not_three() -> None:
    assert edit_distance("drematolgoy", "dermatology") == 2
    assert keys("drematolgoy") == ["d-schmidt"]
    assert edit_distance("dremtaolgoy", "dermatology") == 3
    assert keys("dremtaolgoy") == []


def test_ranking_an_empty_directory_finds_nothing() -> None:
    assert rank("smith", []) == []


def test_words_drop_titles_fold_accents_and_split_on_punctuation() -> None:
    assert words("Dr. Jürgen Müller-Lüdenscheidt, MD") == ["jurgen", "muller", "ludenscheidt"]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("smith", "smith", 0), ("smiht", "smith", 1), ("smth", "smith", 1), ("smyth", "smith", 1), ("", "abc", 3)],
)
def test_edit_distance_counts_a_swap_of_neighbours_as_one_edit(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance


def test_the_index_scores_every_word_exactly_as_word_score_does() -> None:
    """The index finds its words with rapidfuzz and dictionaries; each must get ``word_score``'s own value, and no
    word ``word_score`` matches may be missed."""
    import random

    from chalicelib.services.catalogue._search_ranking import SearchIndex, word_score

    rng = random.Random(7)
    letters = "aeinorstlmkch"
    vocabulary = {"".join(rng.choice(letters) for _ in range(rng.randint(2, 11))) for _ in range(1500)}
    index = SearchIndex(Candidate(str(n), word, "") for n, word in enumerate(sorted(vocabulary)))
    queries = [w[: rng.randint(2, len(w))] for w in rng.sample(sorted(vocabulary), 60)]
    queries += ["".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(60)]
    for query in queries:
        expected = {w: word_score(query, w) for w in vocabulary if word_score(query, w) > 0}
        found = index.word_scores(query)
        assert found.keys() == expected.keys(), query
        assert all(abs(found[w] - expected[w]) < 1e-9 for w in found), query
