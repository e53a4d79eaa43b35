"""The writer stage: each output format a module that takes a Book and nothing else."""
