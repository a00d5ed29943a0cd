"""Typo-tolerant matching of a search query against doctor names and specialties. Pure: no I/O.

Each query word must match some word of the doctor's name or specialty: exactly, as a prefix ("cardio" ->
"cardiology"), or within a small edit distance that counts a swap of neighbours as one edit ("smiht" -> "smith").
Titles such as "Dr" are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

STOP_WORDS = frozenset({"dr", "doctor", "prof", "professor", "the", "of", "and", "md"})
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Candidate:
    key: str
    name: str
    specialty: str


def words(text: str) -> list[str]:
    return list(_words(text))


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return tuple(w for w in _WORD.findall(folded) if w not in STOP_WORDS)


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[len(a)][len(b)]


def allowed_edits(word: str) -> int:
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 6 else 2


def word_score(query: str, candidate: str) -> float:
    """1.0 exact, 0.9 prefix, less for typos, 0.0 for no match."""
    if query == candidate:
        return 1.0
    if len(query) >= 2 and candidate.startswith(query):
        return 0.9
    budget = allowed_edits(query)
    if budget == 0 or len(candidate) < len(query) - budget:
        return 0.0
    whole = edit_distance(query, candidate)
    if whole <= budget:
        return 0.8 - 0.1 * whole
    if len(candidate) > len(query):
        prefix = edit_distance(query, candidate[: len(query)])
        if prefix <= budget:
            return 0.7 - 0.1 * prefix
    return 0.0


def score(query_words: Sequence[str], candidate: Candidate) -> float:
    """Mean of each query word's best match; 0.0 when any query word matches nothing."""
    targets = _words(candidate.name) + _words(candidate.specialty)
    if not query_words or not targets:
        return 0.0
    total = 0.0
    for q in query_words:
        best = max(word_score(q, t) for t in targets)
        if best == 0.0:
            return 0.0
        total += best
    return total / len(query_words)


class SearchIndex:
    """Candidates by word, built once per directory version.

    A query word is matched against the directory's distinct words (names repeat, and every doctor of a specialty
    shares its words) without looking at each in Python: exact words and prefixes from dictionaries, words within
    the edit budget by rapidfuzz's optimal-string-alignment distance over the whole vocabulary (C++, a few
    milliseconds for 50,000 doctors), and typos in a prefix the same way over the distinct prefixes of that length.
    Each word gets exactly the score ``word_score`` gives it (a unit test holds the two together); the candidates
    that carry a matching word are then gathered from the postings.
    """

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self._candidates = list(candidates)
        postings: defaultdict[str, list[int]] = defaultdict(list)
        for position, candidate in enumerate(self._candidates):
            for word in set(_words(candidate.name) + _words(candidate.specialty)):
                postings[word].append(position)
        self._postings = dict(postings)
        by_length: defaultdict[int, list[str]] = defaultdict(list)
        for word in self._postings:
            by_length[len(word)].append(word)
        self._by_length = dict(by_length)
        self._prefixes: dict[int, dict[str, list[str]]] = {}
        # Ties are ordered by name: each candidate's place in that order, computed once.
        by_name = sorted(
            range(len(self._candidates)), key=lambda p: (self._candidates[p].name.lower(), self._candidates[p].key)
        )
        self._name_rank = [0] * len(self._candidates)
        for place, position in enumerate(by_name):
            self._name_rank[position] = place

    def _longer_by_prefix(self, length: int) -> dict[str, list[str]]:
        """Words longer than ``length`` by their first ``length`` letters (made on first need, per length)."""
        known = self._prefixes.get(length)
        if known is None:
            gathered: defaultdict[str, list[str]] = defaultdict(list)
            for size, group in self._by_length.items():
                if size > length:
                    for word in group:
                        gathered[word[:length]].append(word)
            known = self._prefixes[length] = dict(gathered)
        return known

    def word_scores(self, query: str) -> dict[str, float]:
        """Every directory word ``query`` matches, with ``word_score(query, word)``."""
        found: dict[str, float] = {}
        if query in self._postings:
            found[query] = 1.0
        prefixes = self._longer_by_prefix(len(query))
        if len(query) >= 2:
            for word in prefixes.get(query, ()):
                found.setdefault(word, 0.9)
        budget = allowed_edits(query)
        if budget == 0:
            return found
        # A distance within the budget needs a length within it too.
        near = [
            w for size in range(len(query) - budget, len(query) + budget + 1) for w in self._by_length.get(size, ())
        ]
        for word, distance, _ in process.extract(query, near, scorer=OSA.distance, score_cutoff=budget, limit=None):
            found.setdefault(word, 0.8 - 0.1 * distance)
        for prefix, distance, _ in process.extract(
            query, list(prefixes), scorer=OSA.distance, score_cutoff=budget, limit=None
        ):
            for word in prefixes[prefix]:
                found.setdefault(word, 0.7 - 0.1 * distance)
        return found

    def rank(self, query: str) -> list[Candidate]:
        """Matching candidates, best first, ties by name."""
        query_words = words(query)
        if not query_words:
            return []
        totals: dict[int, float] | None = None
        for q in query_words:
            best: dict[int, float] = {}
            for word, value in self.word_scores(q).items():
                for position in self._postings[word]:
                    if value > best.get(position, 0.0):
                        best[position] = value
            totals = best if totals is None else {p: totals[p] + v for p, v in best.items() if p in totals}
            if not totals:
                return []
        assert totals is not None
        rank = self._name_rank
        order = sorted(totals, key=lambda p: (-totals[p], rank[p]))
        return [self._candidates[p] for p in order]


def rank(query: str, candidates: Iterable[Candidate]) -> list[Candidate]:
    """Matching candidates, best first, ties by name."""
    return SearchIndex(candidates).rank(query)
