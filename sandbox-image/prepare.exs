# Runs once, as root, in the staging container of build.sh: compiles the harness into
# /opt/sandbox/ebin, then strips the image of every program the sandbox does not need (shells,
# coreutils, perl, apt/dpkg, the erl/elixir wrapper scripts, epmd, setuid binaries), so learner
# code that reaches the OS finds nothing to run. The VM is started by erlexec directly.
[erts_dir] = Path.wildcard("/usr/lib/erlang/erts-*")
File.mkdir_p!("/opt/sandbox/ebin")

{:ok, _modules, warnings} =
  Kernel.ParallelCompiler.compile_to_path(Path.wildcard("/opt/sandbox/*.ex"), "/opt/sandbox/ebin", return_diagnostics: true)

if warnings.compile_warnings != [] or warnings.runtime_warnings != [] do
  IO.inspect(warnings, label: "harness warnings")
  System.halt(1)
end

keep_erts = ["beam.smp", "erlexec", "erl_child_setup", "inet_gethost"]

doomed =
  Enum.concat([
    Path.wildcard("/usr/bin/*"),
    Path.wildcard("/usr/sbin/*"),
    Path.wildcard("/usr/local/bin/*"),
    Path.wildcard("/usr/local/sbin/*"),
    Path.wildcard("/usr/libexec/*"),
    Path.wildcard("/usr/lib/elixir/bin/*"),
    Path.wildcard("/usr/lib/erlang/bin/*") |> Enum.reject(&String.ends_with?(&1, ".boot")),
    Path.wildcard(erts_dir <> "/bin/*") |> Enum.reject(&(Path.basename(&1) in keep_erts)),
    Path.wildcard("/usr/share/perl*"),
    Path.wildcard("/usr/lib/x86_64-linux-gnu/perl*"),
    Path.wildcard("/usr/lib/apt"),
    Path.wildcard("/usr/lib/dpkg"),
    Path.wildcard("/etc/cron*")
  ])

Enum.each(doomed, &File.rm_rf!/1)

# Anything setuid/setgid left goes too.
for path <- Path.wildcard("/usr/lib/**/*", match_dot: true), {:ok, %File.Stat{type: :regular, mode: mode}} <- [File.lstat(path)],
    Bitwise.band(mode, 0o6000) != 0 do
  File.rm!(path)
end

File.write!("/opt/sandbox/erts_dir", erts_dir)
