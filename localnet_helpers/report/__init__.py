"""The report and its companions: figures (:mod:`.figures`, :mod:`.maps`, :mod:`.charts`),
the interactive map (:mod:`.interactive`), the report's sections (:mod:`.sections`: a heading
and one call each, in the order of ``SECTIONS``) and their blocks and tables (:mod:`.blocks`),
the workbook and Gephi files (:mod:`.exports`) and the HTML export (:mod:`.html`)."""
