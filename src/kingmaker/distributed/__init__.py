"""Distributed engines (optional extras): ``kingmaker[spark]`` for registries beyond one machine."""
