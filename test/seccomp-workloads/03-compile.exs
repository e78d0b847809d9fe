IO.puts "one"
IO.puts("two"
