"""Performance benchmark of the TimeTrack integration (run it with `scripts/bench`).

The integration runs inside Home Assistant's test harness against the local
simulator, which adds a network latency L to every API request. Timings are
quoted as ratios to L; counts come from the simulator's request log and from
Home Assistant's state machine.
"""
