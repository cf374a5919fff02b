"""Rater calibration: level distributions of mentors and sites against the network (pages only,
no tables; the calibration exercise of mentor training lives in training/)."""
