"""Tests of the TimeTrack API client package."""
