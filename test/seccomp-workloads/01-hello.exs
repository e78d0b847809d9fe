IO.puts "hi"
