"""The build wing: what only the driver runs, never a notebook kernel.

`cli` (the `belpolicy` command) → `chapters` (the registry read from the
notebooks) → `pipeline` (papermill, fingerprints, atomic swaps) → `edition`
(the edition summary and the steps declared after the chapters: appendices,
cite blocks, banner) → `staging` (what Quarto reads) → `render` (Quarto).
`bookcheck` checks without Quarto what it will consume; `quarto` reads the
book's configuration.
"""
