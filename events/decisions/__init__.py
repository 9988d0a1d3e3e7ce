"""A plenary's decisions: roll call, resolutions, votes, minutes."""
