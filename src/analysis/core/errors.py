"""The project's exception family: one base class, a few specific ones."""


class AnalysisError(Exception):
    """Raised for any error the pipeline reports to the user (base class)."""


class UnknownTerritoryError(AnalysisError):
    """Raised when a territory code is neither a known short code nor a known SIREN."""


class UnknownSectionError(AnalysisError):
    """Raised when a report section name is not one the project builds."""


class NoDataError(AnalysisError):
    """Raised when a territory has no data for the requested year and section."""


class DataValidationError(AnalysisError):
    """Raised when a data file breaks its schema; the message names file, row, column and rule."""


class SourceMissingError(DataValidationError):
    """Raised when a data row cites a source id that ``data/sources.csv`` does not define."""
