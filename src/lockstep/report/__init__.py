"""Briefs, charts and open data: what lockstep hands to people and other programs.

- :func:`write_brief` (HTML or PDF) from :func:`brief_context`;
- :mod:`lockstep.report.charts`: Vega-Lite charts built with Altair, drawn by Vega in pages
  and rendered to SVG by vl-convert for briefs; :mod:`lockstep.report.story` the
  headline charts; :mod:`lockstep.report.labels` words for ids and rounded numbers;
- :func:`dataset_tables` and :func:`write_package`: the open dataset with its
  Frictionless ``datapackage.json``.
"""

from typing import TYPE_CHECKING

from lockstep._lazy import attach

if TYPE_CHECKING:
    from lockstep.report.brief import brief_context, render_html, write_brief
    from lockstep.report.dataset import dataset_tables
    from lockstep.report.opendata import FORMATS, Column, Table, csv_cell, write_package

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, __file__)

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
