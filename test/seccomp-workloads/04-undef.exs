IO.puts "a"
IO.puts undefined_thing
