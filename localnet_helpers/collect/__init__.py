"""Collecting a wave: preparing the register and the questionnaire for a new measurement."""
