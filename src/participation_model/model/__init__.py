"""The model core: persons as columns, employers, training providers and the monthly step.

Nothing here imports from experiments, reports or the CLI.
"""
