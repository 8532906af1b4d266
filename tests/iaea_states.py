"""Hand-built program states from cited IAEA figures, for the breakout adapter's tests.

Each state is what ``lockstep.record.state_at`` should give at that date, built by hand
from the figures in shared/reference/record (source of every figure given inline), so
the assessment layer is tested before (and independently of) the record. Nominal assays
follow the record's bands.yaml: up to 2 % -> 2 %; up to 5 % -> 3.67 % before 8 Jul 2019,
4.5 % after; up to 20 % -> 19.75 %; up to 60 % -> 60 %.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lockstep.record.model import (
    STOCK_BANDS,
    CentrifugeFigure,
    FigureStatus,
    MonitoringLevel,
    ProgramState,
    Source,
    StockFigure,
)


@dataclass(frozen=True)
class StateWithSiteTotals(ProgramState):
    """A state that also carries per-site totals without a model (as the record's does)."""

    centrifuges_by_site: tuple[CentrifugeFigure, ...] = ()


NOMINAL = {"up_to_2pct": 0.02, "up_to_20pct": 0.1975, "up_to_60pct": 0.60}


def stocks(
    day: dt.date,
    figures: dict[str, tuple[float | None, str]],
    status: FigureStatus = "verified",
    figure_as_of: dt.date | None = None,
) -> tuple[StockFigure, ...]:
    as_of = figure_as_of or day
    result = []
    for band in STOCK_BANDS:
        mass, source = figures.get(band, (None, ""))
        if band == "up_to_5pct":
            assay = 0.0367 if as_of < dt.date(2019, 7, 8) else 0.045
        else:
            assay = NOMINAL[band]
        result.append(
            StockFigure(
                band=band,
                mass_kg_u=mass,
                nominal_assay=assay,
                status=status,
                figure_as_of=as_of if mass is not None else None,
                age_days=(day - as_of).days if mass is not None else None,
                source=Source(source) if source else None,
            )
        )
    return tuple(result)


def machines(
    day: dt.date,
    site: str,
    model: str,
    installed: int | None,
    enriching: int | None,
    source: str,
    as_of: dt.date | None = None,
    status: FigureStatus = "verified",
) -> CentrifugeFigure:
    figure_date = as_of or day
    return CentrifugeFigure(
        site=site,
        model=model,
        installed=installed,
        enriching=enriching,
        status=status,
        figure_as_of=figure_date,
        age_days=(day - figure_date).days,
        source=Source(source),
    )


def state(
    day: dt.date,
    stock_figures: tuple[StockFigure, ...],
    centrifuges: tuple[CentrifugeFigure, ...],
    *,
    total: float | None = None,
    monitoring: MonitoringLevel = "jcpoa_full",
    verified: bool = True,
    site_totals: tuple[CentrifugeFigure, ...] = (),
    notes: tuple[str, ...] = (),
) -> ProgramState:
    return StateWithSiteTotals(
        as_of=day,
        total_enriched_kg_u=total,
        total_figure=None,
        stocks=stock_figures,
        centrifuges=centrifuges,
        heavy_water_t=None,
        monitoring=monitoring,
        verified=verified,
        notes=notes,
        centrifuges_by_site=site_totals,
    )


def jcpoa_limits() -> ProgramState:
    """JCPOA limits at Implementation Day: 5,060 IR-1 enriching, 202.8 kg U of 3.67 %."""
    day = dt.date(2016, 1, 16)
    return state(
        day,
        stocks(
            day,
            {
                "up_to_5pct": (
                    202.8,
                    "JCPOA Annex I stockpile limit: 300 kg UF6 of <=3.67 % = 202.8 kg U",
                )
            },
        ),
        (
            machines(day, "natanz_fep", "IR-1", 5060, 5060, "JCPOA Annex I; GOV/INF/2016/1"),
            machines(day, "fordow_ffep", "IR-1", 1044, 0, "JCPOA Annex I; GOV/INF/2016/1"),
        ),
        total=202.8,
    )


def pre_jcpoa_2015() -> ProgramState:
    """June 2015: 7,537 kg UF6 of <5 % (Reuters, IAEA JPA update), ~9,852 IR-1 enriching."""
    day = dt.date(2015, 6, 30)
    leu = 7537 * 0.676  # kg UF6 -> kg U, IAEA convention
    return state(
        day,
        stocks(day, {"up_to_5pct": (leu, "IAEA JPA update July 2015 (Reuters): 7,537 kg UF6")}),
        (
            machines(
                day, "natanz_fep", "IR-1", 15420, 9156, "GOV/2015/50 (memory; low confidence)"
            ),
            machines(day, "natanz_fep", "IR-2m", 1008, 0, "GOV/2015/50 (memory; low confidence)"),
            machines(day, "fordow_ffep", "IR-1", 2710, 696, "GOV/2015/50 (memory; low confidence)"),
        ),
        total=leu,
        monitoring="csa_ap",
    )


def feb_2020() -> ProgramState:
    """GOV/2020/5: 1,020.9 kg U up to 4.5 %; machines per GOV/2019/55."""
    day = dt.date(2020, 2, 19)
    src = "GOV/2019/55 (ISIS analysis)"
    return state(
        day,
        stocks(day, {"up_to_5pct": (1020.9, "GOV/2020/5 (Reuters via hotair.com)")}),
        (
            machines(day, "natanz_fep", "IR-1", 5060, 5060, src, dt.date(2019, 11, 11)),
            machines(day, "fordow_ffep", "IR-1", 1044, 1044, "GOV/2019/55", dt.date(2019, 11, 9)),
            machines(day, "natanz_pfep", "IR-4", 164, 164, src, dt.date(2019, 11, 11)),
            machines(day, "natanz_pfep", "IR-2m", 164, 164, src, dt.date(2019, 11, 11)),
        ),
        total=1020.9,
    )


def feb_2023() -> ProgramState:
    """GOV/2023/8: 87.5 kg U up to 60 %, 434.7 kg U up to 20 %, 1,555 kg U up to 2 %."""
    day = dt.date(2023, 2, 12)
    return state(
        day,
        stocks(
            day,
            {
                "up_to_60pct": (87.5, "GOV/2023/8 (CNN)"),
                "up_to_20pct": (434.7, "GOV/2023/8 (derived from GOV/2023/24 deltas)"),
                "up_to_2pct": (1555.0, "GOV/2023/8 (guadanews, rounded)"),
            },
            status="estimated",
        ),
        (
            machines(day, "fordow_ffep", "IR-1", 1044, 1044, "GOV/2023/8", status="estimated"),
            machines(day, "fordow_ffep", "IR-6", 332, 332, "GOV/INF/2023/1", dt.date(2022, 11, 22)),
            machines(day, "natanz_fep", "IR-1", 5060, 5060, "GOV/2020/51", dt.date(2020, 11, 11)),
            machines(day, "natanz_fep", "IR-2m", None, 696, "IAEA Apr 2021", dt.date(2021, 3, 31)),
            machines(day, "natanz_fep", "IR-4", None, 174, "IAEA Mar 2021", dt.date(2021, 3, 15)),
            machines(day, "natanz_fep", "IR-6", None, 174, "IAEA Aug 2022", dt.date(2022, 8, 28)),
        ),
        total=3760.8,
        monitoring="csa_only",
    )


def aug_2024() -> ProgramState:
    """GOV/2024/40: 164.7 kg U up to 60 %, 813.9 up to 20 %, 2,321.5 up to 5 %, 1,651 up to 2 %."""
    day = dt.date(2024, 8, 17)
    return state(
        day,
        stocks(
            day,
            {
                "up_to_60pct": (164.7, "GOV/2024/40 (AP)"),
                "up_to_20pct": (813.9, "GOV/2024/40 (derived from two reported deltas)"),
                "up_to_5pct": (2321.5, "GOV/2024/40 (secondary summary)"),
                "up_to_2pct": (1651.0, "GOV/2024/40 (secondary summary)"),
            },
            status="estimated",
        ),
        (
            machines(day, "fordow_ffep", "IR-1", 1044, 1044, "GOV/2024/8", dt.date(2024, 2, 26)),
            machines(day, "fordow_ffep", "IR-6", 1724, 332, "GOV/2024/40"),
            machines(day, "natanz_fep", "IR-1", 5060, 5060, "GOV/2020/51", dt.date(2020, 11, 11)),
            machines(day, "natanz_fep", "IR-2m", 1740, 696, "GOV/2024/40; IAEA Apr 2021"),
            machines(day, "natanz_fep", "IR-4", None, 174, "IAEA Mar 2021", dt.date(2021, 3, 15)),
            machines(day, "natanz_fep", "IR-6", None, 174, "IAEA Aug 2022", dt.date(2022, 8, 28)),
        ),
        total=5751.8,
        monitoring="csa_only",
    )


def june_2025(*, after: dt.date | None = None) -> ProgramState:
    """GOV/2025/50 (as of 13 Jun 2025): 440.9 kg U up to 60 %, 184.1 up to 20 %.

    With ``after``, the state at that later date: the same figures carried unverified
    (no IAEA access since 13 Jun 2025).
    """
    figures_day = dt.date(2025, 6, 13)
    day = after or figures_day
    status: FigureStatus = "unverified" if after else "estimated"
    site_totals = (
        machines(
            day,
            "natanz_fep",
            "all",
            None,
            15000,
            "IAEA Director General statements, June 2025",
            dt.date(2025, 6, 12),
            status=status,
        ),
    )
    return state(
        day,
        stocks(
            day,
            {
                "up_to_60pct": (440.9, "GOV/2025/50 (AP via Evrim Agaci)"),
                "up_to_20pct": (184.1, "GOV/2025/50 (low confidence)"),
            },
            status=status,
            figure_as_of=figures_day,
        ),
        (
            machines(day, "fordow_ffep", "IR-6", 1724, 332, "GOV/2025/8", dt.date(2025, 2, 26)),
            machines(day, "natanz_fep", "IR-1", 5060, 5060, "GOV/2020/51", dt.date(2020, 11, 11)),
            machines(day, "natanz_fep", "IR-2m", 1740, 696, "GOV/2024/40", dt.date(2024, 8, 29)),
            machines(day, "natanz_fep", "IR-4", None, 174, "IAEA Mar 2021", dt.date(2021, 3, 15)),
            machines(day, "natanz_fep", "IR-6", None, 174, "IAEA Aug 2022", dt.date(2022, 8, 28)),
        ),
        total=9874.9,
        monitoring="none" if after else "csa_only",
        verified=after is None,
        site_totals=site_totals,
        notes=("No IAEA access since 2025-06-13",) if after else (),
    )
