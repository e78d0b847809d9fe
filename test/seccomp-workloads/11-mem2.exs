for _ <- 1..8, do: spawn(fn -> Enum.to_list(1..6_000_000) |> length(); Process.sleep(:infinity) end)
Process.sleep(:infinity)
