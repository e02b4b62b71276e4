"""Turn pydantic's validation errors into messages an editor can act on.

Pydantic knows *what* is wrong and at which field path; the loaded document
knows *where* that path is in the file; the model knows which fields exist
(for "did you mean …?") and what each is for (its docstring).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .diagnostics import Problem, did_you_mean
from .fields import FULL_DATE, date_message
from .load import Document
from .model import fields_of, model_at

_TYPE_NAMES = {
    str: "text",
    int: "a number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping (key: value)",
    type(None): "an empty value",
}
_EXPECTED = {
    "string_type": "text",
    "list_type": "a list",
    "dataclass_type": "a mapping (key: value)",
    "dict_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
}


def explain(exc: ValidationError, doc: Document, model: type[Any]) -> list[Problem]:
    """One :class:`Problem` per pydantic error, positioned in ``doc``."""
    return [_problem(error, doc, model) for error in exc.errors(include_url=False)]


def _problem(error: ErrorDetails, doc: Document, model: type[Any]) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        name = str(loc[-1])
        hint = _field_doc(model, loc)
        return doc.problem(loc, f"missing required field '{name}'" + (f" ({hint})" if hint else ""))
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):  # models, dataclasses
        name = str(loc[-1])
        allowed = _fields_at(model, loc[:-1])
        message = f"unknown field '{name}'{did_you_mean(name, allowed)}"
        if allowed and not did_you_mean(name, allowed):
            owner = _child_with_field(model, loc[:-1], name, _key_before(doc.data, loc))
            if owner:
                message += (
                    f"; '{name}' is a field of {owner}: if it belongs there, this line is "
                    "indented too little (line it up with the fields above it)"
                )
            else:
                message += f"; allowed: {', '.join(sorted(allowed))}"
        return doc.problem(loc, message, key=True)
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        hint = did_you_mean(str(value), choices)
        return doc.problem(loc, f"'{value}' is not allowed; use one of: {', '.join(choices)}{hint}")
    if kind == "value_error":
        return doc.problem(loc, error["msg"].removeprefix("Value error, "))
    if kind.startswith("date"):
        return doc.problem(loc, date_message(value, FULL_DATE))
    if kind in _EXPECTED and value is None:
        hint = _field_doc(model, loc)
        return doc.problem(loc, "is empty; fill it in" + (f": {hint}" if hint else ""))
    if kind in _EXPECTED:
        return doc.problem(loc, f"expected {_EXPECTED[kind]}, got {_describe(value)}")
    if kind in ("too_long", "string_too_long") and isinstance(value, str):
        limit = error.get("ctx", {}).get("max_length")
        return doc.problem(loc, f"is {len(value)} characters long; the limit is {limit}")
    if kind == "too_short":
        return doc.problem(loc, "must not be empty: " + (_field_doc(model, loc) or "add an entry"))
    return doc.problem(loc, error["msg"])


def _describe(value: Any) -> str:
    name = _TYPE_NAMES.get(type(value), type(value).__name__)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "...'"
        return f"{name} {shown}"
    return name


def _child_with_field(
    model: type[Any], loc: tuple[int | str, ...], name: str, above: str | None
) -> str:
    """The field of the mapping at ``loc`` whose items (or value) have a field ``name``,
    as ``sources[]``: where a line indented too little most likely belongs.  The field
    just ``above`` it in the file comes first: that is the one it was meant to continue."""
    parent = model_at(model, loc)
    found: dict[str, str] = {}
    for child in fields_of(parent) if parent else ():
        item = model_at(model, (*loc, child, 0)) or model_at(model, (*loc, child))
        if item is not None and name in fields_of(item):
            is_list = model_at(model, (*loc, child, 0)) is not None
            found[child] = f"{child}[]" if is_list else child
    if above in found:
        return found[str(above)]
    return next(iter(found.values()), "")


def _key_before(data: Any, loc: tuple[int | str, ...]) -> str | None:
    """The key before the last one of ``loc``, in the file's order of its mapping."""
    for part in loc[:-1]:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    keys = list(data) if isinstance(data, dict) else []
    at = keys.index(loc[-1]) if loc[-1] in keys else 0
    return str(keys[at - 1]) if at > 0 else None


def _fields_at(model: type[Any], loc: tuple[int | str, ...]) -> list[str]:
    found = model_at(model, loc)
    return list(fields_of(found)) if found else []


def _field_doc(model: type[Any], loc: tuple[int | str, ...]) -> str:
    parent = model_at(model, loc[:-1])
    if parent is None:
        return ""
    field = fields_of(parent).get(str(loc[-1]))
    return (field.description or "").rstrip(".") if field else ""
