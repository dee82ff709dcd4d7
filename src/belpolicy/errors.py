"""Exception types. Every message is meant for the reader of the terminal:
the CLI prints it as one line (or one line per problem) and exits non-zero."""


class BelpolicyError(Exception):
    """Base class: an error whose message is complete and user-facing."""


class DataValidationError(BelpolicyError):
    """One or more rows of a data file break the datapackage schema."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UndeclaredDatasetError(BelpolicyError):
    """A chapter loaded a table it does not declare in the chapter registry,
    so its outputs would not be rebuilt when that table changes."""


class ParameterError(BelpolicyError):
    """A parameter name or value that a chapter does not accept."""


class ChapterExecutionError(BelpolicyError):
    """A notebook failed; the previous outputs were kept."""


class QuartoMissingError(BelpolicyError):
    """The `quarto` command is not on PATH."""


class DataShapeError(BelpolicyError):
    """The data hold something a chapter's explicit rules do not cover (an answer
    missing from a harmonisation mapping, a malformed period, a dangling name):
    the chapter stops rather than guess."""


class UnquotableTextError(BelpolicyError):
    """Text computed from data holds characters the book's variables cannot carry."""


class StagingError(BelpolicyError):
    """An edition cannot be staged for Quarto (missing outputs or an unsafe value)."""


class SiteUrlError(BelpolicyError):
    """The site address given for the build is malformed or a placeholder."""


class FigureLegibilityError(BelpolicyError):
    """A figure's smallest text would be too small on a phone or on paper."""
