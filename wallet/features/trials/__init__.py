"""Clinical-trial pre-screen, nothing sent: study records from ClinicalTrials.gov (API v2) kept in the
vault (:mod:`.store`), read from a downloaded file or fetched on the person's request with a query
that holds only what they typed (:mod:`.fetch`); eligibility criteria parsed (:mod:`.criteria`) and
checked against the vault's own values, each with the record it used (:mod:`.match`).
"""
