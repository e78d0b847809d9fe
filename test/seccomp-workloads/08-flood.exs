Stream.repeatedly(fn -> IO.puts("flood") end) |> Stream.run()
