Enum.to_list(1..100_000_000) |> length() |> IO.puts
