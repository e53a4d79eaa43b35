"""The manuscript linter: checks with stable codes, one group of checks per module."""
