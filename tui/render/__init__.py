"""Rich renderables for the screens: the engine's items, the edit preview, and finding text
in what a screen shows. Text from a user or a file is passed as `rich.text.Text`, never markup."""
