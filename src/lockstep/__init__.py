"""lockstep: an open, tested model of the Iran nuclear deal (JCPOA) and of its revival.

The package is organised by domain concept, with imports pointing one way::

    physics  <-  agreement, record  <-  compliance, roadmap, assessment  <-  cli, web, report

See ``docs/architecture.md``.
"""

__version__ = "0.1.0"
