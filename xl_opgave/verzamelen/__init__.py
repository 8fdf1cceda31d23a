"""`xl-opgave verzamel`: the workbooks the gebieden send back, collected into one checked national overview.

- `bestanden`: which files are read (folders searched, other files listed and skipped);
- `lezen`: one workbook read, checked (the one checker) and recomputed (the core), in a worker;
- `eigenschappen`: when a workbook was last saved, and by whom, as its own properties say;
- `basislijn`, `wijzigingen`: what each gebied changed, against the template, the data file or the sent
  workbooks (`--vergelijk`);
- `status`: one status per file and per missing gebied;
- `verzamel`: the run; `samenvatting`: the progress line and the summary;
- `overzicht`, `landelijk_blad`: the overview workbook; `export`: `--json` and the CSV of Per gebied.

The national picture itself is computed in the core (`core.landelijk`): from amounts, since the gebieden'
verdeelsleutels cannot be added.
"""
