"""Vocabulary shared by every layer: names, units, clock, money."""
