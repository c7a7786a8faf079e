"""The version of cnsnet (read by setuptools, shown by `cnsnet --version`)."""

__version__ = "0.2.0"
