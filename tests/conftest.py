"""Shared fixtures.  Qt runs offscreen; vaults use the floor KDF so tests are quick."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
