"""One error type for the domain. Services raise it; views and the API map it to a clear message."""


class ApplicationError(Exception):
    """A rule of the domain was broken. `message` is shown to the user as it is (already translated)."""

    status_code = 400

    def __init__(self, message, *, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    status_code = 403


class ConflictError(ApplicationError):
    """The object is not in a state that allows the action (e.g. approving a locked assignment)."""

    status_code = 409
