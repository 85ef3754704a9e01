"""CP-SAT roster model (one module per rule family) and the independent checker."""
