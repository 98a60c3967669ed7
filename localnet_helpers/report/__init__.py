"""The report and its companions: figures (:mod:`.figures`, :mod:`.maps`, :mod:`.charts`),
the interactive map (:mod:`.interactive`), the report's blocks and tables (:mod:`.blocks`),
the workbook and Gephi files (:mod:`.exports`) and the HTML export (:mod:`.html`)."""
