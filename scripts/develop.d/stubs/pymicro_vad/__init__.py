"""Stand-in for pymicro-vad on the development server (see ../README.md)."""


class MicroVad:
    """Not available: pymicro-vad has no build for this Python."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        """Refuse: voice activity detection is not available here."""
        raise RuntimeError("pymicro-vad is not installed on this development server")
