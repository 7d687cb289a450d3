from atelier.labs import seating


def test_hosts_stay_and_everyone_is_seated_evenly():
    groups = seating.assign(range(1, 10), ["a", "b", "c"], hosts={"a": 1, "b": 2, "c": 3})
    assert groups["a"][0] == 1 and groups["b"][0] == 2 and groups["c"][0] == 3
    assert sorted(p for g in groups.values() for p in g) == list(range(1, 10))
    assert sorted(len(g) for g in groups.values()) == [3, 3, 3]


def test_second_round_avoids_repeats_on_a_small_example():
    # Nine people at three tables: a second round can be arranged with no pair meeting again.
    first = {"a": [1, 2, 3], "b": [4, 5, 6], "c": [7, 8, 9]}
    met = seating.pairs_of(first)
    second = seating.assign(range(1, 10), ["a", "b", "c"], met=met)
    assert seating.count_repeats(second, met) == 0


def test_hosts_make_repeats_unavoidable_but_they_are_kept_to_a_minimum():
    first = {"a": [1, 4, 7], "b": [2, 5, 8], "c": [3, 6, 9]}
    met = seating.pairs_of(first)
    second = seating.assign(range(1, 10), ["a", "b", "c"], hosts={"a": 1, "b": 2, "c": 3}, met=met)
    assert seating.count_repeats(second, met) == 0
    assert second["a"][0] == 1


def test_the_same_input_always_gives_the_same_seating():
    met = {(1, 2), (3, 4), (5, 6)}
    runs = [seating.assign(list(range(1, 13)), [1, 2, 3, 4], met=met) for _ in range(5)]
    assert all(run == runs[0] for run in runs)
    shuffled = seating.assign([12, 3, 7, 1, 9, 5, 11, 2, 8, 4, 10, 6], [1, 2, 3, 4], met=met)
    assert shuffled == runs[0]


def test_a_shared_language_is_preferred_when_it_costs_no_repeat():
    groups = seating.assign(
        ["en1", "ro1", "en2", "ro2"],
        ["EN", "RO"],
        languages={"en1": ["en"], "en2": ["en"], "ro1": ["ro"], "ro2": ["ro"]},
        table_languages={"EN": "en", "RO": "ro"},
    )
    assert sorted(groups["EN"]) == ["en1", "en2"]
    assert sorted(groups["RO"]) == ["ro1", "ro2"]


def test_no_tables_means_no_seating():
    assert seating.assign([1, 2], []) == {}
