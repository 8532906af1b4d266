"""Briefs, charts and open data: what lockstep hands to people and other programs.

- :func:`write_brief` (HTML or PDF) from :func:`brief_context`;
- :mod:`lockstep.report.charts`: dependency-free SVG charts with titles and descriptions;
- :func:`dataset_tables` and :func:`write_package`: the open dataset with its
  Frictionless ``datapackage.json``.
"""

from lockstep.report.brief import brief_context, render_html, write_brief
from lockstep.report.dataset import dataset_tables
from lockstep.report.opendata import FORMATS, Column, Table, csv_cell, write_package

__all__ = [
    "FORMATS",
    "Column",
    "Table",
    "brief_context",
    "csv_cell",
    "dataset_tables",
    "render_html",
    "write_brief",
    "write_package",
]
