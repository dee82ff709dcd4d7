"""The data wing: the tables in `data/`, their Frictionless descriptor, and the
only ways in (`load`, `raw_rows`) and out of date (`updates.add_rows`).

Everything downstream reads data through this package: notebooks call
`data.load(name)`; the build wing fingerprints tables with `file_sha256` and
dates editions with `newest_date`. Parameter values a chapter accepts are
checked in `params` because their allowed values come from the tables.
"""

from belpolicy.data.tables import (
    CUSTOM_FIELD_KEYS,
    CUSTOM_RESOURCE_KEYS,
    CUTOFF_ENV,
    READS_ENV,
    Problem,
    check,
    check_dataset,
    claims_register,
    datapackage,
    dataset_names,
    dataset_path,
    descriptor_path,
    display_path,
    file_sha256,
    input_digests,
    inputs_of,
    load,
    newest_date,
    raw_rows,
    resource_spec,
    visible_sha256,
)

__all__ = [
    "CUSTOM_FIELD_KEYS", "CUSTOM_RESOURCE_KEYS", "CUTOFF_ENV", "READS_ENV", "Problem", "check", "check_dataset", "claims_register", "datapackage", "dataset_names",
    "dataset_path", "descriptor_path", "display_path", "file_sha256", "input_digests", "inputs_of", "load", "newest_date", "raw_rows",
    "resource_spec", "visible_sha256",
]
