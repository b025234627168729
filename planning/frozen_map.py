"""An immutable mapping that pickles: what the domain and the results store their tables in.

``types.MappingProxyType`` is read-only but cannot be pickled, and a scenario or a solve result
must travel to other processes (the Dask workers of a sweep, see :mod:`planning.sweep`). A
:class:`FrozenMap` holds its own copy of the items, refuses changes, compares equal to any mapping
with the same items (a ``dict`` included), hashes when its values do, and pickles as its items.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only copy of a mapping; picklable, hashable when its values are."""

    __slots__ = ("_items",)

    _items: dict[K, V]

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        object.__setattr__(self, "_items", dict(items or {}))

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("FrozenMap is read-only")

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return (type(self), (dict(self._items),))


def frozen_map(items: Mapping[K, V] | None = None) -> FrozenMap[K, V]:
    """``items`` as a :class:`FrozenMap` (the same object when it already is one)."""
    if isinstance(items, FrozenMap):
        return items
    return FrozenMap(items)
