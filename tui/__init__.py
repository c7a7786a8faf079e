"""The cnsnet front ends: the Textual app, and the command line that starts it.

Importing this package imports nothing of textual; only the app modules do.
"""
