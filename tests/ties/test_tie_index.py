"""The tie index: what relation queries read (store/schema.py, ties/indexes.py), written with the
events, filled for stores made before it, kept in key order on DuckDB."""

from __future__ import annotations

from synthetic import HAMAS, IRAN, ISRAEL, ev
from tieline.store.base import tie_atoms
from tieline.ties import network, tie_report, top_partners
from tieline.ties.indexes import sort_tie_index, tie_index_tail


def _events():
    return [
        ev("AID", 7, "2017-05-30", [IRAN], [HAMAS], article="a1"),
        ev("ASSAULT", -9, "2018-02-01", [ISRAEL], [HAMAS], article="a2"),
        ev("CONSULT", 1, "2017-06", [IRAN, HAMAS], [], article="a3"),
        ev("ACCUSE", -3, "2019", [HAMAS], [IRAN], article="a4", modality=["alleged"]),
    ]


def _answers(store):
    return (
        tie_report(store, "IRN", "hamas", n_reasons=2),
        top_partners(store, "hamas"),
        network(store, ["IRN", "hamas", "ISR"]),
    )


def test_an_id_that_is_also_the_name_is_one_match_value():
    assert tie_atoms("PSE", "hamas", "Hamas") == ["c:PSE", "n:hamas"]
    assert tie_atoms("IRN", "irn-gov", "Iranian government") == ["c:IRN", "a:irn-gov", "e:iranian government"]
    assert tie_atoms(None, None, None) == []


def test_stored_events_are_indexed_as_they_are_written(store):
    store.save_events(_events())
    assert store.query("SELECT COUNT(*) FROM tie_events")[0][0] == 4
    keys = {r[0] for r in store.query("SELECT key FROM tie_keys")}
    assert {"c:IRN", "c:ISR"} <= keys and any(k.endswith(":hamas") for k in keys)
    # every actor row with a code is a possible partner
    assert store.query("SELECT COUNT(*) FROM tie_actors")[0][0] == 8


def test_a_store_made_before_the_index_is_filled_by_the_migration(store):
    store.save_events(_events())
    before = _answers(store)
    with store.transaction():
        for t in ("tie_events", "tie_keys", "tie_actors", "tie_index_state"):
            store.execute(f"DROP TABLE {t}")
        store.execute("DROP SEQUENCE tie_eid")
        store.execute("DELETE FROM schema_migrations WHERE version = 7")
    assert store.migrate() == 1
    assert _answers(store) == before


def test_sorting_the_index_changes_no_answer(store):
    store.save_events(_events())
    store.save_events([ev("AID", 5, "2020-01-02", [IRAN], [HAMAS], article="a5")])
    before = _answers(store)
    total, tail = tie_index_tail(store)
    assert total > 0 and tail > 0  # written after the (empty) index was last sorted
    took = sort_tie_index(store, force=True)
    if took is not None:  # DuckDB; PostgreSQL reads its B-tree instead
        assert tie_index_tail(store) == (total, 0)
    assert _answers(store) == before


def test_a_small_tail_is_left_as_it_is(store):
    store.save_events(_events())
    assert sort_tie_index(store) is None


def test_top_events_are_ranked_for_the_period_read_only(store):
    from tieline.ties import series
    from tieline.ties.keys import ActorKey

    store.save_events(_events() + [ev("AID", 5, "2020-01-02", [IRAN], [HAMAS], article="a5")])
    a, b = ActorKey("Iran", codes=["IRN"]), ActorKey("Hamas", actor_ids=["hamas"])
    every = series(store, a, b, "year", top=3)
    last = series(store, a, b, "year", top=3, top_period="last")
    one = series(store, a, b, "year", top=3, top_period=(2017, 0))
    assert [p["period"] for p in last] == [p["period"] for p in every]  # every period is still there
    assert [bool(p["_top"]) for p in last] == [False] * (len(last) - 1) + [True]
    assert [p["period"] for p in one if p["_top"]] == ["2017"]
    assert last[-1]["_top"] == every[-1]["_top"]
