"""The app's own widgets: the header and footer every screen uses, and the answer widgets that
take typed-ahead keys in order."""
