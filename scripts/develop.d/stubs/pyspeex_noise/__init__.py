"""Stand-in for pyspeex-noise on the development server (see ../README.md)."""


class AudioProcessor:
    """Not available: pyspeex-noise has no build for this Python."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        """Refuse: noise suppression is not available here."""
        raise RuntimeError("pyspeex-noise is not installed on this development server")
