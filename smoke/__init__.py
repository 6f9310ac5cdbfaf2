"""A real-process smoke run of the integration on the newest Home Assistant.

`scripts/smoke` builds `.venv-newest` from `requirements_newest.txt` and runs
`python -m smoke` with it; see `__main__.py` for what a run does and
`logcheck.py` for what fails it in the log.
"""
