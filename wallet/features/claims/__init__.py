"""The unclaimed-insurance finder (실손보험): medical visits found across bank, card, FHIR and documents.

:mod:`.visits` links card and bank payments to hospitals and pharmacies, FHIR encounters, claims and
explanations of benefit, and scanned receipts and itemised bills into one :class:`~.visits.Visit`
per person, day and institution, with the documents present and missing and the claim deadline.
:mod:`.policy` keeps the person's own policy details (insurer, generation, deductibles) and the
"claimed" marks; :mod:`.prepare` turns a visit into a share request of the insurance template, so
the usual consent flow makes the signed bundle.  Nothing is sent anywhere by this package.
"""
