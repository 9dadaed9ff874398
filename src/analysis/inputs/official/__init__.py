"""Loaders for the official open-data files an analyst downloads each year.

Each loader reads the file exactly as published (separator, encoding, year-dependent column
names), keeps codes as text, and returns a tidy table restricted to the communes of the
project's territories. Every file must be declared in ``data/sources.csv`` under the id
given by :func:`source_id_for` (its name without extension, in lower case); if it is not,
the error message gives the line to add, with the file's checksum.

- LOVAC (private vacant dwellings by commune, DGALN / CEREMA): :func:`lovac.load_lovac`
  (the published ``.xlsx``, or a CSV of its columns). Communes under statistical secrecy are
  empty (secret) or absent: territory totals are then lower bounds, and
  :func:`lovac.lovac_by_territory` says how many communes they count;
  :func:`lovac.rows_for_report` takes each date from one file.
- INSEE Filosofi by commune: :func:`filosofi.load_filosofi` (medians and poverty rates of the
  communes; no EPCI median is ever computed from them).
- The rent map (DHUP / ANIL), flats and houses: :func:`rents.load_rents`.
- INSEE ``base-ic-logement`` (census dwellings by IRIS): :func:`load_census_logement`. The
  column prefix (``P21_``) changes with the vintage and is read from the header.
- IRVE charging points: Etalab's consolidated CSV (``irve.load_irve``) and a third party's
  Parquet derivative of it without commune code nor ids (``irve_derived.load_irve_derived``:
  points placed by their coordinates, counts are lower bounds).
"""
