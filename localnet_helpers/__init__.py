"""localnet: social network analysis of local organisations around a community centre.

The package holds all the logic that the notebooks in ``notebooks/`` call:

- :mod:`~localnet_helpers.study`: the study folder (``study.toml``, register, surveys);
- :mod:`~localnet_helpers.register`: the actor register and name matching;
- :mod:`~localnet_helpers.forms`: the five ordered collaboration forms;
- :mod:`~localnet_helpers.survey`: reading and cleaning a year's survey answers;
- :mod:`~localnet_helpers.network`: relations, the area and hub networks, their statistics;
- :mod:`~localnet_helpers.figures`: network maps and charts;
- :mod:`~localnet_helpers.report`: report texts, tables and the HTML export;
- :mod:`~localnet_helpers.pipeline`: running the notebooks in order with papermill;
- :mod:`~localnet_helpers.cli`: the ``localnet`` command;
- :mod:`~localnet_helpers.demo`: the seeded generator of the embedded demo study.
"""

__version__ = "0.1.0"
