"""localnet: social network analysis of local organisations around a community centre.

The package holds all the logic that the notebooks in ``notebooks/`` call, in layers; a layer
imports only from the layers below it (checked by import-linter in ``make test``):

- :mod:`~localnet_helpers.cli`, :mod:`~localnet_helpers.demo`: the ``localnet`` command and
  the seeded generator of the embedded demo study;
- :mod:`~localnet_helpers.run`: running the notebooks with papermill, the output folder;
- :mod:`~localnet_helpers.report`: the report, its figures, maps, workbook and Gephi files;
  :mod:`~localnet_helpers.collect`: the questionnaire and register for a new wave;
- :mod:`~localnet_helpers.catalogue`: the files a run writes and how they are read back;
- :mod:`~localnet_helpers.measures`: relations, networks and their statistics;
- :mod:`~localnet_helpers.inputs`: reading the study folder and a wave's survey;
- :mod:`~localnet_helpers.errors`, :mod:`~localnet_helpers.paths`,
  :mod:`~localnet_helpers.xlsx`: errors for the user, the kit's folders, workbook writing.
"""

__version__ = "0.1.0"
