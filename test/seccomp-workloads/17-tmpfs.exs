chunk = String.duplicate("x", 1_048_576)
{:ok, f} = File.open("/tmp/fill", [:write, :raw])
written = Enum.reduce_while(1..64, 0, fn _, n -> case :file.write(f, chunk) do :ok -> {:cont, n + 1}; _ -> {:halt, n} end end)
IO.puts written
IO.inspect File.write("/dev/shm/x", "x")
