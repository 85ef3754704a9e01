"""Domain model: pydantic input and output types, validation, loaders and writers."""
