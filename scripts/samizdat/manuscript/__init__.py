"""The reader stage: a manuscript folder becomes a Book."""
