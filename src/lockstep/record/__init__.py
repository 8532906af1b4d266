"""The record: IAEA figures and dated events, and the state of Iran's program at a date.

Packaged data (``lockstep/data/record/*.csv``, every row sourced) plus the user's
additions (``lockstep record add``) form the :class:`Record`; :func:`state_at` gives the
:class:`~lockstep.record.model.ProgramState` at a date.
"""

from typing import TYPE_CHECKING

from lockstep._lazy import attach

if TYPE_CHECKING:
    from lockstep.record.additions import (
        FileCheck,
        add_file,
        list_batches,
        remove_batch,
        validate_file,
    )
    from lockstep.record.export import event_to_dict, observation_to_dict
    from lockstep.record.load import clear_cache, load_record
    from lockstep.record.model import (
        STOCK_BANDS,
        CentrifugeFigure,
        Confidence,
        Event,
        FigureStatus,
        MonitoringLevel,
        Observation,
        ProgramState,
        Source,
        StockBand,
        StockFigure,
    )
    from lockstep.record.record import Record, SourceUse
    from lockstep.record.sanctions import MeasureChange, SanctionsTimeline
    from lockstep.record.state import as_date, state_at, state_to_dict
    from lockstep.record.vocabulary import Vocabulary, vocabulary

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, __file__)

__all__ = [
    "STOCK_BANDS",
    "CentrifugeFigure",
    "Confidence",
    "Event",
    "FigureStatus",
    "FileCheck",
    "MeasureChange",
    "MonitoringLevel",
    "Observation",
    "ProgramState",
    "Record",
    "SanctionsTimeline",
    "Source",
    "SourceUse",
    "StockBand",
    "StockFigure",
    "Vocabulary",
    "add_file",
    "as_date",
    "clear_cache",
    "event_to_dict",
    "list_batches",
    "load_record",
    "observation_to_dict",
    "remove_batch",
    "state_at",
    "state_to_dict",
    "validate_file",
    "vocabulary",
]
