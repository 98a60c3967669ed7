"""Measures on the networks: relations, the area and hub networks and their statistics
(:mod:`.network`), composition by type, depth and purpose (:mod:`.composition`), and change
between waves (:mod:`.change`). Pure functions of tables and graphs: no file is read here."""
