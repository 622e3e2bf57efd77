"""What registration keeps per process: points of entry, and the alert index while it is
rebuilt in the background."""

from __future__ import annotations

import threading

import pytest

from passage.access import Role, ScopeType
from passage.auth import service as auth_service
from passage.border.alerts import cache as alert_cache
from passage.border.alerts.cache import ScreeningCache, ScreeningIndexes
from passage.border.crossings import service
from passage.border.crossings.places import POES
from passage.border.crossings.schemas import CrossingCreate
from passage.border.matching import AlertIndex, DocumentIndex
from passage.errors import Forbidden
from tests.factories import demo_poe, make_user


@pytest.fixture(autouse=True)
def no_cached_poes():
    """Each test starts and ends without cached points of entry."""
    POES.clear()
    yield
    POES.clear()


def officer_in(session, country: str):
    """A border officer whose grant covers one country."""
    user = make_user(
        session, Role.BORDER_OFFICER, scope_type=ScopeType.COUNTRY, scope_value=country
    )
    return auth_service.principal_for(user)


def registration(poe_id) -> CrossingCreate:
    """An entry typed by hand (no MRZ, no journey check)."""
    return CrossingCreate.model_validate(
        {
            "poe_id": str(poe_id),
            "direction": "entry",
            "traveller": {"surname": "WANJIRU", "given_names": "AMINA", "nationality": "KEN"},
            "run_journey_check": False,
        }
    )


def test_a_committed_change_of_a_poe_reaches_the_next_scope_check(session):
    poe = demo_poe(session)
    officer = officer_in(session, "KEN")
    service.register_crossing(session=session, data=registration(poe.id), actor=officer)
    assert POES.get(session, poe.id).country_iso3 == "KEN"  # now cached
    poe.country_iso3 = "TZA"
    session.commit()
    with pytest.raises(Forbidden):
        service.register_crossing(session=session, data=registration(poe.id), actor=officer)


def test_an_uncommitted_change_of_a_poe_is_not_shared(session):
    poe = demo_poe(session)
    assert POES.get(session, poe.id).country_iso3 == "KEN"
    poe.country_iso3 = "TZA"
    session.flush()
    assert POES.get(session, poe.id).country_iso3 == "TZA"  # this transaction sees its own edit
    cached = POES._items[next(iter(POES._items))][1]
    assert cached.country_iso3 == "KEN"  # ...but the shared cache does not
    session.rollback()
    assert POES._items == {}  # an abandoned change clears the cache too


def _indexes(marker: tuple, built_seconds: float) -> ScreeningIndexes:
    return ScreeningIndexes(AlertIndex(), DocumentIndex.from_documents([]), marker, built_seconds)


def test_a_slow_index_is_rebuilt_in_the_background_while_the_old_one_serves(session, monkeypatch):
    marker, readers = ["first"], []

    def change_marker(_session):
        readers.append(threading.current_thread().name)
        return (marker[0],)

    monkeypatch.setattr(alert_cache.repository, "change_marker", change_marker)
    release = threading.Event()

    def build(_session, found_marker, _day):
        if found_marker[1] == "second":
            release.wait(10)  # a slow rebuild
        return _indexes(found_marker, built_seconds=30.0)

    monkeypatch.setattr(alert_cache, "build_indexes", build)
    frozen = []
    monkeypatch.setattr(alert_cache.gc, "collect", lambda: None)
    monkeypatch.setattr(alert_cache.gc, "freeze", lambda: frozen.append(True))
    cache = ScreeningCache()
    cache.settings.refresh_seconds = 0.0
    first = cache.indexes(session)
    marker[0] = "second"
    assert cache.indexes(session) is first  # the rebuild started; nobody waits for it
    assert cache.indexes(session) is first
    release.set()
    _wait_for(lambda: not cache._building)
    assert cache.indexes(session).marker[1] == "second"
    # after the first build, the marker (a scan of the alert tables) is read in the background
    assert readers[0] != "alert-index" and set(readers[1:]) == {"alert-index"}
    assert len(frozen) == 2  # each large index is kept away from the garbage collector


def test_a_small_index_is_left_to_the_garbage_collector(session, monkeypatch):
    monkeypatch.setattr(alert_cache.repository, "change_marker", lambda _session: ("m",))
    monkeypatch.setattr(
        alert_cache, "build_indexes", lambda _s, found, _d: _indexes(found, built_seconds=0.01)
    )
    frozen = []
    monkeypatch.setattr(alert_cache.gc, "freeze", lambda: frozen.append(True))
    ScreeningCache().indexes(session)
    assert frozen == []


def test_a_fast_index_is_rebuilt_in_line(session, monkeypatch):
    marker = ["first"]
    monkeypatch.setattr(alert_cache.repository, "change_marker", lambda _session: (marker[0],))
    monkeypatch.setattr(
        alert_cache, "build_indexes", lambda _s, found, _d: _indexes(found, built_seconds=0.01)
    )
    cache = ScreeningCache()
    cache.settings.refresh_seconds = 0.0
    cache.indexes(session)
    marker[0] = "second"
    assert cache.indexes(session).marker[1] == "second"


def _wait_for(condition, seconds: float = 10.0) -> None:
    done = threading.Event()
    for _ in range(int(seconds * 100)):
        if condition():
            return
        done.wait(0.01)
    raise AssertionError("the background rebuild did not finish")
