"""The name pools of the synthetic documents: a held-out pool shares no name with another pool,
so that figures on it measure names the extractor was never tuned on."""

from __future__ import annotations

from itertools import combinations

from objector.extraction import synthetic


def _names(pool: synthetic.Pool) -> set[str]:
    firsts = {
        *pool.male_first,
        *pool.female_first,
        *pool.female_first_rare,
        *pool.male_first_tuvan,
        *pool.turkic_male,
        *pool.turkic_female,
    }
    fathers = {f for pair in (*pool.fathers, *pool.fathers_tuvan) for f in pair}
    surnames = {s for stems in pool.surnames.values() for s in stems} | set(pool.irregular)
    return firsts | fathers | surnames | set(pool.turkic_fathers)


def test_it_keeps_every_held_out_pool_apart_from_the_others() -> None:
    pools = {name: _names(synthetic.Pool.load(name)) for name in synthetic.POOLS}
    assert "heldout3" in pools
    for a, b in combinations(pools, 2):
        assert pools[a] & pools[b] == set(), (a, b)


def test_it_writes_every_oblique_form_of_the_third_pool_by_hand() -> None:
    pool = synthetic.Pool.load("heldout3")
    tables = (pool.male_first, pool.female_first, pool.female_first_rare, pool.male_first_tuvan)
    for table in (*tables, pool.turkic_male, pool.turkic_female, pool.irregular):
        for forms in table.values():
            assert len(forms.split()) == 5  # genitive, dative, accusative, instrumental, prep.
