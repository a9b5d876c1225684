"""Typed errors: the library raises these, the CLI turns them into one stderr line."""

from __future__ import annotations


class ExoextractError(Exception):
    """Base class of every error exoextract raises on purpose."""


class PaperNotFound(ExoextractError):
    """The path names no file or directory."""


class NoPapers(ExoextractError):
    """A directory holds no file with a supported suffix."""


class UnsupportedFormat(ExoextractError):
    """The file's suffix is not one exoextract reads."""


class UnreadablePdf(ExoextractError):
    """The PDF parser could not open or read the file."""


class EncryptedPdf(UnreadablePdf):
    """The PDF is password protected."""


class NoTextLayer(ExoextractError):
    """The PDF has pages but no extractable text (a scan without OCR)."""


class EmptyFile(ExoextractError):
    """The file has no bytes at all."""


class NotAPdf(UnreadablePdf):
    """A file named .pdf whose content is something else (HTML, a Word or ZIP file, plain text)."""


class TooLarge(ExoextractError):
    """The paper is over a size limit (bytes, pages or characters); the options say how to raise it."""
