"""EU Digital COVID Certificate (DCC) verification: pure functions, files only as input.

``verify(qr_text, trust_list=[der, ...], at=datetime)`` decodes ``HC1:`` + Base45, inflates,
parses COSE_Sign1 and the CWT claims, then checks the structure (the official schema file when
one is configured, else Passage's own rules in ``structure``), the signature (ES256 / PS256,
signer chosen by key id), the signer's key usage and the validity period; value sets
(country codes by default) are checked with the schema. The result is VALID only when every
step that applies ran and passed, INVALID at the first failed step, otherwise UNKNOWN with the
step that could not run. See ``verify``.
"""

from passage.dcc.verifier.base45 import Base45Error, b45decode
from passage.dcc.verifier.schema import SCHEMA_ENV, default_schema_path, load_schema
from passage.dcc.verifier.structure import structure_errors
from passage.dcc.verifier.trust import KEY_USAGE_OIDS, Signer, key_id, load_trust_list
from passage.dcc.verifier.valuesets import (
    KNOWN_VALUE_SETS,
    ValueSetError,
    default_value_sets,
    load_value_sets,
    parse_value_set,
    value_set_errors,
)
from passage.dcc.verifier.verify import STEPS, inflate, verify, verify_cose

__all__ = [
    "KEY_USAGE_OIDS",
    "KNOWN_VALUE_SETS",
    "SCHEMA_ENV",
    "STEPS",
    "Base45Error",
    "Signer",
    "ValueSetError",
    "b45decode",
    "default_schema_path",
    "default_value_sets",
    "inflate",
    "key_id",
    "load_schema",
    "load_trust_list",
    "load_value_sets",
    "parse_value_set",
    "structure_errors",
    "value_set_errors",
    "verify",
    "verify_cose",
]
