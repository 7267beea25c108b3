"""The desktop app (PySide6 Qt Widgets).  The only package of ``wallet`` that imports Qt.

Entry point: :func:`wallet.ui.app.run`.
"""
