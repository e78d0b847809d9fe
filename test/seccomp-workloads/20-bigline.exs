IO.write(String.duplicate("z", 10_000_000))
