"""Where the real models.dev catalogue snapshot is: the one place that looks for it.

The snapshot the committed price book is generated from (seed/README.md) is not in the
repository. The snapshot suite runs when it is found:
  1. CHATCOST_MODELS_DEV_SNAPSHOT: the file, or a directory holding it (set but not found: the
     suite does not run, and says where it looked; it never falls back to 2.);
  2. else ../shared/data/ beside the checkout, where CI has it.
"""
import os

FILE_NAME = "models-dev-api-2026-07.json"
VARIABLE = "CHATCOST_MODELS_DEV_SNAPSHOT"


def candidate(source_root, environ):
    """(path to try, how it was chosen)."""
    given = environ.get(VARIABLE, "")
    if given:
        path = os.path.join(given, FILE_NAME) if os.path.isdir(given) else given
        return path, VARIABLE
    return os.path.normpath(os.path.join(source_root, "..", "shared", "data", FILE_NAME)), "beside the checkout"


def find(source_root, environ=None):
    """(absolute path of the snapshot or None, a sentence saying where it looked)."""
    path, chosen_by = candidate(source_root, os.environ if environ is None else environ)
    where = f"{path} ({chosen_by})"
    return (os.path.abspath(path) if os.path.isfile(path) else None), where


def find_beside(file_name, variable, source_root, environ=None):
    """A file of the shared data beside the snapshot (the reference vectors): (absolute path or
    None, where it looked). `variable` may name the file or its directory; else it is looked for
    in the snapshot's directory, as find() looks for the snapshot."""
    environ = os.environ if environ is None else environ
    given = environ.get(variable, "")
    if given:
        path, chosen_by = (os.path.join(given, file_name) if os.path.isdir(given) else given), variable
    else:
        catalogue, chosen_by = candidate(source_root, environ)
        path = os.path.join(os.path.dirname(catalogue), file_name)
    return (os.path.abspath(path) if os.path.isfile(path) else None), f"{path} ({chosen_by})"
