"""Depth and cost limits, checked on the parsed document before any resolver runs.

Cost: every field costs 1 times the product of the `first` arguments of the connections it sits
in, so `products(first: 100) { vendor { products(first: 100) { name } } }` costs about 10,000.
Introspection (`__schema`, `__type`) is allowed and counted only for depth, with its own budget.
Going past either limit answers `QUERY_TOO_COMPLEX` and reads no data.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    VariableNode,
)

INTROSPECTION_MAX_DEPTH = 20


class TooComplex(Exception):
    pass


def _first_value(field: FieldNode, variables: dict) -> int:
    for argument in field.arguments or ():
        if argument.name.value != "first":
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return max(int(value.value), 1)
        if isinstance(value, VariableNode):
            raw = (variables or {}).get(value.name.value)
            if isinstance(raw, int):
                return max(raw, 1)
    return 1


def measure(
    document, operation: OperationDefinitionNode, variables: dict, *, max_depth: int, max_cost: int
):
    """Return (depth, cost) or raise TooComplex as soon as a limit is passed."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    totals = {"cost": 0, "depth": 0}

    def walk(selection_set, depth: int, multiplier: int, introspection: bool, seen: frozenset):
        if selection_set is None:
            return
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                is_intro = introspection or name.startswith("__")
                if selection.selection_set is None:
                    if not is_intro:
                        totals["cost"] += multiplier
                    continue
                new_depth = depth + 1
                limit = INTROSPECTION_MAX_DEPTH if is_intro else max_depth
                if new_depth > limit:
                    raise TooComplex(f"Kueri terlalu dalam (maksimal {limit} tingkat).")
                totals["depth"] = max(totals["depth"], new_depth)
                child_multiplier = (
                    multiplier if is_intro else multiplier * _first_value(selection, variables)
                )
                if not is_intro:
                    totals["cost"] += child_multiplier
                    if totals["cost"] > max_cost:
                        raise TooComplex(f"Kueri terlalu mahal (biaya maksimal {max_cost}).")
                walk(selection.selection_set, new_depth, child_multiplier, is_intro, seen)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set, depth, multiplier, introspection, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in seen or name not in fragments:
                    continue
                walk(fragments[name].selection_set, depth, multiplier, introspection, seen | {name})
        if totals["cost"] > max_cost:
            raise TooComplex(f"Kueri terlalu mahal (biaya maksimal {max_cost}).")

    walk(operation.selection_set, 0, 1, False, frozenset())
    return totals["depth"], totals["cost"]
