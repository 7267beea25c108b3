"""Google Takeout's health archives: Google Fit (``Takeout/Fit/``) and Fitbit (``Takeout/Fitbit/``)."""

from __future__ import annotations

from connectors.google_takeout.fit import GoogleFitTakeoutConnector
from connectors.google_takeout.fitbit import FitbitTakeoutConnector, csv_kind, json_kind

__all__ = ["FitbitTakeoutConnector", "GoogleFitTakeoutConnector", "csv_kind", "json_kind"]
