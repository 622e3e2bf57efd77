"""How the schema step checks a DCC payload's structure, and the official schema file's
compiled validator, cached per file.

The official schema is a third-party file that no package registry publishes, so it does not
ship inside Passage. It is read from the path given by the caller, else from the environment
variable PASSAGE_DCC_SCHEMA, else from the conformance copy at ../shared/conformance/dcc-schema/
beside the project root; when one of those is there it is the arbiter. Otherwise (any fresh
install) the structure is checked by Passage's own rules (`structure.structure_errors`,
written from the published specification). A configured file that cannot be read is not
replaced by anything else: the step cannot run (`SchemaUnavailable` says why) and the verifier
answers UNKNOWN rather than VALID.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeAlias

from jsonschema import SchemaError, validators
from jsonschema.protocols import Validator

from passage.dcc.verifier.structure import structure_errors

# A structure check: the payload's violations as readable texts, empty when it conforms.
StructureCheck: TypeAlias = Callable[[Any], list[str]]

SCHEMA_ENV = "PASSAGE_DCC_SCHEMA"
_PROJECT_ROOT = Path(__file__).resolve().parents[4]
# The conformance copy beside a development clone; a real install has no such folder.
CONFORMANCE_SCHEMA = (
    _PROJECT_ROOT.parent / "shared" / "conformance" / "dcc-schema" / "DCC.combined-schema.json"
)


class SchemaUnavailable(Exception):
    """The schema step cannot run; the message says why (no schema, or an unreadable file)."""


def default_schema_path() -> Path | None:
    """Return the schema file to use by default, or None when there is none."""
    configured = os.environ.get(SCHEMA_ENV)
    path = Path(configured) if configured else CONFORMANCE_SCHEMA
    return path if path.is_file() else None


def default_structure_check() -> StructureCheck:
    """The configured schema file, else the conformance copy, else Passage's own rules."""
    configured = os.environ.get(SCHEMA_ENV)
    if configured:
        described = f"the DCC schema file named by {SCHEMA_ENV}"
        return official_check(read_validator(configured, described))
    if CONFORMANCE_SCHEMA.is_file():
        return official_check(read_validator(CONFORMANCE_SCHEMA))
    return structure_errors


def official_check(validator: Validator) -> StructureCheck:
    """The structure check of a compiled JSON schema."""
    return partial(schema_errors, validator)


def read_validator(path: str | Path, described_as: str = "the DCC schema file") -> Validator:
    """`load_schema`, with a file that cannot be read or compiled as SchemaUnavailable (whose
    message, shown to officers, describes the file without its server path)."""
    try:
        return load_schema(str(path))
    except (OSError, ValueError, SchemaError) as error:
        reason = (error.strerror if isinstance(error, OSError) else None) or str(error)
        reason = reason.splitlines()[0] if reason else type(error).__name__
        raise SchemaUnavailable(f"{described_as} cannot be read: {reason}") from None


@lru_cache(maxsize=16)
def load_schema(path: str | Path) -> Validator:
    """Read a JSON schema file and return its compiled validator (cached per path)."""
    with open(path, encoding="utf-8") as handle:
        schema = json.load(handle)
    return compile_schema(schema)


def compile_schema(schema: dict[str, Any]) -> Validator:
    """Compile a schema with the validator class its $schema names, local $refs inlined."""
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(_inline_local_refs(schema, schema.get("$defs", {}), ()))


_LOCAL_REF = "#/$defs/"


def _inline_local_refs(node: Any, definitions: dict[str, Any], trail: tuple[str, ...]) -> Any:
    """Replace ``#/$defs/x`` references by their target: halves validation time.

    Resolving a $ref through the registry on every instance dominates the cost of checking
    a DCC; a recursive definition is left as a $ref.
    """
    if isinstance(node, list):
        return [_inline_local_refs(item, definitions, trail) for item in node]
    if not isinstance(node, dict):
        return node
    reference = node.get("$ref")
    name = reference[len(_LOCAL_REF) :] if isinstance(reference, str) else ""
    if reference == _LOCAL_REF + name and name in definitions and name not in trail:
        target = _inline_local_refs(definitions[name], definitions, (*trail, name))
        rest = {
            k: _inline_local_refs(v, definitions, trail) for k, v in node.items() if k != "$ref"
        }
        return {"allOf": [target], **rest} if rest.keys() & target.keys() else {**target, **rest}
    return {key: _inline_local_refs(value, definitions, trail) for key, value in node.items()}


def schema_errors(validator: Validator, certificate: Any) -> list[str]:
    """Return readable schema violations of a certificate (empty when it conforms)."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(certificate)
    ]
