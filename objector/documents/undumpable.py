"""Imported first by the documents' fork server (sandbox._PRELOAD), for its effect: the fork
server, and so every child it forks to read a document, is non-dumpable (objector.undumpable).

The fork server is a fresh interpreter (an exec, which resets the flag), so until round 11's red
team it and each reading child, which holds a document's decoded text and the names extracted
from it, could be read through /proc/PID/mem by any process of the service's user, while the
task worker that asked for them could not. Import it nowhere else."""

from objector.undumpable import non_dumpable

non_dumpable()
