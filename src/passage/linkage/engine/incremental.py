"""The incremental check: new or edited records compared with the existing ones as they are,
using a model trained once (on the existing records, or given), without re-running the whole
de-duplication.

The existing records are held in memory with an index of the keys the blocking rules use;
a check looks up the candidates of the new record there (what Splink's blocking would pair
it with), then Splink scores new-against-candidates with `predict_between`."""

from __future__ import annotations

import itertools
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from splink import Linker

from passage.linkage.engine.backends import database_api
from passage.linkage.engine.comparisons import blocking_keys
from passage.linkage.engine.model import Pair, _pairs, _table, present_fields, trained

MAX_CANDIDATES = 1000
_names = itertools.count()


class Reference:
    """Existing records with a trained model; `check` compares new records with them, `add`
    files more. Checks take turns (a DuckDB connection is not shared between threads)."""

    def __init__(
        self, records: Sequence[dict[str, Any]], model: dict[str, Any] | None = None
    ) -> None:
        self._lock = threading.Lock()
        self.api = database_api(None)
        frame = self.api.register(_table(records), table_name="existing")
        if model is None:
            self.fields = present_fields(records)
            self.linker, _ = trained(frame, self.fields, "dedupe_only", len(records))
        else:
            self.fields = [item["output_column_name"] for item in model["comparisons"]]
            self.linker = Linker(frame, model)
        self.linker.table_management.compute_tf_table("name")
        self.records: dict[str, dict[str, Any]] = {}
        self.index: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        self.add(records)

    def add(self, records: Sequence[dict[str, Any]]) -> None:
        """File records (new or edited) among the existing ones."""
        with self._lock:
            for record in records:
                self.records[record["unique_id"]] = record
                for key in blocking_keys(record, self.fields):
                    self.index[key].append(record["unique_id"])

    def model(self) -> dict[str, Any]:
        """The trained model, as Splink saves it (JSON-ready)."""
        return self.linker.misc.save_model_to_json()

    def candidates(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        """The existing records sharing a blocking key with `record` (not itself), those
        sharing the most keys first, at most MAX_CANDIDATES: a common name sound with a common
        year of birth puts thousands of records in one block, and scoring them all is where a
        check spent its time on a large registry."""
        shared: Counter[str] = Counter()
        for key in blocking_keys(record, self.fields):
            shared.update(self.index.get(key, ()))
        shared.pop(record["unique_id"], None)
        return [self.records[i] for i, _ in shared.most_common(MAX_CANDIDATES)]

    def check(self, records: Sequence[dict[str, Any]], *, threshold: float = 0.5) -> list[Pair]:
        """Pairs of a new record (right) and an existing one (left) above `threshold`, most
        likely first."""
        with self._lock:
            existing = {c["unique_id"]: c for r in records for c in self.candidates(r)}
            if not existing:
                return []
            left = self.api.register(_table(list(existing.values())), table_name=_name("known"))
            right = self.api.register(_table(records), table_name=_name("incoming"))
            try:
                # the index already chose the candidates: score them all, without blocking
                # again (re-blocking would explode the name codes of every check's tables)
                found = self.linker.inference.predict_between(
                    left,
                    right,
                    blocking_rules_to_generate_predictions=["1=1"],
                    threshold_match_probability=threshold,
                )
                rows = found.as_pyarrow_table().to_pylist()
            finally:
                for frame in (left, right):
                    frame.drop_table_from_database_and_remove_from_cache(
                        force_non_splink_table=True
                    )
        pairs = _pairs(rows, self.fields)
        return sorted(pairs, key=lambda pair: -pair.match_probability)


def _name(prefix: str) -> str:
    return f"{prefix}_{next(_names)}"


def compare(
    known: Sequence[dict[str, Any]],
    incoming: Sequence[dict[str, Any]],
    model: dict[str, Any],
    *,
    threshold: float,
) -> list[Pair]:
    """Every pair of an incoming record (right) and a known one (left) above `threshold`,
    scored by a trained model without blocking: for short lists (a tracing request against
    the persons who may be traced), where a misspelt name must not miss its block."""
    if not known or not incoming:
        return []
    api = database_api(None)
    left = api.register(_table(known), table_name="known")
    right = api.register(_table(incoming), table_name="incoming")
    linker = Linker(left, model)
    linker.table_management.compute_tf_table("name")
    found = linker.inference.predict_between(
        left,
        right,
        blocking_rules_to_generate_predictions=["1=1"],
        threshold_match_probability=threshold,
    )
    fields = [item["output_column_name"] for item in model["comparisons"]]
    pairs = _pairs(found.as_pyarrow_table().to_pylist(), fields)
    return sorted(pairs, key=lambda pair: -pair.match_probability)
