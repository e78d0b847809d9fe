for i <- 1..2_000_000, do: String.to_atom("atom_#{i}")
