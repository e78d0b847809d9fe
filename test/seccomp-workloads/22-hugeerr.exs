raise String.duplicate("é", 100_000)
