"""What the share dialogs have in common: translated names and two small widgets.

The names of purpose templates, identifying fields, sensitive categories and share statuses
(translation context ``ShareTexts``), a window-modal message and a busy bar.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QProgressBar, QWidget

from wallet.features.share import sensitive
from wallet.features.share.templates import IDENTIFYING_FIELDS


def template_label(template_id: str) -> str:
    """A purpose template's name in the UI language (the core module keeps the English)."""
    labels = {
        "hospital": QCoreApplication.translate("ShareTexts", "Hospital / referral"),
        "insurance": QCoreApplication.translate("ShareTexts", "Insurance claim"),
        "research": QCoreApplication.translate("ShareTexts", "Research"),
        "prescreen": QCoreApplication.translate("ShareTexts", "Clinical trial pre-screen"),
        "custom": QCoreApplication.translate("ShareTexts", "Custom"),
    }
    return labels.get(template_id, template_id)


def template_description(template_id: str) -> str:
    """What a share made with the template ``template_id`` contains, in words for the person."""
    texts = {
        "hospital": QCoreApplication.translate(
            "ShareTexts",
            "An International Patient Summary (HL7 IPS FHIR document): problems, allergies and intolerances, "
            "medications; immunizations, results, procedures, devices and vital signs where known.",
        ),
        "insurance": QCoreApplication.translate(
            "ShareTexts",
            "The chosen encounters with their diagnoses, procedures and prescriptions, and the documents "
            "(receipts, invoices) linked to them.",
        ),
        "research": QCoreApplication.translate(
            "ShareTexts",
            "The chosen kinds of records over a date range, without name, address, phone, identifier "
            "numbers, birth date or free-text notes unless you add them.",
        ),
        "prescreen": QCoreApplication.translate(
            "ShareTexts",
            "The eligibility checklist of one study, with the values it was checked against and only the records "
            "those values came from; no name, address, phone, identifier numbers or notes unless you add them.",
        ),
        "custom": QCoreApplication.translate(
            "ShareTexts", "Any selection of domains, kinds, sources, dates and single records."
        ),
    }
    return texts.get(template_id, "")


def template_output(template_id: str) -> str:
    """The files a share made with the template ``template_id`` holds in the bundle."""
    texts = {
        "hospital": QCoreApplication.translate("ShareTexts", "HL7 IPS FHIR document Bundle (data/ips.json)"),
        "insurance": QCoreApplication.translate(
            "ShareTexts", "FHIR resources (data/resources.ndjson), linked documents (documents/)"
        ),
        "research": QCoreApplication.translate(
            "ShareTexts", "FHIR resources (data/resources.ndjson) and other records (data/records.ndjson)"
        ),
        "prescreen": QCoreApplication.translate(
            "ShareTexts",
            "The checklist (data/summary.json) and the records it used (data/resources.ndjson, data/records.ndjson)",
        ),
        "custom": QCoreApplication.translate(
            "ShareTexts",
            "FHIR resources (data/resources.ndjson), other records (data/records.ndjson), documents (documents/)",
        ),
    }
    return texts.get(template_id, "")


def group_heading(domain: str, kind: str) -> str:
    """A group of records in the share dialogs by human names, "Health / Vaccination" ("건강 / 예방접종"), not the
    raw "health / Immunization" (wallet.terms.names)."""
    from wallet.terms.names import kind_name
    from wallet.ui.i18n import current, domain_label

    return f"{domain_label(domain)} / {kind_name(kind, current())}"


def field_label(name: str) -> str:
    """The translated name of an identifying field that a share can leave out."""
    labels = {
        "name": QCoreApplication.translate("ShareTexts", "name"),
        "birthDate": QCoreApplication.translate("ShareTexts", "birth date"),
        "address": QCoreApplication.translate("ShareTexts", "address"),
        "telecom": QCoreApplication.translate("ShareTexts", "phone numbers and e-mail"),
        "identifier": QCoreApplication.translate(
            "ShareTexts", "identifier numbers (national id, insurance, record numbers)"
        ),
        "notes": QCoreApplication.translate("ShareTexts", "free-text notes and narratives"),
    }
    return labels.get(name, IDENTIFYING_FIELDS.get(name, name))


def sensitive_labels(categories: set[str] | frozenset[str] | list[str]) -> str:
    """The translated names of the sensitive categories in ``categories``, comma separated."""
    labels = {
        sensitive.MENTAL: QCoreApplication.translate("ShareTexts", "mental health"),
        sensitive.SEXUAL: QCoreApplication.translate("ShareTexts", "sexual and reproductive health"),
        sensitive.HIV: QCoreApplication.translate("ShareTexts", "HIV"),
        sensitive.SUBSTANCE: QCoreApplication.translate("ShareTexts", "substance use"),
        sensitive.GENETICS: QCoreApplication.translate("ShareTexts", "genetics"),
        sensitive.SOCIAL: QCoreApplication.translate("ShareTexts", "social and entertainment activity"),
    }
    return ", ".join(labels.get(c, sensitive.LABELS[c]) for c in sorted(categories) if c in sensitive.LABELS)


def status_label(status: str) -> str:
    """The translated status of a share (active, expired, withdrawn)."""
    labels = {
        "active": QCoreApplication.translate("ShareTexts", "active"),
        "expired": QCoreApplication.translate("ShareTexts", "expired"),
        "withdrawn": QCoreApplication.translate("ShareTexts", "withdrawn"),
    }
    return labels.get(status, status)


def _message(parent: QWidget, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def _busy_bar(text: str) -> QProgressBar:
    """A moving bar shown while a background task runs (hidden until then)."""
    bar = QProgressBar()
    bar.setRange(0, 0)  # no steps to count: a busy indicator
    bar.setTextVisible(False)
    bar.setAccessibleName(text)
    bar.setToolTip(text)
    bar.setMaximumWidth(160)
    bar.hide()
    return bar
