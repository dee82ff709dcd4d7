"""The analysis wing: what chapter notebooks import.

One module per subject (prisoners, releases, sanctions, partners, polls,
opinion, perceptions, contacts, progress, claims, system), the figures and the
house style, `series` (what `as_of` means) and `outputs` (what a notebook
writes to `_build/`). Nothing here imports `belpolicy.build`: the driver may
change without re-executing a chapter, and the library hash that decides
re-execution covers everything outside `build/`.
"""
