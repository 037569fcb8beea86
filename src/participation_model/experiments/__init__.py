"""Running scenarios: replications with paired seeds, and writing their results."""
