class InputError(ValueError):
    """Bad input from the person at the terminal: shown as one line, exit code 2."""
