"""The one error the calculator raises for bad input: InputError, carrying a one-line Chinese message."""


class InputError(ValueError):
    """Bad input from a person, a file or the rules data.

    `message` is one line of plain Chinese meant to be shown as it is; `field` names the input it is
    about (e.g. "professional", "year", "as_of"), or is None when it is about the input as a whole.
    """

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return self.message
