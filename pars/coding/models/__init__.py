"""Shipped classifier model (``classifier.npz``), trained on synthetic letters of the training style families.

See docs/coding.md: how it was trained, its measured accuracy, and how a model
trained by the app in PARS_DATA_DIR/models/ takes precedence.
"""
