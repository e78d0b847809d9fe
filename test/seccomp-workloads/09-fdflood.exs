stdout = Port.open({:fd, 0, 1}, [:out, :binary])
line = String.duplicate("x", 1000) <> "\n"
for _ <- 1..2000, do: Port.command(stdout, line)
