"""Tests of the TimeTrack API simulator."""
