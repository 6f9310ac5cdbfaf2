"""Tests of the TimeTrack integration, its client and its simulator."""
