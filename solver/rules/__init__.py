"""One module per rule family; each exposes add_<rule>(ctx) with a one-line docstring
stating the rule and its source."""
