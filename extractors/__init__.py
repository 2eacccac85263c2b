"""Extractors: the part of the product that knows Vietnamese administrative writing.

Layers, lowest first (each imports only the ones before it; `.ci/run` checks it with
import-linter): `text` (folding, tokens, character classes) → `lang` (the vocabulary in
`lang/vi/`) → `doc` (the analysed `Document`) and `records` → `contract` (components,
`Pipeline`) → shared analysers (`numbers`, `temporal`, `units`, `titles`, `directives`,
`task_tables`) → the components (`metadata`, `officials`, `criteria`, `refs`, `tasks`,
`assignees`) → `standard` (the pipeline the product runs).
"""
